import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../shared/api/meta';
import { api, startServerProcess, type TestServer } from '../testing/server-process';
import { ApiClient, StatusError } from './client';
import { ObjectWatches } from './object-watches';

// ObjectWatches against a real server: the watcher is a user of its own (a token bound to `view`), so
// what it asked the API — GETs, lists and watches of config maps — is read back from the audit trail.

const TOKEN = randomBytes(24).toString('base64url');

describe('ObjectWatches (a node agent\'s config map watches, a real server)', () => {
  let s: TestServer;
  let client: ApiClient;
  const ok = async (method: string, p: string, body?: unknown) => {
    const r = await api(s, method, p, { token: s.adminToken, body });
    assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
    return r.body;
  };
  const cm = (ns: string, name: string, v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: ns, name }, data: { v } });
  const data = (o: KubeObject) => (o as KubeObject & { data?: Record<string, string> }).data?.v;
  const until = async (what: string, f: () => Promise<boolean>) => {
    for (const end = Date.now() + 10_000; !(await f());) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** requests lists the watcher's config map requests in `ns` as the audit trail has them: `VERB name-or-selector`. */
  const requests = async (ns: string): Promise<string[]> => {
    const items = (await ok('GET', `/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent('user.username=watcher')}&limit=500`)).items as any[];
    return items.filter((e) => e.objectRef?.resource === 'configmaps' && e.objectRef?.namespace === ns).reverse().map((e) => {
      const u = new URL(e.requestURI, s.url);
      return `${e.verb} ${e.objectRef.name ?? u.searchParams.get('fieldSelector')}`;
    });
  };

  before(async () => {
    s = await startServerProcess({ tokens: `${TOKEN},watcher,u-watcher,"watchers"\n` });
    await ok('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'watcher' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'watcher' }],
    });
    for (const ns of ['a', 'b', 'c']) await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    client = new ApiClient({ server: s.url, ca: s.ca, token: TOKEN });
  });
  after(async () => {
    client?.close();
    await s?.stop();
  });

  test('one watch per config map: a GET until it has listed, then its copy, changes included', async () => {
    await ok('POST', '/api/v1/namespaces/a/configmaps', cm('a', 'x', 'v1'));
    const w = new ObjectWatches(client);
    try {
      assert.equal(data(await w.get('a/p1', 'a', 'x')), 'v1');
      await until('the watch has listed', async () => (await requests('a')).includes('list metadata.name=x'));
      await until('the watch has synced', async () => w.synced('a', 'x'));
      for (let i = 2; i <= 20; i++) assert.equal(data(await w.get(`a/p${i}`, 'a', 'x')), 'v1');
      // A change reaches the next pod through the watch, without a request.
      await ok('PUT', '/api/v1/namespaces/a/configmaps/x', cm('a', 'x', 'v2'));
      await until('the change arrives', async () => data(await w.get('a/p21', 'a', 'x')) === 'v2');
      assert.deepEqual(w.watching(), ['a/x']);
    } finally {
      w.stop();
    }
    // The watch, ended by stop, is recorded when it ends: one GET (before the list), one list, one watch.
    await until('the ended watch in the audit trail', async () => (await requests('a')).some((r) => r.startsWith('watch')));
    assert.deepEqual((await requests('a')).sort(), ['get x', 'list metadata.name=x', 'watch metadata.name=x']);
  });

  test('a config map the watch does not hold is the API\'s answer: a 404 stays a 404; one created later is found', async () => {
    const w = new ObjectWatches(client);
    try {
      await assert.rejects(w.get('b/p1', 'b', 'late'), (e: unknown) => e instanceof StatusError && e.code === 404);
      await until('the watch has listed', async () => (await requests('b')).includes('list metadata.name=late'));
      await until('the watch has synced', async () => w.synced('b', 'late'));
      await assert.rejects(w.get('b/p1', 'b', 'late'), (e: unknown) => e instanceof StatusError && e.code === 404);
      await ok('POST', '/api/v1/namespaces/b/configmaps', cm('b', 'late', 'here'));
      assert.equal(data(await w.get('b/p1', 'b', 'late')), 'here');
      await until('the two 404s in the audit trail', async () => (await requests('b')).filter((r) => r === 'get late').length >= 2);
    } finally {
      w.stop();
    }
  });

  test('a watch lasts while a pod holds it: released by the last pod, it stops (and ends on the server)', async () => {
    await ok('POST', '/api/v1/namespaces/c/configmaps', cm('c', 'x', '1'));
    await ok('POST', '/api/v1/namespaces/c/configmaps', cm('c', 'y', '2'));
    const w = new ObjectWatches(client);
    try {
      await w.get('c/p1', 'c', 'x');
      await w.get('c/p2', 'c', 'x');
      await w.get('c/p3', 'c', 'y');
      assert.deepEqual(w.watching().sort(), ['c/x', 'c/y']);
      await until('both watches listed', async () => { const r = await requests('c'); return r.includes('list metadata.name=x') && r.includes('list metadata.name=y'); });
      w.release('c/p1');
      assert.deepEqual(w.watching().sort(), ['c/x', 'c/y'], 'p2 still holds x');
      w.release('c/p2');
      w.release('c/p2');
      assert.deepEqual(w.watching(), ['c/y']);
      // x's watch has ended on the server (its event is recorded when it ends); y's has not.
      await until('x\'s watch ended', async () => (await requests('c')).includes('watch metadata.name=x'));
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(!(await requests('c')).includes('watch metadata.name=y'), 'y is still watched');
      // Wanted again: a new watch.
      await w.get('c/p4', 'c', 'x');
      assert.deepEqual(w.watching().sort(), ['c/x', 'c/y']);
    } finally {
      w.stop();
    }
  });
});
