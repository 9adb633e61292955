import fs from 'node:fs';
import https from 'node:https';
import tls from 'node:tls';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../shared/api/meta';
import { kubeTime } from '../../shared/api/meta';

// The small Kubernetes client the infrastructure components (scheduler, node agents, demo seeding)
// use. It speaks only HTTPS to the API server with a bearer token, like any other client: every call
// goes through authentication, authorization, admission and audit. No store access, ever.

/** ClientConfig is where the API server is and who the component is. */
export interface ClientConfig {
  server: string;
  /** ca is the PEM of the CA that signed the serving certificate. */
  ca?: string;
  token: string;
  /** userAgent identifies the component in the audit log. */
  userAgent?: string;
  /** maxSockets bounds the concurrent requests (watches use their own connections). */
  maxSockets?: number;
}

/** ClientLog is the logger the components take (pino's signature; a no-op by default). */
export interface ClientLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** SILENT is a ClientLog that drops everything. */
export const SILENT: ClientLog = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

/** StatusError is a non-2xx answer; `reason` and `code` come from the Status body when there is one. */
export class StatusError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly status?: Record<string, any>) {
    super(message);
  }
}

/** isStatus tells whether `e` is a StatusError with one of `codes`. */
export function isStatus(e: unknown, ...codes: number[]): e is StatusError {
  return e instanceof StatusError && codes.includes(e.code);
}

/** loadKubeconfig reads server, CA and token of the current context of a token kubeconfig; `server` overrides its URL. */
export function loadKubeconfig(file: string, server?: string): ClientConfig {
  const kc = parseYaml(fs.readFileSync(file, 'utf8')) as any;
  const ctxName = kc?.['current-context'];
  const ctx = (kc?.contexts ?? []).find((c: any) => c.name === ctxName)?.context ?? kc?.contexts?.[0]?.context;
  const cluster = (kc?.clusters ?? []).find((c: any) => c.name === ctx?.cluster)?.cluster ?? kc?.clusters?.[0]?.cluster;
  const user = (kc?.users ?? []).find((u: any) => u.name === ctx?.user)?.user ?? kc?.users?.[0]?.user;
  if (!cluster || !user?.token) throw new Error(`${file}: want a kubeconfig with a cluster and a user token`);
  const ca = cluster['certificate-authority-data'] ? Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8')
    : cluster['certificate-authority'] ? fs.readFileSync(cluster['certificate-authority'], 'utf8') : undefined;
  return { server: server ?? cluster.server, ca, token: user.token };
}

/** WatchEvent is one line of a watch stream. */
export interface WatchEvent { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: any }

/** ObjectList is a list response. */
export interface ObjectList { metadata: { resourceVersion?: string }; items: KubeObject[] }

const PATCH_TYPES = { merge: 'application/merge-patch+json', strategic: 'application/strategic-merge-patch+json', json: 'application/json-patch+json' } as const;

const contexts = new Map<string, tls.SecureContext>();

/**
 * secureContextFor is the TLS context that trusts `ca`, made once per CA for every client of the
 * process: an agent given only the PEM builds a context of its own (parsing the PEM) for every
 * connection it opens. Certificate and host name checks are tls.connect's, as before.
 */
export function secureContextFor(ca: string): tls.SecureContext {
  let ctx = contexts.get(ca);
  if (!ctx) contexts.set(ca, (ctx = tls.createSecureContext({ ca })));
  return ctx;
}

/** ApiClient sends JSON requests over a keep-alive HTTPS agent and streams watches. */
export class ApiClient {
  private agent: https.Agent;
  private watchAgent: https.Agent;
  private closed = false;
  private streams = new Set<import('node:http').ClientRequest>();

  constructor(readonly config: ClientConfig) {
    const trust = config.ca ? { secureContext: secureContextFor(config.ca) } : {};
    this.agent = new https.Agent({ keepAlive: true, maxSockets: config.maxSockets ?? 16, ...trust });
    this.watchAgent = new https.Agent({ keepAlive: false, ...trust });
  }

