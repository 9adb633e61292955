import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

/** Pki is the serving key pair and the CA that signed it (PEM). */
export interface Pki { caCert: string; cert: string; key: string }

function serial(): string {
  return forge.util.bytesToHex(forge.random.getBytesSync(16)).replace(/^[89a-f]/, '1');
}

function isIp(h: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(h) || h.includes(':');
}

/**
 * generatePki creates a CA (10 years) and a serving certificate (1 year) for `hosts`, like
 * kube-apiserver's self-signed bootstrap. node-forge is used because Node has no certificate builder.
 */
export function generatePki(hosts: string[]): Pki {
  const caKeys = forge.pki.rsa.generateKeyPair(2048);
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = new Date(Date.now() - 60_000);
  ca.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const caName = [{ name: 'commonName', value: 'gatehouse-ca' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }, { name: 'subjectKeyIdentifier' }]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: 'gatehouse-apiserver' }]);
  cert.setIssuer(caName);
  const altNames = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])].map((h) => (isIp(h) ? { type: 7, ip: h } : { type: 2, value: h }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());
  return { caCert: forge.pki.certificateToPem(ca), cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** writeSecretFile writes a file readable only by its owner (0600), whatever the umask. */
export function writeSecretFile(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** loadOrCreatePki reads `ca.crt`, `apiserver.crt`, `apiserver.key` from the data dir, generating them on first start. */
export function loadOrCreatePki(dataDir: string, hosts: string[]): Pki {
  const f = (n: string) => path.join(dataDir, n);
  if (fs.existsSync(f('ca.crt')) && fs.existsSync(f('apiserver.crt')) && fs.existsSync(f('apiserver.key'))) {
    return { caCert: fs.readFileSync(f('ca.crt'), 'utf8'), cert: fs.readFileSync(f('apiserver.crt'), 'utf8'), key: fs.readFileSync(f('apiserver.key'), 'utf8') };
  }
  const pki = generatePki(hosts);
  fs.writeFileSync(f('ca.crt'), pki.caCert, { mode: 0o644 });
  fs.writeFileSync(f('apiserver.crt'), pki.cert, { mode: 0o644 });
  writeSecretFile(f('apiserver.key'), pki.key);
  return pki;
}

/** kubeconfig renders a kubeconfig with an embedded CA and a bearer token. */
export function kubeconfig(server: string, caPem: string, user: string, token: string, namespace = 'default'): string {
  const ca = Buffer.from(caPem).toString('base64');
  return [
    'apiVersion: v1', 'kind: Config', 'clusters:', '- name: gatehouse', '  cluster:', `    server: ${server}`, `    certificate-authority-data: ${ca}`,
    'users:', `- name: ${user}`, '  user:', `    token: ${token}`,
    'contexts:', `- name: ${user}@gatehouse`, '  context:', '    cluster: gatehouse', `    user: ${user}`, `    namespace: ${namespace}`,
    `current-context: ${user}@gatehouse`, '',
  ].join('\n');
}
