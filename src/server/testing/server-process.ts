import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';

/** TestServer is a real `gatehouse serve` process on a fresh data dir, for integration and conformance tests. */
export interface TestServer {
  url: string;
  dataDir: string;
  ca: string;
  adminToken: string;
  proc: ChildProcess;
  /** output is everything the process printed (tests check that no secret ever appears in it). */
  output(): string;
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/**
 * startServerProcess spawns the CLI exactly as a user would (port 0) and waits for its URL line. By
 * default it passes `--no-demo --nodes 0` (no demo data, no scheduler or nodes); `args` come after and
 * win (e.g. `['--nodes', '2']`); `demo: true` leaves out `--no-demo`.
 */
export async function startServerProcess(opts: { dataDir?: string; tokens?: string; args?: string[]; env?: Record<string, string>; demo?: boolean } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  // `node --import tsx` (not the tsx CLI, which forks a child) so that signals reach the server itself.
  const args = ['--import', 'tsx', path.join(ROOT, 'src', 'server', 'cli', 'main.ts'), 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', '--console-port', '0', ...(opts.demo ? [] : ['--no-demo']), '--nodes', '0'];
  if (opts.tokens) {
    const f = path.join(dataDir, '..', `${path.basename(dataDir)}-tokens.csv`);
    fs.writeFileSync(f, opts.tokens);
    args.push('--token-auth-file', f);
  }
  args.push(...(opts.args ?? []));
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...(opts.env ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => { out += d; });
  proc.stderr!.on('data', (d) => { out += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start in 60s:\n${out}`)), 60_000);
    const check = () => {
      const m = /Gatehouse is running at (https:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(t); resolve(m[1]); }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => { clearTimeout(t); reject(new Error(`server exited with ${code}:\n${out}`)); });
  });
  const kc = fs.readFileSync(path.join(dataDir, 'admin.kubeconfig'), 'utf8');
  const adminToken = /token: (\S+)/.exec(kc)![1];
  const ca = fs.readFileSync(path.join(dataDir, 'ca.crt'), 'utf8');
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  // The node agents (a worker thread of the server) register their Nodes after the server is up, as a
  // kubelet does after it starts: a test of a server with nodes starts once they are there.
  const nodesAt = args.lastIndexOf('--nodes');
  const nodes = args.includes('--external-components') ? 0 : Number(args[nodesAt + 1] ?? 0);
  for (let i = 1; i <= nodes; i++) {
    const end = Date.now() + 60_000;
    while ((await api({ url, ca }, 'GET', `/api/v1/nodes/node-${i}`, { token: adminToken })).status !== 200) {
      if (proc.exitCode !== null || Date.now() > end) {
        proc.kill('SIGKILL');
        throw new Error(`node-${i} did not register within 60 s:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url, dataDir, ca, adminToken, proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode === null) proc.kill(signal);
      await exited;
    },
  };
}

/** ApiResponse is a decoded HTTP response. */
export interface ApiResponse { status: number; headers: Record<string, string | string[] | undefined>; body: any; text: string }

/** readResponse collects a response's body: `body` is its JSON when it parses, else the text. */
export function readResponse(res: IncomingMessage): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* not JSON */ }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
    });
    res.on('error', reject);
  });
}

/** api sends one HTTPS request to a test server (JSON in and out unless `contentType` says otherwise). */
export function api(s: Pick<TestServer, 'url' | 'ca'>, method: string, p: string, opts: { token?: string; body?: unknown; contentType?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  const u = new URL(p, s.url);
  const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    // Node sends a DELETE body neither chunked nor sized unless told its length (the server would read it as the next request).
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = https.request(u, { method, headers, ca: s.ca, agent: false }, (res) => { readResponse(res).then(resolve, reject); });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** KubectlResult is one kubectl run. */
export interface KubectlResult { code: number; stdout: string; stderr: string }

/** kubeconfigFor writes a kubeconfig for `token` against the server, returning its path. */
export function kubeconfigFor(s: TestServer, user: string, token: string, namespace = 'default'): string {
  const file = path.join(s.dataDir, '..', `${path.basename(s.dataDir)}-${user}.kubeconfig`);
  const ca = Buffer.from(s.ca).toString('base64');
  fs.writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster:\n    server: ${s.url}\n    certificate-authority-data: ${ca}\nusers:\n- name: ${user}\n  user:\n    token: ${token}\ncontexts:\n- name: ${user}\n  context:\n    cluster: t\n    user: ${user}\n    namespace: ${namespace}\ncurrent-context: ${user}\n`, { mode: 0o600 });
  return file;
}

/** kubectl runs the installed kubectl (the dispatcher picks the client from our /version) with a private cache dir. */
export function kubectl(kubeconfig: string, args: string[], input?: string): KubectlResult {
  const cache = `${kubeconfig}.cache`;
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cache, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
