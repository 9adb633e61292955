// Test support for fast tests of the request path: the real app (createApp) on an in-memory SQLite
// store, served by a plain-HTTP server on 127.0.0.1 with an ephemeral port, in this process. The whole
// chain runs (authn, audit, impersonation, authz, admission, registry, storage); only TLS and the CLI
// are left out. Not used at runtime.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOptions } from '../app';
import type { UserInfo } from '../authn/user';

/** TEST_TOKENS are the static bearer tokens of an in-process server: an admin and two plain users. */
export const TEST_TOKENS = {
  admin: 'admin-token',
  alice: 'alice-token',
  bob: 'bob-token',
} as const;

const USERS: Record<keyof typeof TEST_TOKENS, UserInfo> = {
  admin: { username: 'admin', uid: 'u-admin', groups: ['system:masters'] },
  alice: { username: 'alice', uid: 'u-alice', groups: [] },
  bob: { username: 'bob', uid: 'u-bob', groups: [] },
};

/** Reply is one decoded response. `body` is parsed JSON when the response was JSON, else the text. */
export interface Reply { status: number; headers: Headers; body: any; text: string }

/** RequestOptions: who asks (a TEST_TOKENS key or a raw bearer token), a body (JSON unless a string), headers. */
export interface RequestOptions {
  as?: keyof typeof TEST_TOKENS | { token: string };
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** WatchStream reads a watch response line by line until stopped. */
export interface WatchStream {
  status: number;
  /** next resolves with the next watch event (or the Status body of a refused watch), within `ms`. */
  next(ms?: number): Promise<{ type: string; object: any }>;
  stop(): void;
}

/** InProcessServer is the real app on ':memory:' behind http://127.0.0.1:<port>. */
export interface InProcessServer {
  app: App;
  url: string;
  request(method: string, p: string, opts?: RequestOptions): Promise<Reply>;
  watch(p: string, opts?: RequestOptions): Promise<WatchStream>;
  close(): Promise<void>;
}

function authHeader(as: RequestOptions['as']): Record<string, string> {
  if (!as) return {};
  return { Authorization: `Bearer ${typeof as === 'string' ? TEST_TOKENS[as] : as.token}` };
}

/**
 * startInProcess builds the app (createApp with dbFile ':memory:', a temporary data dir for the keys) and
 * serves it on an ephemeral loopback port. `options` override AppOptions (e.g. a small `windowSize`).
 */
export async function startInProcess(options: Partial<AppOptions> = {}): Promise<InProcessServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-inproc-'));
  const tokens = new Map(Object.entries(TEST_TOKENS).map(([k, t]) => [t, USERS[k as keyof typeof TEST_TOKENS]]));
  const app = await createApp({ dataDir, dbFile: ':memory:', tokens, staticRoot: dataDir, ...options });
  const server = http.createServer((req, res) => app.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const open = new Set<AbortController>();

  const send = (method: string, p: string, opts: RequestOptions, signal?: AbortSignal) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...authHeader(opts.as ?? 'admin'), ...(opts.headers ?? {}) };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['Content-Type'] = opts.contentType ?? 'application/json';
    }
    return fetch(url + p, { method, headers, body, signal });
  };

  return {
    app, url,
    async request(method, p, opts = {}) {
      const r = await send(method, p, opts);
      const text = await r.text();
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* not JSON */ }
      return { status: r.status, headers: r.headers, body, text };
    },
    async watch(p, opts = {}) {
      const ac = new AbortController();
      open.add(ac);
      const r = await send('GET', p, opts, ac.signal);
      const reader = r.body!.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      const stop = () => { ac.abort(); open.delete(ac); };
      return {
        status: r.status,
        stop,
        async next(ms = 5000) {
          const deadline = Date.now() + ms;
          for (;;) {
            const nl = buf.indexOf('\n');
            if (nl >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              if (line.trim()) {
                const parsed = JSON.parse(line);
                return parsed.kind === 'Status' ? { type: 'STATUS', object: parsed } : parsed;
              }
              continue;
            }
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`no watch event within ${ms}ms`);
            let timer: NodeJS.Timeout | undefined;
            const chunk = await Promise.race([
              reader.read(),
              new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no watch event within ${ms}ms`)), left); }),
            ]).finally(() => clearTimeout(timer));
            if (chunk.done) {
              if (buf.trim()) { buf += '\n'; continue; }
              throw new Error('watch ended');
            }
            buf += decoder.decode(chunk.value, { stream: true });
          }
        },
      };
    },
    async close() {
      for (const ac of open) ac.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let bindingSeq = 0;

/**
 * bindRole grants `clusterRole` to a user (as admin): in `namespace` through a RoleBinding, or
 * cluster-wide through a ClusterRoleBinding when no namespace is given. Fails the test if refused.
 */
export async function bindRole(s: InProcessServer, user: string, clusterRole: string, namespace?: string): Promise<void> {
  const name = `test-binding-${(bindingSeq += 1)}`;
  const kind = namespace ? 'RoleBinding' : 'ClusterRoleBinding';
  const p = namespace ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings` : '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';
  const r = await s.request('POST', p, {
    body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }] },
  });
  if (r.status !== 201) throw new Error(`binding ${clusterRole} to ${user} failed: ${r.status} ${r.text}`);
}

/** createNamespace creates a namespace as admin (201 expected). */
export async function createNamespace(s: InProcessServer, name: string): Promise<void> {
  const r = await s.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  if (r.status !== 201) throw new Error(`namespace ${name}: ${r.status} ${r.text}`);
}
