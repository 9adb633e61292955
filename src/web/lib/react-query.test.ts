import assert from 'node:assert/strict';
import { test } from 'node:test';
import { focusManager, QueryClient, QueryObserver, type QueryObserverOptions } from '@tanstack/react-query';
import { ApiError } from './api-client';
import { createQueryClient, isRefusal, shouldRetry } from './react-query';

// The query client never re-sends a refused request by itself (each would be refused, and audited,
// again). Driven through the real QueryClient and QueryObserver, as components use them.

const refusal = () => new ApiError({ status: 403, reason: 'Forbidden', message: 'auditevents is forbidden' });
const failure = () => new ApiError({ status: 503, reason: 'ServiceUnavailable', message: 'busy' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** counted is a query function that fails with `err()` and counts its calls. */
function counted(err: () => Error) {
  const fn = async () => { fn.calls += 1; throw err(); };
  fn.calls = 0;
  return fn;
}

/** observe mounts an observer (like a component's useQuery) and resolves once it has settled. */
async function observe(client: QueryClient, options: QueryObserverOptions<unknown, Error, unknown, unknown, readonly unknown[]>, settleMs = 50): Promise<() => void> {
  const observer = new QueryObserver(client, options);
  const stop = observer.subscribe(() => {});
  await sleep(settleMs);
  return stop;
}

test('isRefusal: 4xx but 429 is an answer; 5xx, 429, network failures and other errors are not', () => {
  const e = (status: number) => new ApiError({ status, reason: '', message: '' });
  assert.deepEqual([400, 401, 403, 404, 409, 422].map((s) => isRefusal(e(s))), [true, true, true, true, true, true]);
  assert.deepEqual([0, 429, 500, 503].map((s) => isRefusal(e(s))), [false, false, false, false]);
  assert.equal(isRefusal(new Error('boom')), false);
  assert.equal(shouldRetry(0, e(403)), false);
  assert.equal(shouldRetry(0, e(503)), true);
  assert.equal(shouldRetry(2, e(503)), false);
});

test('a refused prefetch is not sent again when components mount the same query (a plain client sends it per mount)', async () => {
  const cases = [
    { name: 'the console client', client: createQueryClient(), calls: 1 },
    { name: 'a plain client', client: new QueryClient({ defaultOptions: { queries: { retry: false } } }), calls: 3 },
  ];
  for (const c of cases) {
    const fn = counted(refusal);
    await c.client.prefetchQuery({ queryKey: ['refused'], queryFn: fn });
    const stop = await observe(c.client, { queryKey: ['refused'], queryFn: fn });
    const stop2 = await observe(c.client, { queryKey: ['refused'], queryFn: fn });
    stop();
    stop2();
    assert.equal(fn.calls, c.calls, c.name);
    c.client.clear();
  }
});

test('a refused query is not retried even when the query asks for retries, nor re-sent on focus or reconnect', async () => {
  const client = createQueryClient();
  client.mount();
  try {
    const fn = counted(refusal);
    const stop = await observe(client, { queryKey: ['r'], queryFn: fn, retry: 3, retryDelay: 1, refetchOnWindowFocus: 'always' });
    assert.equal(fn.calls, 1);
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    await sleep(50);
    assert.equal(fn.calls, 1, 'not on focus');
    stop();
  } finally {
    focusManager.setFocused(undefined);
    client.unmount();
    client.clear();
  }
});

test('a refused query stops its interval; a failing one keeps polling and is retried', async () => {
  const client = createQueryClient();
  const no = counted(refusal);
  const stopNo = await observe(client, { queryKey: ['poll-refused'], queryFn: no, refetchInterval: 10 }, 120);
  stopNo();
  assert.equal(no.calls, 1);
  const busy = counted(failure);
  const stopBusy = await observe(client, { queryKey: ['poll-busy'], queryFn: busy, refetchInterval: 10, retryDelay: 1 }, 120);
  stopBusy();
  assert.ok(busy.calls >= 3, `a 503 is retried and polled: ${busy.calls} calls`);
  client.clear();
});

test('a refused query is asked again when the person retries (refetch)', async () => {
  const client = createQueryClient();
  const fn = counted(refusal);
  const observer = new QueryObserver(client, { queryKey: ['again'], queryFn: fn });
  const stop = observer.subscribe(() => {});
  await sleep(30);
  await observer.refetch();
  stop();
  assert.equal(fn.calls, 2);
  client.clear();
});
