import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { StatusError, type ApiClient, type WatchEvent } from './client';
import { ObjectWatches } from './object-watches';

const cm = (ns: string, name: string, rv: string, data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: ns, name, resourceVersion: rv }, data } as KubeObject);

/** fakeApi serves `objects` to GET, list and watch by path and records the requests; `send` pushes a watch event. */
function fakeApi(objects: Map<string, KubeObject>) {
  const requests: string[] = [];
  const watchers = new Set<{ path: string; name: string; onEvent: (e: WatchEvent) => void }>();
  let listed!: () => void;
  const firstList = new Promise<void>((r) => { listed = r; });
  const client = {
    get: async (path: string) => {
      requests.push(`GET ${path}`);
      const o = objects.get(path);
      if (!o) throw new StatusError(404, 'NotFound', `GET ${path}: not found`);
      return o;
    },
    list: async (path: string, query: Record<string, string>) => {
      requests.push(`LIST ${path}?${query.fieldSelector}`);
      const name = /^metadata\.name=(.*)$/.exec(query.fieldSelector)![1];
      const o = objects.get(`${path}/${name}`);
      setImmediate(listed);
      return { items: o ? [o] : [], metadata: { resourceVersion: '10' } };
    },
    watch: (path: string, query: Record<string, string>, onEvent: (e: WatchEvent) => void, signal?: AbortSignal) => {
      requests.push(`WATCH ${path}?${query.fieldSelector}`);
      const w = { path, name: /^metadata\.name=(.*)$/.exec(query.fieldSelector)![1], onEvent };
      watchers.add(w);
      return new Promise<void>((resolve) => signal?.addEventListener('abort', () => { watchers.delete(w); resolve(); }, { once: true }));
    },
  } as unknown as ApiClient;
  const send = (type: 'ADDED' | 'MODIFIED' | 'DELETED', o: KubeObject) => {
    for (const w of watchers) if (w.path === `/api/v1/namespaces/${o.metadata.namespace}/configmaps` && w.name === o.metadata.name) w.onEvent({ type, object: o });
  };
  return { client, requests, watchers, send, firstList };
}

const data = (o: KubeObject) => (o as KubeObject & { data?: Record<string, string> }).data?.['ca.crt'];
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('ObjectWatches (a node agent\'s config map watches)', () => {
  test('one watch per config map: a GET until it has listed, then its copy, changes included', async () => {
    const path = '/api/v1/namespaces/a/configmaps/kube-root-ca.crt';
    const api = fakeApi(new Map([[path, cm('a', 'kube-root-ca.crt', '5', { 'ca.crt': 'v1' })]]));
    const w = new ObjectWatches(api.client);
    // Not listed yet: the API answers.
    assert.equal(data(await w.get('a/p1', 'a', 'kube-root-ca.crt')), 'v1');
    await api.firstList;
    await settle();
    for (let i = 2; i <= 20; i++) assert.equal(data(await w.get(`a/p${i}`, 'a', 'kube-root-ca.crt')), 'v1');
    assert.deepEqual([...api.requests].sort(), [
      `GET ${path}`,
      'LIST /api/v1/namespaces/a/configmaps?metadata.name=kube-root-ca.crt',
      'WATCH /api/v1/namespaces/a/configmaps?metadata.name=kube-root-ca.crt',
    ]);
    // A change reaches the next pod through the watch, without a request.
    api.send('MODIFIED', cm('a', 'kube-root-ca.crt', '11', { 'ca.crt': 'v2' }));
    assert.equal(data(await w.get('a/p21', 'a', 'kube-root-ca.crt')), 'v2');
    assert.equal(api.requests.length, 3);
    assert.deepEqual(w.watching(), ['a/kube-root-ca.crt']);
    w.stop();
    assert.equal(api.watchers.size, 0);
  });

  test('a config map the watch does not hold is the API\'s answer (a 404 stays a 404; one created later is found)', async () => {
    const objects = new Map<string, KubeObject>();
    const api = fakeApi(objects);
    const w = new ObjectWatches(api.client);
    await assert.rejects(w.get('a/p1', 'a', 'late'), (e: unknown) => e instanceof StatusError && e.code === 404);
    await api.firstList;
    await settle();
    await assert.rejects(w.get('a/p1', 'a', 'late'), (e: unknown) => e instanceof StatusError && e.code === 404);
    assert.equal(api.requests.filter((r) => r.startsWith('GET')).length, 2);
    objects.set('/api/v1/namespaces/a/configmaps/late', cm('a', 'late', '12'));
    assert.equal((await w.get('a/p1', 'a', 'late')).metadata.name, 'late');
    w.stop();
  });

  test('a watch lasts while a pod holds it: released by the last pod, it stops', async () => {
    const api = fakeApi(new Map([['/api/v1/namespaces/a/configmaps/x', cm('a', 'x', '1')], ['/api/v1/namespaces/b/configmaps/x', cm('b', 'x', '2')]]));
    const w = new ObjectWatches(api.client);
    await w.get('a/p1', 'a', 'x');
    await w.get('a/p2', 'a', 'x');
    await w.get('b/p3', 'b', 'x');
    await api.firstList;
    await settle();
    assert.deepEqual(w.watching().sort(), ['a/x', 'b/x']);
    assert.equal(api.watchers.size, 2);
    w.release('a/p1');
    assert.deepEqual(w.watching().sort(), ['a/x', 'b/x']);
    w.release('a/p2');
    w.release('a/p2');
    assert.deepEqual(w.watching(), ['b/x']);
    await settle();
    assert.deepEqual([...api.watchers].map((x) => x.path), ['/api/v1/namespaces/b/configmaps']);
    // Wanted again: a new watch (listed afresh).
    await w.get('a/p4', 'a', 'x');
    assert.deepEqual(w.watching().sort(), ['a/x', 'b/x']);
    w.stop();
  });
});
