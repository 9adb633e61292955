import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { ClientInit, FetchResult, LoadResult, LoadSpec, WorkerReply, WorkerRequest } from './http-client';

// The load generator runs in its own thread so that the client's TLS and HTTP work does not share
// the server's event loop: the server thread is the one being measured.

const init = workerData.init as ClientInit;
const base = new URL(init.url);
const agent = new https.Agent({ keepAlive: true, maxSockets: init.maxSockets, ca: init.ca, rejectUnauthorized: true });

function send(method: string, path: string, token: string | undefined, keepBody: boolean, body?: Buffer, contentType = 'application/json'): Promise<{ status: number; body?: Buffer; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      agent, host: base.hostname, port: base.port, path, method,
      headers: {
        Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'Content-Type': contentType, 'Content-Length': String(body.length) } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (keepBody) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, body: keepBody ? Buffer.concat(chunks) : undefined }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** percentile of sorted latencies (nearest rank). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

let seq = 0;

/**
 * load keeps `concurrency` requests in flight for `durationMs` (a closed loop: each lane sends its next
 * request when the last one answered), or with `ratePerSecond` starts them on a fixed schedule (an open
 * loop). In `path` and `body`, `__L__` becomes the lane's number and `__N__` a number unique within the worker.
 */
async function load(spec: LoadSpec): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let requests = 0;
  const start = performance.now();
  const deadline = start + spec.durationMs;
  /** one sends lane `l`'s next request and records its latency from `t0` (its start, or its scheduled start). */
  const one = async (l: number, t0: number): Promise<void> => {
    seq += 1;
    const template = Array.isArray(spec.body) ? spec.body[l % spec.body.length] : spec.body;
    const body = template === undefined ? undefined : Buffer.from(template.replaceAll('__L__', String(l)).replaceAll('__N__', String(seq)));
    const { status } = await send(spec.method, spec.path.replaceAll('__L__', String(l)), spec.token, false, body, spec.contentType);
    latencies.push(performance.now() - t0);
    requests += 1;
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  if (spec.ratePerSecond !== undefined) {
    const interval = 1000 / spec.ratePerSecond;
    const sent: Promise<void>[] = [];
    for (let i = 0; start + i * interval < deadline; i++) {
      const at = start + i * interval;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sent.push(one(i % spec.concurrency, at));
    }
    await Promise.all(sent);
  } else {
    const lane = async (l: number): Promise<void> => {
      while (performance.now() < deadline) await one(l, performance.now());
    };
    await Promise.all(Array.from({ length: spec.concurrency }, (_, l) => lane(l)));
  }
  const elapsedMs = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return {
    requests, elapsedMs, perSecond: (requests / elapsedMs) * 1000, statuses,
    p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? 0,
  };
}

async function fetchTimed(path: string, token: string | undefined): Promise<FetchResult> {
  const start = performance.now();
  const r = await send('GET', path, token, true);
  const elapsedMs = performance.now() - start;
  // Decoding is outside the timed part: it is the client's cost, not the server's.
  let items: number | undefined;
  let continueToken: string | undefined;
  try {
    const doc = JSON.parse(r.body!.toString('utf8'));
    if (Array.isArray(doc.items)) items = doc.items.length;
    continueToken = doc.metadata?.continue || undefined;
  } catch { /* not JSON: leave items undefined */ }
  return { status: r.status, elapsedMs, bytes: r.bytes, items, continueToken };
}

async function handle(m: WorkerRequest): Promise<unknown> {
  switch (m.op) {
    case 'load': return load(m.spec);
    case 'fetch': return fetchTimed(m.path, m.token);
  }
}

parentPort!.on('message', (m: WorkerRequest) => {
  handle(m).then(
    (result) => parentPort!.postMessage({ id: m.id, ok: true, result } satisfies WorkerReply),
    (err: unknown) => parentPort!.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies WorkerReply),
  );
});
