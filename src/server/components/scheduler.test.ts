import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { nodeObject } from './node-agent';
import { api, startServerProcess, type TestServer } from '../testing/server-process';
import { ApiClient } from './client';
import { bytes, cpuMillis, decide, failureMessage, filterNode, parseQuantity, podRequests, Scheduler, type Resources } from './scheduler';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const at = new Date(NOW - 1000).toISOString();
const node = (name: string, patch: (n: any) => void = () => {}): KubeObject => {
  const n = nodeObject(name, Number(name.split('-')[1] ?? 1), at) as any;
  patch(n);
  return n;
};
const pod = (requests: Record<string, string> = {}, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' },
  spec: { containers: [{ name: 'c', image: 'x', resources: { requests } }], ...extra },
} as KubeObject);
const idle: Resources = { cpu: 0, memory: 0, pods: 0 };

describe('quantities', () => {
  const cases: [string, number][] = [['100m', 0.1], ['1', 1], ['1.5', 1.5], ['2Gi', 2 * 2 ** 30], ['512Mi', 512 * 2 ** 20], ['1e3', 1000], ['128M', 128e6], ['1k', 1000], ['2E', 2e18], ['.5', 0.5]];
  for (const [q, want] of cases) test(`parseQuantity(${q})`, () => assert.equal(parseQuantity(q), want));
  test('malformed quantities are NaN and count as zero', () => {
    assert.ok(Number.isNaN(parseQuantity('lots')));
    assert.equal(cpuMillis('lots'), 0);
  });
  test('cpu in millicores, memory in bytes', () => {
    assert.equal(cpuMillis('250m'), 250);
    assert.equal(cpuMillis('0.1'), 100);
    assert.equal(cpuMillis(2), 2000);
    assert.equal(bytes('64Mi'), 67108864);
  });
});

describe('podRequests', () => {
  test('sums containers, takes the largest init container, adds overhead', () => {
    const p = {
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { name: 'b', resources: { requests: { cpu: '200m' } } }],
        initContainers: [{ name: 'i', resources: { requests: { cpu: '500m', memory: '32Mi' } } }],
        overhead: { cpu: '10m' },
      },
    } as KubeObject;
    assert.deepEqual(podRequests(p), { cpu: 510, memory: 64 * 2 ** 20, pods: 1 });
  });
});

