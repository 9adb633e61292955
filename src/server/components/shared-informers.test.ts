// Shared informers against a real `gatehouse serve` (its real authn, RBAC, SQLite store and audit log):
// who lists and watches is read back from the audit trail, not from a stand-in server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../shared/api/meta';
import { api, startServerProcess, type TestServer } from '../testing/server-process';
import { ApiClient } from './client';
import { SharedInformers } from './shared-informers';

const TOKENS = { rs: 'rs-token-0123456789abcdef', job: 'job-token-0123456789abcdef', other: 'other-token-0123456789abcdef' };

describe('shared informers on a real server', () => {
  let s: TestServer;
  const clients: ApiClient[] = [];
  const client = (who: keyof typeof TOKENS): ApiClient => {
    const c = new ApiClient({ server: s.url, ca: s.ca, token: TOKENS[who] });
    clients.push(c);
    return c;
  };
  const ok = async (method: string, p: string, body?: unknown) => {
    const r = await api(s, method, p, { token: s.adminToken, body });
    assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
    return r.body;
  };
  const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
  /** reads are `who`'s audited list and watch requests of pods, as "verb uri". */
  const reads = async (who: string): Promise<string[]> => {
    const events = (await ok('GET', `/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent(`user.username=${who}`)}&limit=500`)).items as any[];
    return events.filter((e) => e.objectRef?.resource === 'pods' && (e.verb === 'list' || e.verb === 'watch')).map((e) => `${e.verb} ${e.requestURI.split('?')[0]}`);
  };
  const until = async (what: string, f: () => boolean | Promise<boolean>) => {
    for (const end = Date.now() + 10_000; !(await f());) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  before(async () => {
    s = await startServerProcess({ tokens: `${TOKENS.rs},rs,u-rs,"readers"\n${TOKENS.job},job,u-job,"readers"\n${TOKENS.other},other,u-other,"others"\n` });
    await ok('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'readers-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'readers' }],
    });
    await ok('POST', '/api/v1/namespaces/default/pods', pod('a'));
  });
  after(async () => {
    for (const c of clients) c.close();
    await s?.stop();
  });

  test('controllers allowed to read pods share one list and one watch; each handler sees every change; the watch stops with the last view', async () => {
    const informers = new SharedInformers();
    const seen: Record<string, string[]> = { rs: [], job: [] };
    const rs = informers.informer(client('rs'), { group: '', resource: 'pods' }, {}, (t, o) => seen.rs.push(`${t} ${o.metadata.name}`));
    rs.start();
    await rs.synced();
    // A second controller comes after the first list: it is handed the cache as ADDED, as client-go does.
    const job = informers.informer(client('job'), { group: '', resource: 'pods' }, {}, (t, o) => seen.job.push(`${t} ${o.metadata.name}`));
    job.start();
    await job.synced();
    assert.equal(informers.size, 1);
    assert.equal(rs.cache, job.cache);
    await ok('POST', '/api/v1/namespaces/default/pods', pod('b'));
    await until('both handlers see b', () => seen.rs.includes('ADDED b') && seen.job.includes('ADDED b'));
    assert.deepEqual(seen.rs, ['ADDED a', 'ADDED b']);
    assert.deepEqual(seen.job, ['ADDED a', 'ADDED b']);
    assert.deepEqual([...job.cache.keys()].sort(), ['default/a', 'default/b']);
    // A view that stops leaves the others fed; the last one stops the shared watch.
    rs.stop();
    await ok('DELETE', '/api/v1/namespaces/default/pods/b?gracePeriodSeconds=0');
    await until('job sees b deleted', () => seen.job.at(-1) === 'DELETED b');
    assert.ok(!seen.rs.includes('DELETED b'));
    job.stop();
    assert.equal(informers.size, 0);
    // The server saw one list and one watch (audited when it ends), both as the first controller; the
    // second controller read nothing itself.
    await until('the ended watch in the audit log', async () => (await reads('rs')).length >= 2);
    assert.deepEqual((await reads('rs')).sort(), ['list /api/v1/pods', 'watch /api/v1/pods']);
    assert.deepEqual(await reads('job'), []);
  });

  test('a controller that may not read pods never sees the shared cache: it reads with its own credential and fails as before', async () => {
    const informers = new SharedInformers();
    const rs = informers.informer(client('rs'), { group: '', resource: 'pods' }, {}, () => {});
    const seen: string[] = [];
    const other = informers.informer(client('other'), { group: '', resource: 'pods' }, {}, (t, o: KubeObject) => seen.push(`${t} ${o.metadata.name}`));
    rs.start();
    other.start();
    await rs.synced();
    // Its own list is refused (403) by the server, under its own name.
    await until('the refused list in the audit log', async () => (await reads('other')).length > 0);
    assert.equal(other.cache.size, 0);
    assert.deepEqual(seen, []);
    assert.equal(informers.size, 1);
    rs.stop();
    other.stop();
  });

  test('different queries are different informers', async () => {
    const informers = new SharedInformers();
    const all = informers.informer(client('rs'), { group: '', resource: 'pods' }, {}, () => {});
    const some = informers.informer(client('rs'), { group: '', resource: 'pods' }, { labelSelector: 'x=y' }, () => {});
    all.start();
    some.start();
    await Promise.all([all.synced(), some.synced()]);
    assert.equal(informers.size, 2);
    assert.notEqual(all.cache, some.cache);
    all.stop();
    some.stop();
  });
});
