import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { UserInfo } from '../server/authn/user';
import { serveOptionsSchema, startServer, type RunningServer } from '../server/cli/serve';
import { readResponse } from '../server/testing/server-process';
import { HttpLoadClient } from './http-client';

/** BenchServer is a real HTTPS server on a throw-away data dir, as `gatehouse serve` runs it. */
export interface BenchServer {
  running: RunningServer;
  url: string;
  /** ca is the PEM of the CA that signed the serving certificate (`<dataDir>/ca.crt`). */
  ca: string;
  dataDir: string;
  /** adminToken is the bootstrap admin's bearer token (system:masters), read back from admin.kubeconfig. */
  adminToken: string;
  close(): Promise<void>;
}

/** BenchUser is a static-token user written to the server's token file. */
export interface BenchUser extends UserInfo {
  token: string;
}

const PKI_FILES = ['ca.crt', 'apiserver.crt', 'apiserver.key'] as const;
// Generating the CA and serving key pair (2 × RSA-2048 in JavaScript) takes seconds; the first server
// generates them and later servers of the same run reuse them.
type PkiFiles = Record<(typeof PKI_FILES)[number], string>;
let cachedPki: PkiFiles | undefined;

function csvField(s: string): string {
  return /[",\s]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * startBenchServer starts a server on port 0 in a new temp dir (or in `dataDir`, prepared by a seeding
 * fixture; it is removed at close all the same) with the given token-file users (logging off); `flags`
 * are more serve options.
 */
export async function startBenchServer(users: BenchUser[] = [], flags: Record<string, unknown> = {}, preparedDataDir?: string): Promise<BenchServer> {
  const dataDir = preparedDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  try {
    if (cachedPki) {
      for (const f of PKI_FILES) fs.writeFileSync(path.join(dataDir, f), cachedPki[f], { mode: f.endsWith('.key') ? 0o600 : 0o644 });
    }
    let tokenAuthFile: string | undefined;
    if (users.length > 0) {
      tokenAuthFile = path.join(dataDir, 'tokens.csv');
      const lines = users.map((u) => [u.token, u.username, u.uid ?? u.username, csvField(u.groups.join(','))].join(','));
      fs.writeFileSync(tokenAuthFile, `${lines.join('\n')}\n`, { mode: 0o600 });
    }
    const running = await startServer(serveOptionsSchema.parse({
      host: '127.0.0.1', port: 0, consolePort: 0, dataDir, tokenAuthFile, demo: false, nodes: 0, logLevel: 'silent', ...flags,
    }));
    if (!cachedPki) cachedPki = Object.fromEntries(PKI_FILES.map((f) => [f, fs.readFileSync(path.join(dataDir, f), 'utf8')])) as PkiFiles;
    const kubeconfig = fs.readFileSync(path.join(dataDir, 'admin.kubeconfig'), 'utf8');
    const adminToken = /^\s*token:\s*(\S+)\s*$/m.exec(kubeconfig)?.[1];
    if (!adminToken) throw new Error('admin.kubeconfig has no token');
    let closed = false;
    return {
      running, url: running.url, dataDir, adminToken,
      ca: fs.readFileSync(path.join(dataDir, 'ca.crt'), 'utf8'),
      async close() {
        if (closed) return;
        closed = true;
        try { await running.close(); } finally { fs.rmSync(dataDir, { recursive: true, force: true }); }
      },
    };
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** request sends one HTTPS request from this thread (setup only, never timed) and returns status and decoded JSON body. */
export function request(server: BenchServer, method: string, p: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const u = new URL(p, server.url);
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method, ca: server.ca, agent: false,
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': String(data.length) } : {}) },
    }, (res) => { readResponse(res).then(({ status, body: parsed }) => resolve({ status, body: parsed }), reject); });
    req.on('error', reject);
    req.end(data);
  });
}

/** mustRequest is request() that throws unless the status is one of `ok`. */
export async function mustRequest(server: BenchServer, method: string, p: string, token: string, body?: unknown, ok = [200, 201]): Promise<any> {
  const r = await request(server, method, p, token, body);
  if (!ok.includes(r.status)) throw new Error(`${method} ${p}: HTTP ${r.status}: ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`);
  return r.body;
}

/** DeveloperBench is what withDeveloperBench hands a benchmark. */
export interface DeveloperBench {
  server: BenchServer;
  /** client is a load client of the server with the asked number of sockets. */
  client: HttpLoadClient;
  /** dev is the token user `bench-dev`, bound to ClusterRole developer in namespace `bench`. */
  dev: BenchUser;
}

/**
 * withDeveloperBench starts a server with the token user `bench-dev`, creates namespace `bench` (with
 * `namespaceLabels`) and binds bench-dev to ClusterRole developer there as the bootstrap admin (setup,
 * never timed), runs `fn` with a load client of `maxSockets` sockets, and closes client and server
 * whatever happens.
 */
export async function withDeveloperBench<T>(
  opts: { maxSockets: number; namespaceLabels?: Record<string, string> },
  fn: (bench: DeveloperBench) => Promise<T>,
): Promise<T> {
  const dev: BenchUser = { token: randomBytes(24).toString('base64url'), username: 'bench-dev', uid: 'bench-dev-uid', groups: ['bench-devs'] };
  const server = await startBenchServer([dev]);
  const client = new HttpLoadClient({ url: server.url, ca: server.ca, maxSockets: opts.maxSockets });
  try {
    const admin = server.adminToken;
    await mustRequest(server, 'POST', '/api/v1/namespaces', admin, {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench', ...(opts.namespaceLabels ? { labels: opts.namespaceLabels } : {}) },
    });
    await mustRequest(server, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/bench/rolebindings', admin, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'bench-dev' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: dev.username }],
    });
    return await fn({ server, client, dev });
  } finally {
    await client.close();
    await server.close();
  }
}
