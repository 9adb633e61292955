// Query keys by resource (resource-keys.ts); how the features' keys share them is in app/query-cache.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueryClient } from '@tanstack/react-query';
import { invalidateResource, isViewOf, resource, resourceKey, resourceKeys, resourcesKey } from './resource-keys';

const SA = resource('', 'serviceaccounts');
const PODS = resource('', 'pods');
const SECRETS = resource('', 'secrets');
const RB = resource('rbac.authorization.k8s.io', 'rolebindings');
const SUMMARIES = resource('security.gatehouse.dev', 'secretsummaries');

describe('resource keys', () => {
  test('keys name group, resource and namespace first', () => {
    assert.deepEqual(resourceKey(SA, 'team-a', 'list'), ['resource', '', 'serviceaccounts', 'team-a', 'list']);
    assert.deepEqual(resourceKeys(RB).detail('team-a', 'x'), ['resource', 'rbac.authorization.k8s.io', 'rolebindings', 'team-a', 'detail', 'x']);
    assert.deepEqual(resourcesKey([RB, SA], 'ns', 'v'), ['resources', ['/serviceaccounts', 'rbac.authorization.k8s.io/rolebindings'], 'ns', 'v']);
  });

  test('resource throws on a name the shared table lacks', () => {
    assert.throws(() => resource('', 'serviceaccount'), /no resource serviceaccount/);
  });

  const cases: { name: string; key: readonly unknown[]; write: [typeof SA, string | undefined]; want: boolean }[] = [
    { name: 'same resource and namespace', key: resourceKey(SA, 'a', 'list'), write: [SA, 'a'], want: true },
    { name: 'another namespace', key: resourceKey(SA, 'b', 'list'), write: [SA, 'a'], want: false },
    { name: 'a view across namespaces', key: resourceKey(PODS, '', 'workloads'), write: [PODS, 'a'], want: true },
    { name: 'a write in unknown namespaces', key: resourceKey(PODS, 'b', 'list'), write: [PODS, undefined], want: true },
    { name: 'another resource', key: resourceKey(PODS, 'a', 'list'), write: [SA, 'a'], want: false },
    { name: 'a view the server computes from it', key: resourceKey(SUMMARIES, 'a', 'list'), write: [SECRETS, 'a'], want: true },
    { name: 'a multi-resource view naming it', key: resourcesKey([RB, SA], 'a', 'v'), write: [RB, 'a'], want: true },
    { name: 'a multi-resource view in another namespace', key: resourcesKey([RB, SA], 'b', 'v'), write: [RB, 'a'], want: false },
    { name: 'a key not by resource', key: ['auth', 'whoami'], write: [PODS, undefined], want: false },
  ];
  for (const c of cases) test(`isViewOf: ${c.name}`, () => assert.equal(isViewOf(c.key, c.write[0], c.write[1]), c.want));

  test('invalidateResource marks exactly the matching cached queries stale', async () => {
    const qc = new QueryClient();
    const hit = resourceKey(SA, 'a', 'list');
    const miss = resourceKey(SA, 'b', 'list');
    qc.setQueryData(hit, []);
    qc.setQueryData(miss, []);
    await invalidateResource(qc, SA, 'a');
    assert.equal(qc.getQueryState(hit)?.isInvalidated, true);
    assert.equal(qc.getQueryState(miss)?.isInvalidated, false);
  });
});
