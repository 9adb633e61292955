import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Pod } from '../../../../shared/api/core';
import type { Deployment, Job, ReplicaSet } from '../../../../shared/api/workloads';
import { stopWorkload, workloadsOf, type Controllers } from './controllers';
import { orphanedCreators } from './workloads';

const meta = (ns: string, name: string, by?: string, templateBy?: string, extra: Record<string, unknown> = {}) => ({
  namespace: ns, name, annotations: { ...(by ? { 'gatehouse.dev/created-by': by } : {}), ...(templateBy ? { 'gatehouse.dev/template-changed-by': templateBy } : {}) }, ...extra,
});
const spec = { selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'c' }] } } };
const c: Controllers = {
  deployments: [
    { metadata: meta('b', 'web', 'alice', 'alice'), spec: { ...spec, replicas: 3 }, status: { readyReplicas: 2 } },
    { metadata: meta('a', 'taken-over', 'alice', 'admin'), spec, status: {} },
    { metadata: meta('a', 'handed-over', 'admin', 'alice'), spec: { ...spec, replicas: 0 } },
    { metadata: meta('a', 'bobs', 'bob', 'bob'), spec },
  ] as Deployment[],
  replicasets: [
    { metadata: meta('b', 'web-abc', 'alice', 'alice', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u', controller: true }] }), spec },
    { metadata: meta('a', 'alone', 'alice', 'alice', { deletionTimestamp: '2026-01-01T00:00:00Z' }), spec: { ...spec, replicas: 2 } },
  ] as ReplicaSet[],
  jobs: [{ metadata: meta('a', 'batch', 'alice', 'alice'), spec, status: { active: 1 } }] as Job[],
};

test("workloadsOf lists the person's Deployments, stand-alone ReplicaSets and Jobs, by creator or template author", () => {
  assert.deepEqual(workloadsOf(c, 'alice').map((w) => `${w.kind} ${w.namespace}/${w.name} ${w.created ? 'c' : '-'}${w.template ? 't' : '-'} ${w.kind === 'Job' ? `active=${w.active}` : `${w.ready}/${w.replicas}`}${w.deleting ? ' deleting' : ''}`), [
    'Deployment a/handed-over -t 0/0',
    'Deployment a/taken-over c- 0/1',
    'Deployment b/web ct 2/3',
    'ReplicaSet a/alone ct 0/2 deleting',
    'Job a/batch ct active=1',
  ]);
  assert.deepEqual(workloadsOf(c, 'carol'), []);
});

test('orphanedCreators counts pods and workloads of people who are no longer users', () => {
  const pods = [{ metadata: { namespace: 'a', name: 'p', annotations: { 'gatehouse.dev/created-by': 'alice' } }, spec: { containers: [] } }] as unknown as Pod[];
  assert.deepEqual(orphanedCreators(pods, new Set(['admin']), c), [{ user: 'alice', pods: 1, workloads: 5 }, { user: 'bob', pods: 0, workloads: 1 }]);
  assert.deepEqual(orphanedCreators(pods, new Set(['admin', 'alice', 'bob']), c), []);
});

const realFetch = globalThis.fetch;
afterEach(() => { globalThis.fetch = realFetch; });

test('stopWorkload scales through the scale subresource and deletes with propagation Background', async () => {
  const calls: string[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push(`${init.method} ${url} ${new Headers(init.headers).get('Content-Type')} ${String(init.body)}`);
    return new Response('{}', { status: 200 });
  }) as typeof fetch;
  await stopWorkload({ type: 'scale-to-zero', workload: { kind: 'ReplicaSet', namespace: 'a', name: 'alone' } });
  await stopWorkload({ type: 'delete', workload: { kind: 'Job', namespace: 'a', name: 'batch' } });
  assert.deepEqual(calls, [
    'PATCH /apis/apps/v1/namespaces/a/replicasets/alone/scale application/merge-patch+json {"spec":{"replicas":0}}',
    'DELETE /apis/batch/v1/namespaces/a/jobs/batch application/json {"apiVersion":"v1","kind":"DeleteOptions","propagationPolicy":"Background"}',
  ]);
  await assert.rejects(stopWorkload({ type: 'scale-to-zero', workload: { kind: 'Job', namespace: 'a', name: 'batch' } }));
});
