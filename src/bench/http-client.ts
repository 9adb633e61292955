import { Worker } from 'node:worker_threads';

/** ClientInit configures the worker's keep-alive agent. */
export interface ClientInit {
  url: string;
  ca: string;
  maxSockets: number;
}

/**
 * LoadSpec is one load run for `durationMs`: closed-loop by default (`concurrency` requests always in
 * flight), or open-loop at `ratePerSecond` (requests start on a fixed schedule, spread over
 * `concurrency` clients, whether or not earlier ones have answered).
 */
export interface LoadSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** path may hold `__L__` (the lane's number, 0..concurrency-1). */
  path: string;
  token?: string;
  /** body may hold `__L__` and `__N__` (a number unique within the worker); an array gives each lane its own. */
  body?: string | string[];
  contentType?: string;
  concurrency: number;
  durationMs: number;
  /**
   * ratePerSecond makes the run open-loop: request i starts at i ÷ rate, on client i mod concurrency,
   * and its latency counts from that scheduled start (time spent waiting for a busy connection included,
   * so a server that falls behind cannot hide it: no coordinated omission).
   */
  ratePerSecond?: number;
}

/** LoadResult is what a load run measured: the rate, the statuses and the latency percentiles (ms). */
export interface LoadResult {
  requests: number;
  elapsedMs: number;
  perSecond: number;
  /** statuses counts responses by HTTP status code. */
  statuses: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** FetchResult is one timed GET (until the last body byte arrived). */
export interface FetchResult {
  status: number;
  elapsedMs: number;
  bytes: number;
  /** items is the length of `items` when the body is a JSON list. */
  items?: number;
  continueToken?: string;
}

/** WorkerRequest is a message to the worker. */
export type WorkerRequest =
  | { id: number; op: 'load'; spec: LoadSpec }
  | { id: number; op: 'fetch'; path: string; token?: string };

/** WorkerReply is the worker's answer to one request. */
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

type Pending = { resolve(v: unknown): void; reject(e: Error): void };
type RequestBody<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * HttpLoadClient drives HTTPS requests from a worker thread with one keep-alive agent
 * (`maxSockets` connections, reused across calls), so the client never competes with the
 * in-process server for its event loop.
 */
export class HttpLoadClient {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(init: ClientInit) {
    this.worker = new Worker(new URL('../server/worker-shim.mjs', import.meta.url), {
      workerData: { entry: new URL('./http-worker.ts', import.meta.url).href, init },
    });
    this.worker.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`bench client: ${m.error}`));
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`bench client worker exited (${code})`)));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private call<T>(req: RequestBody<WorkerRequest>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  /** run keeps `spec.concurrency` requests in flight for `spec.durationMs` and reports rate and latencies. */
  run(spec: LoadSpec): Promise<LoadResult> {
    return this.call({ op: 'load', spec });
  }

  /** load keeps `concurrency` GETs of `path` in flight for `durationMs` and reports the rate. */
  load(path: string, token: string | undefined, concurrency: number, durationMs: number): Promise<LoadResult> {
    return this.run({ method: 'GET', path, token, concurrency, durationMs });
  }

  /**
   * post keeps `concurrency` POSTs of `body` to `path` in flight for `durationMs` and reports the rate.
   * Every `__N__` in the body is replaced by a number unique within the worker (object names).
   */
  post(path: string, token: string | undefined, body: string, concurrency: number, durationMs: number): Promise<LoadResult> {
    return this.run({ method: 'POST', path, token, body, concurrency, durationMs });
  }

  /** fetch times one GET of `path` to its last byte. */
  fetch(path: string, token: string | undefined): Promise<FetchResult> {
    return this.call({ op: 'fetch', path, token });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
