import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta';
import { nodeObject } from '../../components/node-agent';
import { createStore, openDatabase } from '../../storage/store';
import { deletePodGracefully, gracePeriod, nodeIsLive } from './deletion';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('graceful pod deletion', () => {
  const store = createStore(openDatabase(':memory:'));
  store.create('/nodes', '', 'node-1', nodeObject('node-1', 1, new Date(NOW - 5000).toISOString()));
  store.create('/nodes', '', 'node-old', nodeObject('node-old', 9, new Date(NOW - 120_000).toISOString()));
  const mk = (name: string, nodeName?: string, grace?: number) => store.create('/pods', 'a', name, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'a', uid: name }, spec: { containers: [{ name: 'c' }], ...(nodeName ? { nodeName } : {}), ...(grace !== undefined ? { terminationGracePeriodSeconds: grace } : {}) } } as KubeObject);

  test('a node is live while its Ready heartbeat is fresh', () => {
    assert.ok(nodeIsLive(store.get('/nodes', '', 'node-1'), NOW));
    assert.ok(!nodeIsLive(store.get('/nodes', '', 'node-old'), NOW));
    assert.ok(!nodeIsLive(undefined, NOW));
  });
  test('the grace period comes from the request, else the pod', () => {
    assert.equal(gracePeriod(mk('g1', 'node-1', 5), {}), 5);
    assert.equal(gracePeriod(mk('g2', 'node-1'), {}), 30);
    assert.equal(gracePeriod(mk('g3', 'node-1', 5), { gracePeriodSeconds: 0 }), 0);
  });
  test('a pod on a live node is marked, not removed', () => {
    const p = mk('run', 'node-1', 10);
    assert.equal(deletePodGracefully(store, p, {}, NOW), 'graceful');
    const cur = store.get('/pods', 'a', 'run')!;
    assert.equal(cur.metadata.deletionTimestamp, '2026-01-01T00:00:10Z');
    assert.equal(cur.metadata.deletionGracePeriodSeconds, 10);
    // A second delete does not push the deadline out; grace 0 removes.
    assert.equal(deletePodGracefully(store, cur, { gracePeriodSeconds: 20 }, NOW), 'graceful');
    assert.equal(store.get('/pods', 'a', 'run')!.metadata.deletionTimestamp, '2026-01-01T00:00:10Z');
    assert.equal(deletePodGracefully(store, store.get('/pods', 'a', 'run')!, { gracePeriodSeconds: 0 }, NOW), undefined);
  });
  test('unbound and finished pods, pods of gone or stale nodes, and grace 0 go at once', () => {
    assert.equal(deletePodGracefully(store, mk('unbound'), {}, NOW), undefined);
    assert.equal(deletePodGracefully(store, mk('ghost', 'node-9'), {}, NOW), undefined);
    assert.equal(deletePodGracefully(store, mk('stale', 'node-old'), {}, NOW), undefined);
    assert.equal(deletePodGracefully(store, mk('force', 'node-1'), { gracePeriodSeconds: 0 }, NOW), undefined);
    const done = mk('done', 'node-1');
    assert.equal(deletePodGracefully(store, { ...done, status: { phase: 'Succeeded' } } as KubeObject, {}, NOW), undefined);
  });
});
