import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../shared/api/meta';
import { FakeApi } from '../testing/fake-api';
import { SharedInformers } from './shared-informers';

const pod = (name: string, rv: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: rv } } as KubeObject);

const tick = () => new Promise((r) => setTimeout(r, 10));

test('controllers allowed to read pods share one list and one watch; each handler sees every change', async () => {
  const api = new FakeApi({ '/api/v1/pods': [pod('a', '1')] }, new Set(['rs', 'job']));
  const informers = new SharedInformers();
  const seen: Record<string, string[]> = { rs: [], job: [] };
  const rs = informers.informer(api.client('rs'), { group: '', resource: 'pods' }, {}, (t, o) => seen.rs.push(`${t} ${o.metadata.name}`));
  rs.start();
  await rs.synced();
  // A second controller comes after the first list: it is handed the cache as ADDED, as client-go does.
  const job = informers.informer(api.client('job'), { group: '', resource: 'pods' }, {}, (t, o) => seen.job.push(`${t} ${o.metadata.name}`));
  job.start();
  await job.synced();
  await tick();
  assert.deepEqual(api.lists, ['rs /api/v1/pods']);
  assert.equal(api.watches.length, 1);
  assert.equal(informers.size, 1);
  // Each controller asked, with its own credential, whether it may list and watch pods.
  assert.deepEqual(api.reviews.sort(), ['job list pods', 'job watch pods', 'rs list pods', 'rs watch pods']);
  api.watches[0].onEvent({ type: 'MODIFIED', object: pod('a', '2') });
  api.watches[0].onEvent({ type: 'ADDED', object: pod('b', '3') });
  assert.deepEqual(seen.rs, ['ADDED a', 'MODIFIED a', 'ADDED b']);
  assert.deepEqual(seen.job, ['ADDED a', 'MODIFIED a', 'ADDED b']);
  assert.equal(rs.cache, job.cache);
  assert.deepEqual([...job.cache.keys()], ['ns/a', 'ns/b']);
  // The watch stops with the last of its controllers.
  rs.stop();
  assert.equal(api.watches[0].signal?.aborted, false);
  api.watches[0].onEvent({ type: 'DELETED', object: pod('b', '4') });
  assert.deepEqual(seen.rs, ['ADDED a', 'MODIFIED a', 'ADDED b']);
  assert.deepEqual(seen.job.at(-1), 'DELETED b');
  job.stop();
  assert.equal(api.watches[0].signal?.aborted, true);
  assert.equal(informers.size, 0);
});

test('a controller that may not read a resource never sees the shared cache: it reads with its own credential, and fails as before', async () => {
  const api = new FakeApi({ '/api/v1/pods': [pod('a', '1')] }, new Set(['rs']));
  const informers = new SharedInformers();
  const rs = informers.informer(api.client('rs'), { group: '', resource: 'pods' }, {}, () => {});
  const seen: string[] = [];
  const other = informers.informer(api.client('deployment'), { group: '', resource: 'pods' }, {}, (t, o) => seen.push(`${t} ${o.metadata.name}`));
  rs.start();
  other.start();
  await rs.synced();
  await tick();
  assert.deepEqual(api.lists.sort(), ['deployment /api/v1/pods', 'rs /api/v1/pods']);
  assert.equal(other.cache.size, 0);
  assert.deepEqual(seen, []);
  assert.equal(informers.size, 1);
  rs.stop();
  other.stop();
});

test('different queries are different informers', async () => {
  const api = new FakeApi({}, new Set(['a']));
  const informers = new SharedInformers();
  const all = informers.informer(api.client('a'), { group: '', resource: 'pods' }, {}, () => {});
  const some = informers.informer(api.client('a'), { group: '', resource: 'pods' }, { labelSelector: 'x=y' }, () => {});
  all.start();
  some.start();
  await Promise.all([all.synced(), some.synced()]);
  assert.equal(informers.size, 2);
  assert.equal(api.watches.length, 2);
  all.stop();
  some.stop();
});