describe('filterNode and decide', () => {
  test('a Ready node with room fits', () => {
    assert.deepEqual(filterNode(pod({ cpu: '1' }), node('node-1'), idle, NOW), []);
  });
  const cases: { name: string; pod: KubeObject; node: KubeObject; used?: Resources; want: string[] }[] = [
    { name: 'too much cpu', pod: pod({ cpu: '5' }), node: node('node-1'), want: ['Insufficient cpu'] },
    { name: 'too much memory', pod: pod({ memory: '9Gi' }), node: node('node-1'), want: ['Insufficient memory'] },
    { name: 'cpu used up by bound pods', pod: pod({ cpu: '1' }), node: node('node-1'), used: { cpu: 3500, memory: 0, pods: 3 }, want: ['Insufficient cpu'] },
    { name: 'full of pods', pod: pod(), node: node('node-1'), used: { cpu: 0, memory: 0, pods: 110 }, want: ['Too many pods'] },
    { name: 'not ready', pod: pod(), node: node('node-1', (n) => { n.status.conditions.find((c: any) => c.type === 'Ready').status = 'False'; }), want: ['node(s) were not ready'] },
    { name: 'stale heartbeat', pod: pod(), node: node('node-1', (n) => { for (const c of n.status.conditions) c.lastHeartbeatTime = new Date(NOW - 60_000).toISOString(); }), want: ['node(s) were not ready'] },
    { name: 'cordoned', pod: pod(), node: node('node-1', (n) => { n.spec.unschedulable = true; }), want: ['node(s) were unschedulable'] },
    { name: 'nodeSelector mismatch', pod: pod({}, { nodeSelector: { disk: 'ssd' } }), node: node('node-1'), want: ["node(s) didn't match Pod's node affinity/selector"] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(filterNode(c.pod, c.node, c.used ?? idle, NOW), c.want));

  test('picks the least allocated node', () => {
    const used: Record<string, Resources> = { 'node-1': { cpu: 2000, memory: 0, pods: 5 }, 'node-2': { cpu: 100, memory: 0, pods: 1 } };
    assert.deepEqual(decide(pod({ cpu: '100m' }), [node('node-1'), node('node-2')], (n) => used[n], NOW), { node: 'node-2' });
  });
  test('spreads best-effort pods by pod count, ties by name', () => {
    assert.deepEqual(decide(pod(), [node('node-2'), node('node-1')], () => idle, NOW), { node: 'node-1' });
    const used: Record<string, Resources> = { 'node-1': { cpu: 0, memory: 0, pods: 2 }, 'node-2': { cpu: 0, memory: 0, pods: 1 } };
    assert.deepEqual(decide(pod(), [node('node-1'), node('node-2')], (n) => used[n], NOW), { node: 'node-2' });
  });
  test('says why no node fits, as kube-scheduler', () => {
    assert.deepEqual(decide(pod({ cpu: '5' }), [node('node-1'), node('node-2')], () => idle, NOW), { message: '0/2 nodes are available: 2 Insufficient cpu.' });
    assert.deepEqual(decide(pod(), [], () => idle, NOW), { message: 'no nodes available to schedule pods' });
    assert.equal(failureMessage(3, [['Insufficient memory'], ['Insufficient cpu', 'Insufficient memory'], ['node(s) were not ready']]),
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) were not ready, 2 Insufficient memory.');
  });
});

describe('Scheduler on one pod informer (a real server)', () => {
  let s: TestServer;
  const ok = async (method: string, p: string, body?: unknown) => {
    const r = await api(s, method, p, { token: s.adminToken, body });
    assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
    return r.body;
  };
  const pod = (name: string, cpu: string, nodeName?: string) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36', resources: { requests: { cpu } } }], ...(nodeName ? { nodeName } : {}) },
  });
  const nodeOf = async (name: string): Promise<string | undefined> => (await ok('GET', `/api/v1/namespaces/default/pods/${name}`)).spec.nodeName;
  const until = async (what: string, f: () => Promise<boolean>) => {
    for (const end = Date.now() + 10_000; !(await f());) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  before(async () => { s = await startServerProcess(); });
  after(async () => { await s?.stop(); });

  test('one watch of all pods, split into pending and assigned; nothing is bound before every assigned pod is counted', async () => {
    const at = new Date().toISOString();
    for (const [i, n] of ['node-1', 'node-2'].entries()) await ok('POST', '/api/v1/nodes', nodeObject(n, i + 1, at));
    // Listed first ('new' < 'old'), the pending pod must not be bound before 'old' has counted node-1's CPUs.
    const cpus = cpuMillis((nodeObject('node-1', 1, at).status as { allocatable: { cpu: string } }).allocatable.cpu);
    await ok('POST', '/api/v1/namespaces/default/pods', pod('old', `${cpus - 500}m`, 'node-1'));
    await ok('POST', '/api/v1/namespaces/default/pods', pod('new', '1'));
    const client = new ApiClient({ server: s.url, ca: s.ca, token: s.adminToken });
    const sched = new Scheduler({ client });
    try {
      await sched.start();
      await until('new is bound', async () => (await nodeOf('new')) !== undefined);
      assert.equal(await nodeOf('new'), 'node-2');
      // An assigned pod's deletion frees its node; a pod added later is bound there.
      await ok('DELETE', '/api/v1/namespaces/default/pods/old?gracePeriodSeconds=0');
      await ok('POST', '/api/v1/namespaces/default/pods', pod('later', `${cpus - 500}m`));
      await until('later is bound', async () => (await nodeOf('later')) !== undefined);
      assert.equal(await nodeOf('later'), 'node-1');
      // The scheduler read pods through one watch, with no field selector.
      sched.stop();
      const events = async () => ((await ok('GET', `/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent('user.username=admin')}&limit=500`)).items as any[])
        .filter((e) => e.objectRef?.resource === 'pods' && e.verb === 'watch');
      await until('the ended watch in the audit log', async () => (await events()).length > 0);
      const watches = (await events()).map((e) => new URL(e.requestURI, s.url));
      assert.deepEqual(watches.map((u) => [u.pathname, u.searchParams.get('watch'), u.searchParams.get('fieldSelector')]), [['/api/v1/pods', 'true', null]]);
    } finally {
      sched.stop();
      client.close();
    }
  });
});
