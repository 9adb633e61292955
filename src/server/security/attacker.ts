// Helpers for the adversarial suites of escalation, impersonation, sessions and audit evasion: a real
// `gatehouse serve` process with the demo organisation and a few attacker identities from a static
// token file, each holding exactly the narrow power its attack needs (granted by the admin through
// the API). Every case states the request, the refusal it expects, and the objects that must be
// left unchanged; `expectRefused` checks all three.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, startServerProcess, type ApiResponse, type TestServer } from '../testing/server-process';

/** RBAC is the rbac.authorization.k8s.io group name. */
export const RBAC = 'rbac.authorization.k8s.io';

/** BROWSER are the headers the console sends on every write (the CSRF marker). */
export const BROWSER = { 'X-Gatehouse-Request': '1' };

/** ATTACKERS are the static-token identities: name → token. Their rights come from `grantAttackers`. */
export const ATTACKERS = {
  'role-writer': 'tok-role-writer-0123456789',
  binder: 'tok-binder-0123456789',
  'iam-writer': 'tok-iam-writer-0123456789',
  impersonator: 'tok-impersonator-0123456789',
} as const;

/** AttackerName names one attacker identity. */
export type AttackerName = keyof typeof ATTACKERS;

/** Target is a running server under attack. */
export interface Target {
  s: TestServer;
  /** admin sends a request as the cluster admin (system:masters). */
  admin(method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /** as sends a request with a bearer token (an attacker's or any other). */
  as(token: string, method: string, p: string, opts?: { body?: unknown; contentType?: string; headers?: Record<string, string> }): Promise<ApiResponse>;
  stop(): Promise<void>;
}

/** startTarget starts a server with the attacker tokens (and the demo organisation unless `demo: false`). */
export async function startTarget(opts: { demo?: boolean; args?: string[]; dataDir?: string } = {}): Promise<Target> {
  const tokens = Object.entries(ATTACKERS).map(([name, t], i) => `${t},${name},uid-${i}`).join('\n');
  const s = await startServerProcess({ demo: opts.demo ?? true, tokens, args: opts.args, dataDir: opts.dataDir });
  if (opts.demo ?? true) {
    // Seeding runs after the server listens; its credentials file is written once the people, namespaces and pods exist.
    const file = path.join(s.dataDir, 'demo-credentials.txt');
    const deadline = Date.now() + 60_000;
    while (!(fs.existsSync(file) && /bob/.test(fs.readFileSync(file, 'utf8')))) {
      if (Date.now() > deadline) throw new Error(`the demo organisation was not seeded in 60s:\n${s.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    s,
    admin: (method, p, body, headers) => api(s, method, p, { token: s.adminToken, body, headers }),
    as: (token, method, p, o = {}) => api(s, method, p, { token, ...o }),
    stop: () => s.stop(),
  };
}

/** ok asserts a 2xx answer (setup steps), naming the request on failure. */
export function ok(r: ApiResponse, what: string): ApiResponse {
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
  return r;
}

/** clusterRole is a ClusterRole body. */
export function clusterRole(name: string, rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { labels, ...rest } = extra as { labels?: Record<string, string> };
  return { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name, ...(labels ? { labels } : {}) }, rules, ...rest };
}

/** binding is a RoleBinding or ClusterRoleBinding body (the kind is left for the server to take from the path). */
export function binding(name: string, roleKind: 'Role' | 'ClusterRole', role: string, subjects: unknown[], ns?: string): Record<string, unknown> {
  return {
    apiVersion: `${RBAC}/v1`, metadata: { name, ...(ns ? { namespace: ns } : {}) },
    roleRef: { apiGroup: RBAC, kind: roleKind, name: role }, subjects,
  };
}

/** user is an RBAC User subject; group a Group subject. */
export const user = (name: string) => ({ kind: 'User', apiGroup: RBAC, name });
export const group = (name: string) => ({ kind: 'Group', apiGroup: RBAC, name });

/** grant binds `who` cluster-wide to a fresh ClusterRole holding `rules` (as the admin). */
export async function grant(t: Target, who: string, rules: unknown[]): Promise<void> {
  const name = `attack:${who}`;
  ok(await t.admin('POST', `/apis/${RBAC}/v1/clusterroles`, clusterRole(name, rules)), `clusterrole ${name}`);
  ok(await t.admin('POST', `/apis/${RBAC}/v1/clusterrolebindings`, binding(name, 'ClusterRole', name, [user(who)])), `binding ${name}`);
}

/** AttackCase is one row of an attack table. */
export interface AttackCase {
  name: string;
  who: AttackerName | 'admin' | string;
  method: string;
  path: string;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** expect lists the acceptable refusal codes (403 Forbidden, 422 Invalid ...). */
  expect: number[];
  /** unchanged are paths (read as the admin) whose state must be the same before and after; a 404 counts as a state. */
  unchanged?: string[];
  /** message must match the refusal's message, when given. */
  message?: RegExp;
  /** snapshot reads any other state that must not change (tokens, sessions, files). */
  snapshot?: () => Promise<unknown>;
}

function stateOf(r: ApiResponse): string {
  if (r.status === 404) return '404';
  const b = r.body as { metadata?: Record<string, unknown> } | undefined;
  if (b && typeof b === 'object' && b.metadata) {
    // The resourceVersion moves with any write; compare it too (a no-op write keeps it).
    return JSON.stringify(b);
  }
  return `${r.status} ${r.text}`;
}

/** tokenOf resolves a case's `who` to a bearer token. */
export function tokenOf(t: Target, who: string, extraTokens: Record<string, string> = {}): string {
  if (who === 'admin') return t.s.adminToken;
  if (who in ATTACKERS) return ATTACKERS[who as AttackerName];
  const tok = extraTokens[who];
  assert.ok(tok, `no token for ${who}`);
  return tok;
}

/** expectRefused runs one attack: it must be refused with an expected code and change nothing it names. */
export async function expectRefused(t: Target, c: AttackCase, extraTokens: Record<string, string> = {}): Promise<ApiResponse> {
  const before = await Promise.all((c.unchanged ?? []).map(async (p) => stateOf(await t.admin('GET', p))));
  const snapBefore = await c.snapshot?.();
  const r = await t.as(tokenOf(t, c.who, extraTokens), c.method, c.path, { body: c.body, contentType: c.contentType, headers: c.headers });
  assert.ok(c.expect.includes(r.status), `${c.name}: want ${c.expect.join('/')}, got ${r.status} ${r.text.slice(0, 400)}`);
  assert.equal(r.body?.kind, 'Status', `${c.name}: a refusal is a Kubernetes Status: ${r.text.slice(0, 200)}`);
  if (c.message) assert.match(String(r.body?.message), c.message);
  const after = await Promise.all((c.unchanged ?? []).map(async (p) => stateOf(await t.admin('GET', p))));
  assert.deepEqual(after, before, `${c.name}: state changed`);
  if (c.snapshot) assert.deepEqual(await c.snapshot(), snapBefore, `${c.name}: state changed`);
  return r;
}

/** demoPassword reads a demo user's password from the credentials file the first start wrote. */
export function demoPassword(t: Target, name: string): string {
  const m = new RegExp(`^${name}\t(\\S+)`, 'm').exec(fs.readFileSync(path.join(t.s.dataDir, 'demo-credentials.txt'), 'utf8'));
  assert.ok(m, `no demo password for ${name}`);
  return m[1];
}

/** login signs in through the console's endpoint; the answer carries the session cookie. */
export function login(t: Target, username: string, password: string, headers: Record<string, string> = BROWSER): Promise<ApiResponse> {
  return api(t.s, 'POST', '/auth/login', { body: { username, password }, headers });
}

/** cookieOf is the `name=value` of a login answer's session cookie. */
export function cookieOf(r: ApiResponse): string {
  const set = r.headers['set-cookie'];
  return String((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0];
}

/** session sends a request as a browser would with a session cookie (and the CSRF marker). */
export function session(t: Target, cookie: string, method: string, p: string, body?: unknown, headers: Record<string, string> = BROWSER): Promise<ApiResponse> {
  return api(t.s, method, p, { body, headers: { ...headers, Cookie: cookie } });
}

/** personalToken signs `username` in and mints a personal token for them. */
export async function personalToken(t: Target, username: string, password: string): Promise<string> {
  const c = cookieOf(ok(await login(t, username, password), `login ${username}`));
  return ok(await session(t, c, 'POST', '/auth/tokens', { name: 'suite' }), `token ${username}`).body.token as string;
}
