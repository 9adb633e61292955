import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { ClientInit, FetchResult, LoadResult, WorkerReply, WorkerRequest } from './http-client';

// The load generator runs in its own thread so that the client's TLS and HTTP work does not share
// the server's event loop: the server thread is the one being measured.

const init = workerData.init as ClientInit;
const base = new URL(init.url);
const agent = new https.Agent({ keepAlive: true, maxSockets: init.maxSockets, ca: init.ca, rejectUnauthorized: true });

function get(path: string, token: string | undefined, keepBody: boolean, body?: Buffer): Promise<{ status: number; body?: Buffer; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      agent, host: base.hostname, port: base.port, path, method: body ? 'POST' : 'GET',
      headers: {
        Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}),
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

async function load(path: string, token: string | undefined, concurrency: number, durationMs: number): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  let requests = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const { status } = await get(path, token, false);
      requests += 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsedMs = performance.now() - start;
  return { requests, elapsedMs, perSecond: (requests / elapsedMs) * 1000, statuses };
}

let postSeq = 0;

async function post(path: string, token: string | undefined, template: string, concurrency: number, durationMs: number): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  let requests = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      postSeq += 1;
      const { status } = await get(path, token, false, Buffer.from(template.replaceAll('__N__', String(postSeq))));
      requests += 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsedMs = performance.now() - start;
  return { requests, elapsedMs, perSecond: (requests / elapsedMs) * 1000, statuses };
}

async function fetchTimed(path: string, token: string | undefined): Promise<FetchResult> {
  const start = performance.now();
  const r = await get(path, token, true);
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
    case 'load': return load(m.path, m.token, m.concurrency, m.durationMs);
    case 'fetch': return fetchTimed(m.path, m.token);
    case 'post': return post(m.path, m.token, m.body, m.concurrency, m.durationMs);
  }
}

parentPort!.on('message', (m: WorkerRequest) => {
  handle(m).then(
    (result) => parentPort!.postMessage({ id: m.id, ok: true, result } satisfies WorkerReply),
    (err: unknown) => parentPort!.postMessage({ id: m.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies WorkerReply),
  );
});
