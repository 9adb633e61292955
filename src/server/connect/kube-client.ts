// A small client for a real kube-apiserver, configured from a kubeconfig: JSON requests, streamed
// watches, and raw requests for the impersonating proxy. Gatehouse's own identity (the kubeconfig's
// token or client certificate) is the only credential it ever sends; impersonation headers are added
// by the caller, never copied from a browser.

import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import YAML from 'yaml';

/** KubeConfig is the part of a kubeconfig Gatehouse uses: one cluster and one user of the current context. */
export interface KubeConfig {
  server: string;
  ca?: string;
  insecure?: boolean;
  token?: string;
  cert?: string;
  key?: string;
}

function readData(base: string, data: unknown, file: unknown): string | undefined {
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
  if (typeof file === 'string' && file) return fs.readFileSync(path.resolve(base, file), 'utf8');
  return undefined;
}

/** loadKubeConfig reads the current context of a kubeconfig file (paths inside it are relative to the file). */
export function loadKubeConfig(file: string, contextName?: string): KubeConfig {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;
  const base = path.dirname(path.resolve(file));
  const ctxName = contextName ?? doc['current-context'];
  const ctx = (doc.contexts ?? []).find((c: any) => c.name === ctxName)?.context ?? doc.contexts?.[0]?.context;
  if (!ctx) throw new Error(`kubeconfig ${file}: no context ${ctxName ?? ''}`);
  const cluster = (doc.clusters ?? []).find((c: any) => c.name === ctx.cluster)?.cluster;
  const user = (doc.users ?? []).find((u: any) => u.name === ctx.user)?.user ?? {};
  if (!cluster?.server) throw new Error(`kubeconfig ${file}: cluster ${ctx.cluster} has no server`);
  return {
    server: String(cluster.server).replace(/\/+$/, ''),
    ca: readData(base, cluster['certificate-authority-data'], cluster['certificate-authority']),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    token: typeof user.token === 'string' ? user.token : user.tokenFile ? fs.readFileSync(path.resolve(base, user.tokenFile), 'utf8').trim() : undefined,
    cert: readData(base, user['client-certificate-data'], user['client-certificate']),
    key: readData(base, user['client-key-data'], user['client-key']),
  };
}

/** KubeError is a non-2xx answer from kube-apiserver, with its Status body. */
export class KubeError extends Error {
  constructor(readonly code: number, readonly status: any) {
    super(typeof status?.message === 'string' ? status.message : `kube-apiserver answered ${code}`);
  }
}

/** WatchEvent is one event of a watch stream. */
export interface WatchEvent { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: any }

/** KubeClient talks to one kube-apiserver as one identity (optionally impersonating someone). */
export class KubeClient {
  readonly agent: https.Agent;

  constructor(readonly config: KubeConfig) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca: config.ca, cert: config.cert, key: config.key, rejectUnauthorized: !config.insecure });
  }

  /** authHeaders are the credential headers of Gatehouse's own identity. */
  authHeaders(): Record<string, string> {
    return this.config.token ? { Authorization: `Bearer ${this.config.token}` } : {};
  }

  /** url resolves an API path against the server. */
  url(p: string): URL {
    return new URL(p, `${this.config.server}/`);
  }

  /**
   * request sends one JSON request and returns the decoded answer; a non-2xx answer throws KubeError
   * (404 → undefined when `allow404`). A 429 or 503 (kube-apiserver starting, or shedding load) is retried a few times.
   */
  async request<T = any>(method: string, p: string, body?: unknown, opts: { headers?: Record<string, string>; allow404?: boolean; contentType?: string; timeoutMs?: number } = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(method, p, body, opts);
      } catch (err) {
        if (!(err instanceof KubeError) || (err.code !== 429 && err.code !== 503) || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  private once<T>(method: string, p: string, body: unknown, opts: { headers?: Record<string, string>; allow404?: boolean; contentType?: string; timeoutMs?: number }): Promise<T> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { Accept: 'application/json', ...this.authHeaders(), ...(opts.headers ?? {}) };
    if (payload !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    return new Promise<T>((resolve, reject) => {
      const req = https.request(this.url(p), { method, headers, agent: this.agent, timeout: opts.timeoutMs ?? 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
          const code = res.statusCode ?? 0;
          if (code === 404 && opts.allow404) resolve(undefined as T);
          else if (code < 200 || code >= 300) reject(new KubeError(code, parsed));
          else resolve(parsed as T);
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`kube-apiserver did not answer ${method} ${p} in time`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * watch lists then watches `p` (a collection path), calling `onEvent` for each object; it re-lists
   * after a 410 or a dropped stream, until `stop()` is called. `onSync` runs after each full list.
   */
  watch(p: string, onEvent: (e: WatchEvent) => void, onSync?: (items: any[]) => void, onError?: (err: unknown) => void): { stop(): void; synced: Promise<void> } {
    let stopped = false;
    let current: import('node:http').ClientRequest | undefined;
    let markSynced!: () => void;
    const synced = new Promise<void>((r) => { markSynced = r; });
    const loop = async () => {
      while (!stopped) {
        try {
          const list = await this.request<any>('GET', p);
          onSync?.(list.items ?? []);
          markSynced();
          let rv = list.metadata?.resourceVersion as string;
          while (!stopped) {
            const sep = p.includes('?') ? '&' : '?';
            const gone = await new Promise<boolean>((resolve, reject) => {
              const req = https.request(this.url(`${p}${sep}watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(rv)}&timeoutSeconds=300`), { headers: { Accept: 'application/json', ...this.authHeaders() }, agent: this.agent }, (res) => {
                if (res.statusCode !== 200) { res.resume(); resolve(res.statusCode === 410); return; }
                let buf = '';
                let isGone = false;
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => {
                  buf += chunk;
                  let i: number;
                  while ((i = buf.indexOf('\n')) >= 0) {
                    const line = buf.slice(0, i).trim();
                    buf = buf.slice(i + 1);
                    if (!line) continue;
                    const e = JSON.parse(line) as WatchEvent;
                    if (e.type === 'ERROR') { isGone = e.object?.code === 410; continue; }
                    if (e.object?.metadata?.resourceVersion) rv = e.object.metadata.resourceVersion;
                    if (e.type !== 'BOOKMARK') onEvent(e);
                  }
                });
                res.on('end', () => resolve(isGone));
                res.on('error', reject);
              });
              current = req;
              req.on('error', reject);
              req.end();
            });
            if (gone) break;
          }
        } catch (err) {
          if (stopped) return;
          onError?.(err);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    void loop();
    return { stop() { stopped = true; current?.destroy(); }, synced };
  }

  /** close drops pooled connections. */
  close(): void {
    this.agent.destroy();
  }
}
