import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient } from '@tanstack/react-query';
import { invalidateResource, resource } from '../../../lib/resource-keys';
import { liveListQueryOptions } from '../../../lib/resource-api';
import { resources } from '../../../lib/resources';
import { workloadKeys, workloadResource } from './keys';

// The workload views share the one cache keyed by resource: a write to pods or config maps anywhere in
// the console (invalidateResource) marks the workload views of that resource stale, and a workload
// write (workloadKeys.resource) reaches every other feature's views of it.
test('a write elsewhere in the console invalidates the workload views of that resource, and only those', async () => {
  const qc = new QueryClient();
  const podsHere = workloadKeys.list('pods', 'dev', 'app=web|');
  const deployments = workloadKeys.list('deployments', 'dev');
  for (const k of [podsHere, deployments]) qc.setQueryData(k, { items: [], resourceVersion: '1' });
  await invalidateResource(qc, resource('', 'pods'), 'dev');
  assert.equal(qc.getQueryState(podsHere)?.isInvalidated, true);
  assert.equal(qc.getQueryState(deployments)?.isInvalidated, false);
  qc.clear();
});

test('keys of different resources never collide, and each starts with its resource prefix', () => {
  const a = JSON.stringify(workloadKeys.list('configmaps', 'dev'));
  const b = JSON.stringify(workloadKeys.list('services', 'dev'));
  assert.notEqual(a, b);
  assert.deepEqual(workloadKeys.list('jobs', 'dev').slice(0, 3), workloadKeys.resource('jobs'));
  assert.throws(() => workloadKeys.resource('deploymentz'));
});

test('the keys are the ones the workload views cache their live lists under (lib/resource-api)', () => {
  const view = liveListQueryOptions(resources.pods, 'dev', { selector: { label: 'app=web' } }).queryKey;
  assert.deepEqual(view, workloadKeys.list('pods', 'dev', 'app=web|'));
  assert.deepEqual(liveListQueryOptions(resources.deployments, 'dev').queryKey, workloadKeys.list('deployments', 'dev'));
  assert.equal(workloadResource('replicasets'), resources.replicaSets);
});
