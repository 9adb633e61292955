import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Pod } from '../../../../shared/api/core';
import { orphanedCreators, podsStartedBy, terminateAll, type TerminateProgress } from './workloads';

const pod = (ns: string, name: string, by?: string): Pod => ({ metadata: { namespace: ns, name, annotations: by ? { 'gatehouse.dev/created-by': by } : {} }, spec: { containers: [{ name: 'c' }] } } as Pod);
const all = [pod('b', 'y', 'alice'), pod('a', 'x', 'alice'), pod('a', 'z', 'bob'), pod('a', 'sys')];

test('podsStartedBy keeps the user’s pods, sorted by namespace and name', () => {
  assert.deepEqual(podsStartedBy(all, 'alice').map((p) => `${p.metadata.namespace}/${p.metadata.name}`), ['a/x', 'b/y']);
});

test('orphanedCreators counts pods of people who are no longer users', () => {
  assert.deepEqual(orphanedCreators(all, new Set(['bob'])), [{ user: 'alice', pods: 2, workloads: 0 }]);
});

const realFetch = globalThis.fetch;
afterEach(() => { globalThis.fetch = realFetch; });

test('terminateAll deletes one pod per request, reports progress, collects errors and treats 404 as done', async () => {
  const calls: string[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push(`${init.method} ${url}`);
    if (url.endsWith('/x')) return new Response(JSON.stringify({ kind: 'Status', code: 404, message: 'gone' }), { status: 404 });
    if (url.endsWith('/y')) return new Response(JSON.stringify({ kind: 'Status', code: 403, message: 'pods "y" is forbidden' }), { status: 403 });
    return new Response('{}', { status: 200 });
  }) as typeof fetch;
  const steps: TerminateProgress[] = [];
  const r = await terminateAll([pod('a', 'x'), pod('b', 'y'), pod('a', 'z')], (p) => steps.push(p));
  assert.deepEqual(calls, ['DELETE /api/v1/namespaces/a/pods/x', 'DELETE /api/v1/namespaces/b/pods/y', 'DELETE /api/v1/namespaces/a/pods/z']);
  assert.deepEqual(steps.map((s) => s.done), [0, 1, 2, 3, 3]);
  assert.equal(r.running, false);
  assert.deepEqual(r.errors, [{ pod: 'b/y', message: 'Pods "y" is forbidden' }]);
});
