// A real Kubernetes control plane on loopback for connect-mode tests: kine (etcd API over SQLite),
// kube-apiserver and kube-controller-manager, built by src/server/connect/cluster/build.sh. No
// kubelet: pods stay Pending, which is all the tests need. Everything lives in one temp folder and
// is stopped by `stop()`.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { generatePki, loadOrCreatePki } from '../../authn/pki';
import { KubeClient } from '../kube-client';
import { AGGREGATED_SERVICE_HOST } from '../manifests';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', '..');
/** BUILD_SCRIPT builds (or with --check, finds) the binaries. */
export const BUILD_SCRIPT = path.join(ROOT, 'src', 'server', 'connect', 'cluster', 'build.sh');

/** clusterBinDir is where build.sh keeps the binaries, or undefined when they are not all there. */
export function clusterBinDir(): string | undefined {
  const r = spawnSync('bash', [BUILD_SCRIPT, '--check'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** freePort asks the kernel for an unused loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

function clientCert(caPem: string, caKeyPem: string, cn: string, orgs: string[] = []): { cert: string; key: string } {
  const ca = forge.pki.certificateFromPem(caPem);
  const caKey = forge.pki.privateKeyFromPem(caKeyPem);
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `1${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: cn }, ...orgs.map((o) => ({ name: 'organizationName', value: o }))]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true }, { name: 'extKeyUsage', clientAuth: true }]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

function selfSignedCa(cn: string): { cert: string; key: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const ca = forge.pki.createCertificate();
  ca.publicKey = keys.publicKey;
  ca.serialNumber = `1${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  ca.validity.notBefore = new Date(Date.now() - 60_000);
  ca.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  ca.setSubject([{ name: 'commonName', value: cn }]);
  ca.setIssuer([{ name: 'commonName', value: cn }]);
  ca.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }]);
  ca.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(ca), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** kubeconfigText renders a kubeconfig for a bearer token or client certificate. */
export function kubeconfigText(server: string, caPem: string, user: { token?: string; cert?: string; key?: string }, name = 'user'): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const creds = user.token ? [`    token: ${user.token}`] : [`    client-certificate-data: ${b64(user.cert!)}`, `    client-key-data: ${b64(user.key!)}`];
  return ['apiVersion: v1', 'kind: Config', 'clusters:', '- name: c', '  cluster:', `    server: ${server}`, `    certificate-authority-data: ${b64(caPem)}`,
    'users:', `- name: ${name}`, '  user:', ...creds, 'contexts:', `- name: ${name}`, '  context:', '    cluster: c', `    user: ${name}`, `current-context: ${name}`, ''].join('\n');
}

/** AUDIT_POLICY keeps the cluster's audit trail to what people and workloads do (no lease renewals, events, or Gatehouse's own watches). */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: None
  resources: [{group: "coordination.k8s.io", resources: ["leases"]}, {group: "", resources: ["events"]}, {group: "events.k8s.io", resources: ["events"]}]
- level: None
  verbs: ["watch"]
- level: None
  users: ["system:kube-controller-manager", "system:apiserver"]
- level: None
  users: ["gatehouse"]
  resources: [{group: "authorization.k8s.io", resources: ["subjectaccessreviews"]}]
- level: None
  userGroups: ["system:serviceaccounts:kube-system"]
  verbs: ["get", "list"]
- level: None
  nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version", "/openapi*", "/api", "/apis", "/api/*", "/apis/*"]
- level: Metadata
`;

/** Cluster is a running control plane. */
export interface Cluster {
  url: string;
  dir: string;
  ca: string;
  /** adminToken authenticates `admin` (system:masters); gatehouseToken authenticates user `gatehouse` (no rights until installed). */
  adminToken: string;
  gatehouseToken: string;
  adminKubeconfig: string;
  gatehouseKubeconfig: string;
  admin: KubeClient;
  /** gatehousePort is where the cluster expects Gatehouse (its audit webhook points there); gatehouseDataDir holds the CA it trusts. */
  gatehousePort: number;
  gatehouseDataDir: string;
  /** frontProxy is what an aggregated API server needs to check the front proxy's client certificate. */
  frontProxy: { caFile: string; allowedNames: string[] };
  output(): string;
  stop(): Promise<void>;
}

/** ClusterOptions tune startCluster. */
export interface ClusterOptions {
  /** audit sends the cluster's audit events to Gatehouse's sink on gatehousePort (default true). */
  audit?: boolean;
  /** controllerManager starts kube-controller-manager (default true). */
  controllerManager?: boolean;
}

async function waitFor(what: string, fn: () => Promise<boolean>, ms: number, out: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if (await fn()) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready in ${ms / 1000}s:\n${out().slice(-4000)}`);
}

/**
 * startCluster starts kine, kube-apiserver (Node,RBAC; static tokens; PodSecurity and the admission
 * webhooks on by default; the audit webhook pointing at Gatehouse; front-proxy settings for
 * aggregated APIs) and kube-controller-manager on free loopback ports.
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const bin = clusterBinDir();
  if (!bin) throw new Error(`the real-cluster binaries are missing: run ${BUILD_SCRIPT}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cluster-'));
  const f = (n: string) => path.join(dir, n);
  const [kinePort, apiPort, gatehousePort] = [await freePort(), await freePort(), await freePort()];
  const pki = generatePki(['127.0.0.1', 'localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc']);
  fs.writeFileSync(f('ca.crt'), pki.caCert);
  fs.writeFileSync(f('apiserver.crt'), pki.cert);
  fs.writeFileSync(f('apiserver.key'), pki.key, { mode: 0o600 });
  const sa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(f('sa.key'), sa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  fs.writeFileSync(f('sa.pub'), sa.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const fp = selfSignedCa('front-proxy-ca');
  const fpClient = clientCert(fp.cert, fp.key, 'front-proxy-client');
  fs.writeFileSync(f('front-proxy-ca.crt'), fp.cert);
  fs.writeFileSync(f('front-proxy-client.crt'), fpClient.cert);
  fs.writeFileSync(f('front-proxy-client.key'), fpClient.key, { mode: 0o600 });
  const tok = () => randomBytes(24).toString('hex');
  const adminToken = tok();
  const gatehouseToken = tok();
  const kcmToken = tok();
  fs.writeFileSync(f('tokens.csv'), [`${adminToken},admin,admin-uid,"system:masters"`, `${gatehouseToken},gatehouse,gatehouse-uid,`, `${kcmToken},system:kube-controller-manager,kcm-uid,`].join('\n') + '\n', { mode: 0o600 });
  const url = `https://127.0.0.1:${apiPort}`;
  fs.writeFileSync(f('admin.kubeconfig'), kubeconfigText(url, pki.caCert, { token: adminToken }, 'admin'), { mode: 0o600 });
  fs.writeFileSync(f('gatehouse.kubeconfig'), kubeconfigText(url, pki.caCert, { token: gatehouseToken }, 'gatehouse'), { mode: 0o600 });
  fs.writeFileSync(f('kcm.kubeconfig'), kubeconfigText(url, pki.caCert, { token: kcmToken }, 'kcm'), { mode: 0o600 });
  // Gatehouse's data dir is prepared here so that the cluster can trust its CA before it starts.
  const gatehouseDataDir = f('gatehouse');
  fs.mkdirSync(gatehouseDataDir, { mode: 0o700 });
  const gpki = loadOrCreatePki(gatehouseDataDir, ['127.0.0.1', 'localhost', AGGREGATED_SERVICE_HOST]);
  const sinkToken = tok();
  fs.writeFileSync(path.join(gatehouseDataDir, 'audit-sink-token'), `${sinkToken}\n`, { mode: 0o600 });
  fs.writeFileSync(f('audit-policy.yaml'), AUDIT_POLICY);
  fs.writeFileSync(f('audit-webhook.kubeconfig'), kubeconfigText(`https://127.0.0.1:${gatehousePort}/connect/audit`, gpki.caCert, { token: sinkToken }, 'kube-apiserver'), { mode: 0o600 });

  let out = '';
  const procs: ChildProcess[] = [];
  const run = (name: string, args: string[]) => {
    const p = spawn(path.join(bin, name), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(f(`${name}.log`));
    p.stdout!.pipe(log);
    p.stderr!.on('data', (d: Buffer) => { out = (out + `[${name}] ${d}`).slice(-200_000); log.write(d); });
    procs.push(p);
    return p;
  };
  const logTail = (name: string) => { try { return fs.readFileSync(f(`${name}.log`), 'utf8').slice(-6000); } catch { return out; } };
  const stop = async () => {
    for (const p of [...procs].reverse()) {
      if (p.exitCode !== null) continue;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (p.exitCode === null) p.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('kine', ['--endpoint', `sqlite://${f('kine.db')}?_journal=WAL&cache=shared&_busy_timeout=30000`, '--listen-address', `127.0.0.1:${kinePort}`]);
    await waitFor('kine', () => new Promise((resolve) => {
      const s = net.connect(kinePort, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    }), 30_000, () => out);
    const auditFlags = opts.audit === false ? [] : [
      `--audit-policy-file=${f('audit-policy.yaml')}`, `--audit-webhook-config-file=${f('audit-webhook.kubeconfig')}`,
      '--audit-webhook-mode=batch', '--audit-webhook-batch-max-wait=1s', '--audit-webhook-initial-backoff=1s',
    ];
    run('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${kinePort}`, '--bind-address=127.0.0.1', `--secure-port=${apiPort}`, '--advertise-address=127.0.0.1',
      `--tls-cert-file=${f('apiserver.crt')}`, `--tls-private-key-file=${f('apiserver.key')}`, `--client-ca-file=${f('ca.crt')}`,
      '--service-account-issuer=https://kubernetes.default.svc', `--service-account-key-file=${f('sa.pub')}`, `--service-account-signing-key-file=${f('sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16', `--token-auth-file=${f('tokens.csv')}`, '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction', '--endpoint-reconciler-type=none', '--allow-privileged=true',
      `--requestheader-client-ca-file=${f('front-proxy-ca.crt')}`, '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User', '--requestheader-group-headers=X-Remote-Group', '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--proxy-client-cert-file=${f('front-proxy-client.crt')}`, `--proxy-client-key-file=${f('front-proxy-client.key')}`,
      '--profiling=false', '--v=1', ...auditFlags,
    ]);
    const admin = new KubeClient({ server: url, ca: pki.caCert, token: adminToken });
    // Ready, its storage initialised, and the bootstrap RBAC policy in place.
    await waitFor('kube-apiserver', async () => (await admin.request<string>('GET', '/readyz')) === 'ok'
      && Boolean(await admin.request('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin', undefined, { allow404: true })), 90_000, () => logTail('kube-apiserver'));
    if (opts.controllerManager !== false) {
      run('kube-controller-manager', [
        `--kubeconfig=${f('kcm.kubeconfig')}`, `--authentication-kubeconfig=${f('kcm.kubeconfig')}`, `--authorization-kubeconfig=${f('kcm.kubeconfig')}`,
        '--bind-address=127.0.0.1', `--secure-port=${await freePort()}`, '--leader-elect=false', '--use-service-account-credentials=true',
        `--service-account-private-key-file=${f('sa.key')}`, `--root-ca-file=${f('ca.crt')}`, '--controllers=*,-nodeipam,-nodelifecycle,-persistentvolume-binder,-attachdetach,-persistentvolume-expander,-ttl,-bootstrapsigner,-tokencleaner',
        '--v=1',
      ]);
      // The default namespace's `default` ServiceAccount shows the controllers are running.
      await waitFor('kube-controller-manager', async () => Boolean(await admin.request('GET', '/api/v1/namespaces/default/serviceaccounts/default', undefined, { allow404: true })), 90_000, () => logTail('kube-controller-manager'));
    }
    return {
      url, dir, ca: pki.caCert, adminToken, gatehouseToken, admin,
      adminKubeconfig: f('admin.kubeconfig'), gatehouseKubeconfig: f('gatehouse.kubeconfig'),
      gatehousePort, gatehouseDataDir,
      frontProxy: { caFile: f('front-proxy-ca.crt'), allowedNames: ['front-proxy-client'] },
      output: () => out,
      stop: async () => { admin.close(); await stop(); },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
