import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { nodeObject } from './node-agent';
import { FakeApi } from '../testing/fake-api';
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

describe('Scheduler on one pod informer', () => {
  const at = new Date().toISOString();
  const p = (name: string, cpu: string, nodeName?: string): KubeObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: '1' },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu } } }], ...(nodeName ? { nodeName } : {}) },
  } as KubeObject);
  const bindings = (api: FakeApi) => api.writes.filter((w) => w.path.endsWith('/binding')).map((w) => `${w.body.metadata.name}→${w.body.target.name}`);
  const until = async (what: string, f: () => boolean) => {
    for (const end = Date.now() + 5000; !f();) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  test('one watch of all pods, split into pending and assigned; nothing is bound before every assigned pod is counted', async () => {
    // The pending pod comes first in the list: binding it at once would not yet see node-1's 3.5 CPUs in use.
    const api = new FakeApi({ '/api/v1/nodes': [nodeObject('node-1', 1, at), nodeObject('node-2', 2, at)], '/api/v1/pods': [p('new', '1'), p('old', '3500m', 'node-1')] });
    const s = new Scheduler({ client: api.client('scheduler') });
    try {
      await s.start();
      await until('a binding', () => bindings(api).length === 1);
      assert.deepEqual(bindings(api), ['new→node-2']);
      const podWatches = api.watches.filter((w) => w.path === '/api/v1/pods');
      assert.equal(podWatches.length, 1);
      assert.equal(podWatches[0].query.fieldSelector, undefined);
      // The bound pod leaves the pending set; a pod added later is bound; an assigned pod's deletion frees its node.
      api.send('/api/v1/pods', { type: 'MODIFIED', object: p('new', '1', 'node-2') });
      api.send('/api/v1/pods', { type: 'DELETED', object: p('old', '3500m', 'node-1') });
      api.send('/api/v1/pods', { type: 'ADDED', object: p('later', '3') });
      await until('a second binding', () => bindings(api).length === 2);
      assert.deepEqual(bindings(api), ['new→node-2', 'later→node-1']);
    } finally {
      s.stop();
    }
  });
});