  private headers(contentType?: string, length?: number): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${this.config.token}`, 'User-Agent': this.config.userAgent ?? 'gatehouse-component' };
    if (contentType) h['Content-Type'] = contentType;
    if (length !== undefined) h['Content-Length'] = String(length);
    return h;
  }

  /** request sends one request and resolves with the decoded JSON body; a non-2xx answer rejects with a StatusError. */
  request<T = any>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    if (this.closed) return Promise.reject(new Error('client closed'));
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const url = new URL(path, this.config.server);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(url, { method, agent: this.agent, headers: this.headers(data ? contentType : undefined, data?.length) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) return resolve(parsed as T);
          const msg = typeof parsed === 'object' && parsed?.message ? parsed.message : `HTTP ${code}`;
          reject(new StatusError(code, typeof parsed === 'object' ? parsed?.reason ?? '' : '', `${method} ${path}: ${msg}`, typeof parsed === 'object' ? parsed : undefined));
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(data);
    });
  }

  get<T = KubeObject>(path: string): Promise<T> { return this.request<T>('GET', path); }
  list(path: string, query: Record<string, string> = {}): Promise<ObjectList> { return this.request<ObjectList>('GET', withQuery(path, query)); }
  create<T = KubeObject>(path: string, body: unknown): Promise<T> { return this.request<T>('POST', path, body); }
  update<T = KubeObject>(path: string, body: unknown): Promise<T> { return this.request<T>('PUT', path, body); }
  patch<T = KubeObject>(path: string, body: unknown, type: keyof typeof PATCH_TYPES = 'merge'): Promise<T> { return this.request<T>('PATCH', path, body, PATCH_TYPES[type]); }
  delete<T = KubeObject>(path: string, options?: Record<string, unknown>): Promise<T> {
    return this.request<T>('DELETE', path, options ? { apiVersion: 'v1', kind: 'DeleteOptions', ...options } : undefined);
  }

  /**
   * watch streams the events of `path` from `resourceVersion` until the server ends the stream, `signal`
   * aborts, or the client closes. It resolves when the stream ends; a non-200 answer rejects.
   */
  watch(path: string, query: Record<string, string>, onEvent: (e: WatchEvent) => void, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new Error('client closed'));
    const url = new URL(withQuery(path, { ...query, watch: 'true' }), this.config.server);
    return new Promise<void>((resolve, reject) => {
      const req = https.request(url, { method: 'GET', agent: this.watchAgent, headers: this.headers(), signal }, (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            let body: any;
            try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { /* not JSON */ }
            reject(new StatusError(res.statusCode ?? 0, body?.reason ?? '', `watch ${path}: ${body?.message ?? `HTTP ${res.statusCode}`}`, body));
          });
          return;
        }
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let start = 0;
          for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n', start)) {
            const line = buf.slice(start, i).trim();
            start = i + 1;
            if (!line) continue;
            let ev: WatchEvent;
            try { ev = JSON.parse(line); } catch { continue; }
            onEvent(ev);
          }
          buf = buf.slice(start);
        });
        res.on('end', () => resolve());
        res.on('error', () => resolve());
        res.on('close', () => resolve());
      });
      this.streams.add(req);
      req.on('close', () => this.streams.delete(req));
      req.on('error', (e) => (signal?.aborted || this.closed ? resolve() : reject(e)));
      req.end();
    });
  }

  /** close ends every connection and watch; later requests fail. */
  close(): void {
    this.closed = true;
    for (const r of this.streams) r.destroy();
    this.agent.destroy();
    this.watchAgent.destroy();
  }
}

/** withQuery appends query parameters to a path. */
export function withQuery(path: string, query: Record<string, string>): string {
  const q = new URLSearchParams(query).toString();
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/** objectKey is `namespace/name` (or `name` for cluster-scoped objects). */
export function objectKey(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name ?? '';
}

/** InformerHandler sees each change of the informer's cache: an object added, changed, or deleted. */
export type InformerHandler = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject) => void;

/** CachedInformer is what a component uses of an informer: its cache, start, synced and stop. */
export interface CachedInformer {
  readonly cache: Map<string, KubeObject>;
  /** start begins listing and watching in the background. */
  start(): unknown;
  /** synced resolves after the first list has been delivered. */
  synced(): Promise<void>;
  stop(): void;
}

/**
 * startInStages starts informers stage by stage: every informer of a stage starts, and the next stage
 * starts once all of them have listed (e.g. pods before the services whose handlers read them). It
 * resolves when the last stage has synced.
 */
export async function startInStages(...stages: readonly CachedInformer[][]): Promise<void> {
  for (const stage of stages) {
    for (const informer of stage) informer.start();
    await Promise.all(stage.map((informer) => informer.synced()));
  }
}

/**
 * Informer keeps a cache of the objects at `path` (list, then watch from the list's resourceVersion;
 * it relists on 410 Gone and after errors, with backoff). A relist reports the differences to the
 * handlers, so no change is lost across a broken watch. More handlers may subscribe (SharedInformers):
 * one that comes after the first list is given the cache as ADDED first, as client-go's
 * AddEventHandler does.
 */
export class Informer implements CachedInformer {
  readonly cache = new Map<string, KubeObject>();
  private abort = new AbortController();
  private started = false;
  private syncedOnce = false;
  private waiters: (() => void)[] = [];
  private handlers: InformerHandler[];

  constructor(private client: ApiClient, private path: string, private query: Record<string, string>, handler?: InformerHandler, private log: ClientLog = SILENT) {
    this.handlers = handler ? [handler] : [];
  }

  /** start runs the list/watch loop in the background (once, however often it is called). */
  start(): this {
    if (!this.started) {
      this.started = true;
      void this.run();
    }
    return this;
  }

  /** hasSynced is true once the first list has been delivered to the handlers (client-go's HasSynced). */
  hasSynced(): boolean {
    return this.syncedOnce;
  }

  /** synced resolves after the first list has been delivered to the handlers. */
  synced(): Promise<void> {
    return this.syncedOnce ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.abort.abort();
  }

  /** subscribe adds a handler; after the first list it is handed every cached object as ADDED at once. */
  subscribe(handler: InformerHandler): void {
    this.handlers.push(handler);
    if (this.syncedOnce) for (const o of this.cache.values()) handler('ADDED', o);
  }

  /** unsubscribe removes a handler and tells how many are left. */
  unsubscribe(handler: InformerHandler): number {
    const i = this.handlers.indexOf(handler);
    if (i >= 0) this.handlers.splice(i, 1);
    return this.handlers.length;
  }

  private emit(type: 'ADDED' | 'MODIFIED' | 'DELETED', o: KubeObject): void {
    for (const h of this.handlers) h(type, o);
  }

  private replace(items: KubeObject[]): void {
    const seen = new Set<string>();
    for (const o of items) {
      const k = objectKey(o);
      seen.add(k);
      const old = this.cache.get(k);
      this.cache.set(k, o);
      if (!old) this.emit('ADDED', o);
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) this.emit('MODIFIED', o);
    }
    for (const [k, o] of [...this.cache]) {
      if (seen.has(k)) continue;
      this.cache.delete(k);
      this.emit('DELETED', o);
    }
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let backoff = 250;
    while (!signal.aborted) {
      try {
        const list = await this.client.list(this.path, this.query);
        if (signal.aborted) return;
        this.replace(list.items);
        if (!this.syncedOnce) {
          this.syncedOnce = true;
          for (const w of this.waiters.splice(0)) w();
        }
        let rv = list.metadata.resourceVersion ?? '0';
        backoff = 250;
        // Watch from the last seen revision until the server says the window has moved on (410).
        for (let expired = false; !expired && !signal.aborted;) {
          const started = Date.now();
          await this.client.watch(this.path, { ...this.query, resourceVersion: rv, allowWatchBookmarks: 'true', timeoutSeconds: String(240 + Math.floor(Math.random() * 60)) }, (ev) => {
            if (ev.type === 'ERROR') {
              expired = true;
              return;
            }
            const o = ev.object as KubeObject;
            if (o?.metadata?.resourceVersion) rv = o.metadata.resourceVersion;
            if (ev.type === 'BOOKMARK') return;
            const k = objectKey(o);
            if (ev.type === 'DELETED') {
              this.cache.delete(k);
              this.emit('DELETED', o);
            } else {
              const had = this.cache.has(k);
              this.cache.set(k, o);
              this.emit(had ? 'MODIFIED' : 'ADDED', o);
            }
          }, signal);
          // A stream that ends at once (server going away) must not spin.
          if (Date.now() - started < 500) await sleep(500, signal);
        }
      } catch (e) {
        if (signal.aborted) return;
        this.log.warn({ err: e instanceof Error ? e.message : String(e), path: this.path }, 'list/watch failed; retrying');
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }
}

/** EventSource is who reports an event (source.component, source.host). */
export interface EventSource { component: string; host?: string }

/** EventRecorderOptions tune an EventRecorder. */
export interface EventRecorderOptions {
  /** concurrency bounds the event writes in flight (default 4). */
  concurrency?: number;
  /**
   * deferWhile says the component has writes of its own waiting (bindings, pod statuses): events then
   * wait, so they never take the server from the work they report on, up to `maxDeferMs` each.
   */
  deferWhile?: () => boolean;
  /** maxDeferMs is the longest an event waits for `deferWhile` (default 30 s). */
  maxDeferMs?: number;
}

/**
 * Foreground is the components of one process whose own writes come before any of their events: each
 * says whether it has writes waiting (the scheduler bindings, a node agent pod statuses), and every
 * event recorder of the process waits while one does (EventRecorderOptions.deferWhile), so the server
 * spends itself on moving pods along first and on the events that report it after.
 */
export class Foreground {
  private sources = new Set<() => boolean>();

  /** add registers a component's "I have writes waiting"; it returns the unregister. */
  add(busy: () => boolean): () => void {
    this.sources.add(busy);
    return () => this.sources.delete(busy);
  }

  /** busy is true while any registered component has writes waiting. */
  busy(): boolean {
    for (const b of this.sources) if (b()) return true;
    return false;
  }
}

/** DEFER_POLL_MS is how often deferred events look whether the component is still busy. */
const DEFER_POLL_MS = 50;

/**
 * EventRecorder writes core/v1 Events through the API, in the background (a failed event never fails
 * the caller), as client-go's event broadcaster does: recording never blocks the component, and events
 * yield to the component's own writes while it has some waiting (`deferWhile`). An event keeps the
 * time it was recorded at. A repeat of the same (object, type, reason, message) is folded into the
 * first event with a PATCH of count and lastTimestamp, as client-go's event correlator does.
 */
export class EventRecorder {
  private seen = new Map<string, { ns: string; name: string; count: number; first: string }>();
  private inflight = 0;
  private queue: { at: number; write: () => Promise<void> }[] = [];
  private idleWaiters: (() => void)[] = [];
  private poll?: NodeJS.Timeout;
  private concurrency: number;

  constructor(private client: ApiClient, private source: EventSource, private log: ClientLog = SILENT, private options: EventRecorderOptions = {}) {
    this.concurrency = options.concurrency ?? 4;
  }

  /** record queues an event about `obj` (a namespaced object, or a Node, whose events go to `default`). */
  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const at = kubeTime();
    this.queue.push({ at: Date.now(), write: () => this.write(obj, type, reason, message, at) });
    this.pump();
  }

  /** flush resolves once every queued event has been written (or failed). */
  flush(): Promise<void> {
    return this.inflight === 0 && this.queue.length === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.inflight < this.concurrency && this.queue.length > 0) {
      if (this.options.deferWhile?.() && Date.now() - this.queue[0].at < (this.options.maxDeferMs ?? 30_000)) {
        if (!this.poll) {
          this.poll = setTimeout(() => { this.poll = undefined; this.pump(); }, DEFER_POLL_MS);
          this.poll.unref();
        }
        return;
      }
      const job = this.queue.shift()!;
      this.inflight++;
      void job.write().finally(() => {
        this.inflight--;
        this.pump();
        if (this.inflight === 0 && this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private async write(obj: KubeObject, type: string, reason: string, message: string, now: string): Promise<void> {
    const ns = obj.metadata.namespace || 'default';
    const key = `${obj.metadata.uid}|${type}|${reason}|${message}`;
    const prev = this.seen.get(key);
    try {
      if (prev) {
        prev.count++;
        await this.client.patch(`/api/v1/namespaces/${encodeURIComponent(prev.ns)}/events/${encodeURIComponent(prev.name)}`, { count: prev.count, lastTimestamp: now });
        return;
      }
      const name = `${obj.metadata.name}.${(BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000))).toString(16)}`;
      await this.client.create(`/api/v1/namespaces/${encodeURIComponent(ns)}/events`, {
        apiVersion: 'v1', kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: { kind: obj.kind, apiVersion: obj.apiVersion, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
        reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
        source: this.source, reportingComponent: this.source.component, reportingInstance: this.source.host ?? '',
      });
      this.seen.set(key, { ns, name, count: 1, first: now });
      if (this.seen.size > 4096) this.seen.delete(this.seen.keys().next().value as string);
    } catch (e) {
      if (prev && isStatus(e, 404)) this.seen.delete(key);
      this.log.debug({ err: e instanceof Error ? e.message : String(e), reason }, 'event not recorded');
    }
  }
}
