// The audit webhook (--audit-webhook-config-file, as kube-apiserver's webhook backend in batch
// mode): the config is a kubeconfig whose cluster `server` receives POSTs of an audit.k8s.io/v1
// EventList, authenticated with the user's token or client certificate and verified against the
// cluster's CA. Events are sent in batches of up to `maxBatch` (400) at most `maxWaitMs` (1 s)
// after the first waits; a failed POST is retried with exponential backoff, then the batch is
// dropped and reported (as upstream, the webhook is best effort; the SQLite store is the record).

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import YAML from 'yaml';
import type { AuditSink } from './auditor';
import type { AuditRecord } from './store';
import { anchoredLine } from './anchor';

/** WebhookTarget is what the kubeconfig says about where and how to send. */
export interface WebhookTarget {
  server: string;
  ca?: string;
  insecureSkipTLSVerify?: boolean;
  token?: string;
  cert?: string;
  key?: string;
}

const readMaybe = (data: unknown, file: unknown, base: string): string | undefined => {
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
  if (typeof file === 'string' && file) return fs.readFileSync(file.startsWith('/') ? file : `${base}/${file}`, 'utf8');
  return undefined;
};

/** parseWebhookConfig reads a kubeconfig (current context, else the first cluster and user). */
export function parseWebhookConfig(text: string, baseDir = '.'): WebhookTarget {
  const kc = YAML.parse(text) as any;
  const ctxName = kc?.['current-context'];
  const ctx = (kc?.contexts ?? []).find((c: any) => c.name === ctxName)?.context ?? kc?.contexts?.[0]?.context ?? {};
  const cluster = ((kc?.clusters ?? []).find((c: any) => c.name === ctx.cluster) ?? kc?.clusters?.[0])?.cluster;
  const user = ((kc?.users ?? []).find((u: any) => u.name === ctx.user) ?? kc?.users?.[0])?.user ?? {};
  if (!cluster?.server || typeof cluster.server !== 'string') throw new Error('audit webhook config: no cluster with a server URL');
  const u = new URL(cluster.server);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`audit webhook config: unsupported server URL ${cluster.server}`);
  return {
    server: cluster.server,
    ca: readMaybe(cluster['certificate-authority-data'], cluster['certificate-authority'], baseDir),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    token: typeof user.token === 'string' ? user.token : user.tokenFile ? fs.readFileSync(user.tokenFile, 'utf8').trim() : undefined,
    cert: readMaybe(user['client-certificate-data'], user['client-certificate'], baseDir),
    key: readMaybe(user['client-key-data'], user['client-key'], baseDir),
  };
}

/** WebhookOptions tune batching and retries. */
export interface WebhookOptions {
  maxBatch?: number;
  maxWaitMs?: number;
  /** retries after the first attempt (default 3), starting at `backoffMs` (default 500) and doubling. */
  retries?: number;
  backoffMs?: number;
  /** bufferSize drops events beyond this many waiting (default 10,000). */
  bufferSize?: number;
  onError?: (err: unknown, what: string) => void;
}

/** WebhookSink batches committed events and POSTs them as EventLists. */
export class WebhookSink implements AuditSink {
  private queue: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(private readonly target: WebhookTarget, private readonly opts: WebhookOptions = {}) {}

  write(batch: AuditRecord[]): void {
    const room = (this.opts.bufferSize ?? 10_000) - this.queue.length;
    if (batch.length > room) {
      this.dropped += batch.length - Math.max(0, room);
      this.opts.onError?.(new Error(`audit webhook buffer full: ${this.dropped} event(s) dropped so far`), 'queueing audit events for the webhook');
    }
    // Each event carries its seq and chain hash: the receiver holds an anchor outside the data dir.
    for (const r of batch.slice(0, Math.max(0, room))) this.queue.push(anchoredLine(r));
    if (this.queue.length >= (this.opts.maxBatch ?? 400)) this.send();
    else if (!this.timer && this.queue.length > 0) {
      this.timer = setTimeout(() => this.send(), this.opts.maxWaitMs ?? 1000);
      this.timer.unref();
    }
  }

  async close(): Promise<void> {
    this.send();
    await this.inflight;
  }

  private send(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    while (this.queue.length > 0) {
      const items = this.queue.splice(0, this.opts.maxBatch ?? 400);
      const body = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${items.join(',')}]}`;
      this.inflight = this.inflight.then(() => this.deliver(body, items.length));
    }
  }

  private async deliver(body: string, n: number): Promise<void> {
    const retries = this.opts.retries ?? 3;
    let wait = this.opts.backoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.post(body);
        return;
      } catch (err) {
        if (attempt >= retries) {
          this.opts.onError?.(err, `sending ${n} audit event(s) to the webhook (dropped after ${attempt + 1} attempts)`);
          return;
        }
        await new Promise((r) => setTimeout(r, wait).unref());
        wait *= 2;
      }
    }
  }

  private post(body: string): Promise<void> {
    const t = this.target;
    const u = new URL(t.server);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) };
    if (t.token) headers.Authorization = `Bearer ${t.token}`;
    const mod = u.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(u, {
        method: 'POST', headers, timeout: 30_000, agent: false,
        ...(u.protocol === 'https:' ? { ca: t.ca, cert: t.cert, key: t.key, rejectUnauthorized: !t.insecureSkipTLSVerify } : {}),
      }, (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`audit webhook answered HTTP ${res.statusCode}`))));
      });
      req.on('timeout', () => req.destroy(new Error('audit webhook timed out')));
      req.on('error', reject);
      req.end(body);
    });
  }
}
