import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient } from '@tanstack/react-query';
import { backoff, onRelist } from './use-list-watch';

const cases: [number, number, number][] = [
  [1, 0.5, 1000], [2, 0.5, 2000], [3, 0.5, 4000], [6, 0.5, 30_000], [50, 0.5, 30_000], [0, 0.5, 1000], [1, 0, 750], [1, 1, 1250],
];
for (const [failures, random, expect] of cases) test(`backoff(${failures}, ${random})`, () => assert.equal(backoff(failures, random), expect));

// A list fetched again (an invalidation after a mutation) must restart the watch; the watch's own
// writes (setQueryData) must not, or every event would reopen the stream.
test('onRelist fires for a fetch of the list, not for watch events written into it', async () => {
  const client = new QueryClient();
  const key = ['resource', 'apps/replicasets', 'list', 'dev'];
  let relists = 0;
  const stop = onRelist(client, key, () => { relists++; });
  const list = (rv: string) => ({ items: [], resourceVersion: rv });
  await client.fetchQuery({ queryKey: key, queryFn: async () => list('1') });
  assert.equal(relists, 1);
  client.setQueryData(key, list('2'));
  assert.equal(relists, 1, 'a watch event is not a relist');
  await client.fetchQuery({ queryKey: ['resource', 'apps/replicasets', 'list', 'other'], queryFn: async () => list('3') });
  assert.equal(relists, 1, 'another list is not this one');
  await client.invalidateQueries({ queryKey: key, refetchType: 'all' });
  await client.refetchQueries({ queryKey: key });
  assert.ok(relists >= 2, 'a refetch after an invalidation is a relist');
  const seen = relists;
  stop();
  await client.fetchQuery({ queryKey: key, queryFn: async () => list('4'), staleTime: 0 });
  assert.equal(relists, seen, 'unsubscribed');
  client.clear();
});
