import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../../../../shared/api/core';
import { filterRows, parseSort, podRow, sortRows, type Sort } from './pod-rows';

const pod = (name: string, o: { uid?: number; profile?: string; creator?: string; node?: string; phase?: string; created?: string } = {}): Pod => ({
  metadata: {
    name, creationTimestamp: o.created ?? '2025-01-01T00:00:00Z',
    annotations: { ...(o.profile ? { 'security.gatehouse.dev/profile': o.profile } : {}), ...(o.creator ? { 'gatehouse.dev/created-by': o.creator } : {}) },
  },
  spec: { nodeName: o.node, securityContext: o.uid !== undefined ? { runAsUser: o.uid } : undefined, containers: [{ name: 'c' }] },
  status: o.phase ? { phase: o.phase as 'Running' } : undefined,
} as Pod);

const rows = [
  podRow(pod('web-2', { uid: 1000, profile: 'restricted', creator: 'alice', node: 'node-1', phase: 'Running', created: '2025-01-02T00:00:00Z' })),
  podRow(pod('web-10', { uid: 20, profile: 'nonroot', creator: 'bob', node: 'node-2', phase: 'Running', created: '2025-01-03T00:00:00Z' })),
  podRow(pod('api', { creator: 'alice', created: '2025-01-01T00:00:00Z' })),
];

test('podRow reads status, node, UID, profile and creator', () => {
  const r = rows[0];
  assert.deepEqual([r.name, r.status, r.tone, r.node, r.uid, r.uidNumber, r.profile, r.creator], ['web-2', 'Running', 'ok', 'node-1', '1000', 1000, 'restricted', 'alice']);
  assert.deepEqual([rows[2].status, rows[2].uid, rows[2].uidNumber, rows[2].profile], ['Pending', 'image default', undefined, '']);
});

const filters: [string, string[]][] = [
  ['', ['web-2', 'web-10', 'api']],
  ['web', ['web-2', 'web-10']],
  ['ALICE', ['web-2', 'api']],
  ['alice running', ['web-2']],
  ['nonroot', ['web-10']],
  ['1000', ['web-2']],
  ['node-2', ['web-10']],
  ['nothing', []],
];
for (const [q, expect] of filters) test(`filterRows: "${q}"`, () => assert.deepEqual(filterRows(rows, q).map((r) => r.name), expect));

const sorts: [Sort, string[]][] = [
  [{ key: 'name', dir: 'asc' }, ['api', 'web-2', 'web-10']],
  [{ key: 'name', dir: 'desc' }, ['web-10', 'web-2', 'api']],
  [{ key: 'uid', dir: 'asc' }, ['web-10', 'web-2', 'api']],
  [{ key: 'uid', dir: 'desc' }, ['web-2', 'web-10', 'api']],
  [{ key: 'profile', dir: 'asc' }, ['web-10', 'web-2', 'api']],
  [{ key: 'profile', dir: 'desc' }, ['web-2', 'web-10', 'api']],
  [{ key: 'creator', dir: 'asc' }, ['api', 'web-2', 'web-10']],
  [{ key: 'age', dir: 'asc' }, ['web-10', 'web-2', 'api']],
  [{ key: 'age', dir: 'desc' }, ['api', 'web-2', 'web-10']],
];
for (const [sort, expect] of sorts) test(`sortRows: ${sort.key} ${sort.dir}`, () => assert.deepEqual(sortRows(rows, sort).map((r) => r.name), expect));

test('parseSort falls back to name ascending', () => {
  assert.deepEqual(parseSort('uid', 'desc'), { key: 'uid', dir: 'desc' });
  assert.deepEqual(parseSort('bogus', 'sideways'), { key: 'name', dir: 'asc' });
  assert.deepEqual(parseSort(null, null), { key: 'name', dir: 'asc' });
});
