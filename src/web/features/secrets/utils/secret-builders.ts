import { DNS1123_SUBDOMAIN } from '../../../../shared/api/meta';

// Secrets the console writes, built from what the person typed or picked. Values go only into the
// request body (`stringData`, so the server encodes them); nothing here keeps or logs them.

/** SECRET_KEY is the rule for secret key names (Kubernetes' config keys). */
export const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** SecretType is the kind of secret the create form builds. */
export type SecretType = 'Opaque' | 'kubernetes.io/tls' | 'kubernetes.io/dockerconfigjson';

/** SECRET_TYPE_LABELS names the types for people. */
export const SECRET_TYPE_LABELS: Record<SecretType, string> = {
  Opaque: 'Generic (key/value pairs)',
  'kubernetes.io/tls': 'TLS certificate and key',
  'kubernetes.io/dockerconfigjson': 'Container registry credentials',
};

/** SecretBody is what is POSTed or PATCHed; it holds values, so it lives only as long as the request. */
export interface SecretBody {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: { name: string };
  type: SecretType;
  stringData: Record<string, string>;
}

/** Problem is one thing to fix before a secret can be sent, by field (`name`, `key-2`, `cert`...). */
export interface Problem { field: string; message: string }

/** nameProblems checks a secret's name. */
export function nameProblems(name: string): Problem[] {
  if (!name) return [{ field: 'name', message: 'Enter a name' }];
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return [{ field: 'name', message: 'Use lower-case letters, digits, "-" and "."; start and end with a letter or digit' }];
  return [];
}

/** keyProblems checks key names: present, well-formed and unique (fields are `key-<index>`). */
export function keyProblems(keys: readonly string[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (!k) out.push({ field: `key-${i}`, message: 'Enter a key name' });
    else if (!SECRET_KEY.test(k)) out.push({ field: `key-${i}`, message: 'Use letters, digits, "-", "_" and "." only' });
    else if (seen.has(k)) out.push({ field: `key-${i}`, message: `Key "${k}" appears twice` });
    seen.add(k);
  });
  return out;
}

/** genericSecret builds an Opaque secret from key/value pairs. */
export function genericSecret(name: string, pairs: readonly { key: string; value: string }[]): SecretBody {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', stringData: Object.fromEntries(pairs.map((p) => [p.key, p.value])) };
}

/** tlsProblems checks that a certificate and a private key look like PEM (the file contents are not shown). */
export function tlsProblems(cert: string | undefined, key: string | undefined): Problem[] {
  const out: Problem[] = [];
  if (!cert) out.push({ field: 'cert', message: 'Choose the certificate file' });
  else if (!/-----BEGIN CERTIFICATE-----/.test(cert)) out.push({ field: 'cert', message: 'This file is not a PEM certificate (it has no "BEGIN CERTIFICATE" line)' });
  if (!key) out.push({ field: 'key', message: 'Choose the private key file' });
  else if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) out.push({ field: 'key', message: 'This file is not a PEM private key (it has no "BEGIN … PRIVATE KEY" line)' });
  return out;
}

/** tlsSecret builds a kubernetes.io/tls secret (`tls.crt`, `tls.key`). */
export function tlsSecret(name: string, cert: string, key: string): SecretBody {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': cert, 'tls.key': key } };
}

/** base64 encodes UTF-8 text (btoa alone only takes Latin-1). */
export function base64(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** RegistryCredentials are what `kubectl create secret docker-registry` takes. */
export interface RegistryCredentials { server: string; username: string; password: string; email?: string }

/** registryProblems checks registry credentials (server, username and password are required). */
export function registryProblems(c: RegistryCredentials): Problem[] {
  const out: Problem[] = [];
  if (!c.server.trim()) out.push({ field: 'server', message: 'Enter the registry server, e.g. registry.example:5000' });
  if (!c.username) out.push({ field: 'username', message: 'Enter the username' });
  if (!c.password) out.push({ field: 'password', message: 'Enter the password or token' });
  return out;
}

/** dockerConfigJson renders `.dockerconfigjson` as kubectl does: username, password, optional email and `auth` = base64(user:password). */
export function dockerConfigJson(c: RegistryCredentials): string {
  const entry: Record<string, string> = { username: c.username, password: c.password };
  if (c.email) entry.email = c.email;
  entry.auth = base64(`${c.username}:${c.password}`);
  return JSON.stringify({ auths: { [c.server.trim()]: entry } });
}

/** registrySecret builds a kubernetes.io/dockerconfigjson secret. */
export function registrySecret(name: string, c: RegistryCredentials): SecretBody {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': dockerConfigJson(c) } };
}

/**
 * valuesPatch is the JSON merge patch that sets `set` (new values, by key) and removes `remove`: new
 * values go in `stringData`, removals are `data: {key: null}`. A key both set and removed is set.
 */
export function valuesPatch(set: Readonly<Record<string, string>>, remove: readonly string[]): { stringData?: Record<string, string>; data?: Record<string, null> } {
  const out: { stringData?: Record<string, string>; data?: Record<string, null> } = {};
  if (Object.keys(set).length) out.stringData = { ...set };
  const gone = remove.filter((k) => !(k in set));
  if (gone.length) out.data = Object.fromEntries(gone.map((k) => [k, null]));
  return out;
}
