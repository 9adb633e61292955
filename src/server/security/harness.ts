// Shared harness of the adversarial suite (issue 11): a real `gatehouse serve` process with static-token
// users, requests as any of them over one keep-alive agent, and canary-leak assertions that look at the
// whole response (status line, headers, body), the server's output and its audit log.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { api, readResponse, startServerProcess, type ApiResponse, type TestServer } from '../testing/server-process';

/** HarnessUser is one static-token identity: its groups go to the token file. */
export interface HarnessUser { groups?: string[] }

/** Harness is a running server plus the tokens of its users. */
export interface Harness {
  server: TestServer;
  /** tokens maps user name to bearer token (`admin` is the bootstrap cluster admin). */
  tokens: Record<string, string>;
  /** auditLogPath is the server's `--audit-log-path` file (JSON lines). */
  auditLogPath: string;
  /** request sends one request as `user` (`anonymous` sends no credentials) on the keep-alive agent. */
  request(user: string, method: string, p: string, opts?: RequestOptions): Promise<ApiResponse>;
  /** admin is `request('admin', ...)` that must succeed (2xx). */
  admin(method: string, p: string, body?: unknown): Promise<ApiResponse>;
  /** alive asserts the process runs and /healthz answers 200. */
  alive(): Promise<void>;
  /** rssBytes is the server process's resident set size (Linux /proc), or 0 where unknown. */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** RequestOptions: a body (object → JSON, string/Buffer as is), its content type, extra headers, a timeout. */
export interface RequestOptions { body?: unknown; contentType?: string; headers?: Record<string, string>; timeoutMs?: number }

/**
 * startHarness starts a server whose token file holds one token per user in `users`, with an audit log
 * file at RequestResponse-capable default policy. `demo` keeps the demo organisation; `args` are extra flags.
 */
export async function startHarness(opts: { users?: Record<string, HarnessUser>; demo?: boolean; args?: string[] } = {}): Promise<Harness> {
  const tokens: Record<string, string> = {};
  const lines: string[] = [];
  for (const [name, u] of Object.entries(opts.users ?? {})) {
    const tok = `t-${name}-${randomBytes(12).toString('hex')}`;
    tokens[name] = tok;
    lines.push(`${tok},${name},uid-${name},"${(u.groups ?? []).join(',')}"`);
  }
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'gatehouse-sec-'));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  const auditLogPath = path.join(dir, 'audit.log');
  const server = await startServerProcess({ dataDir, demo: opts.demo, tokens: lines.length ? `${lines.join('\n')}\n` : undefined, args: ['--audit-log-path', auditLogPath, ...(opts.args ?? [])] });
  tokens.admin = server.adminToken;
  const agent = new https.Agent({ keepAlive: true, maxSockets: 32, ca: server.ca });

  const request = (user: string, method: string, p: string, o: RequestOptions = {}): Promise<ApiResponse> => {
    const u = new URL(server.url);
    // The path is sent verbatim (no URL normalisation of `..`, `//` or percent-escapes); only bytes HTTP
    // forbids in a request line (space, controls, non-ASCII) are percent-encoded, as any client would.
    const rawPath = p.replace(/[^\x21-\x7e]/g, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
    const payload = o.body === undefined ? undefined : typeof o.body === 'string' || Buffer.isBuffer(o.body) ? o.body : JSON.stringify(o.body);
    const headers: Record<string, string> = { Accept: 'application/json', ...(o.headers ?? {}) };
    if (user !== 'anonymous') headers.Authorization = `Bearer ${tokens[user] ?? user}`;
    const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
    if (payload !== undefined && !has('content-type')) headers['Content-Type'] = o.contentType ?? 'application/json';
    // Node sends DELETE bodies with neither length nor chunking unless told: say the length (or chunked if asked).
    if (payload !== undefined && !has('content-length') && !has('transfer-encoding')) headers['Content-Length'] = String(Buffer.byteLength(payload));
    return new Promise((resolve, reject) => {
      const req = https.request({ host: u.hostname, port: u.port, path: rawPath, method, headers, agent, timeout: o.timeoutMs ?? 60_000 }, (res) => {
        readResponse(res).then(resolve, reject);
      });
      req.on('timeout', () => req.destroy(new Error(`request timed out: ${method} ${p.slice(0, 120)}`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  };

  return {
    server, tokens, auditLogPath, request,
    async admin(method, p, body) {
      const r = await request('admin', method, p, { body });
      assert.ok(r.status >= 200 && r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
      return r;
    },
    async alive() {
      assert.equal(server.proc.exitCode, null, `server exited:\n${server.output().slice(-2000)}`);
      const r = await api(server, 'GET', '/healthz');
      assert.equal(r.status, 200);
    },
    rssBytes() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.proc.pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : 0;
      } catch { return 0; }
    },
    async stop() {
      agent.destroy();
      await server.stop();
    },
  };
}

/** newCanary is a unique, greppable secret value. */
export function newCanary(label: string): string {
  return `CANARY${label}${randomBytes(9).toString('hex')}`;
}

/**
 * canaryForms are the spellings a leaked value could take: raw, standard and URL-safe base64 (with and
 * without padding), and base64 of the base64 (a value copied out of `data` and re-encoded).
 */
export function canaryForms(canary: string): string[] {
  const b64 = Buffer.from(canary).toString('base64');
  const forms = [canary, b64, b64.replace(/=+$/, ''), Buffer.from(canary).toString('base64url'), Buffer.from(b64).toString('base64').replace(/=+$/, '')];
  return [...new Set(forms)];
}

/** leaksIn returns the canary forms found in `text` (empty when none). */
export function leaksIn(text: string, canaries: string[]): string[] {
  const found: string[] = [];
  for (const c of canaries) for (const f of canaryForms(c)) if (text.includes(f)) found.push(f);
  return found;
}

/** assertNoLeak fails when any canary form appears in the response's body or headers. */
export function assertNoLeak(r: ApiResponse, canaries: string[], what = 'response'): void {
  const all = `${JSON.stringify(r.headers)}\n${r.text}`;
  const found = leaksIn(all, canaries);
  assert.deepEqual(found, [], `${what} leaks a canary (${found.join(', ')}): ${r.status} ${r.text.slice(0, 400)}`);
}

/** assertNoLeakInServer fails when any canary form appears in the process output or the audit log. */
export function assertNoLeakInServer(h: Harness, canaries: string[]): void {
  const out = h.server.output();
  assert.deepEqual(leaksIn(out, canaries), [], 'server output leaks a canary');
  const audit = fs.existsSync(h.auditLogPath) ? fs.readFileSync(h.auditLogPath, 'utf8') : '';
  assert.deepEqual(leaksIn(audit, canaries), [], 'audit log leaks a canary');
}

/** nest builds `depth` levels of JSON arrays or objects around a leaf, as text (no recursion). */
export function nestJson(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
