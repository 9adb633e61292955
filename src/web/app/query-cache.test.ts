// Every feature's query keys come from lib/resource-keys.ts, so one write refreshes every feature's
// view of the resource (the service-account page, the pod form's picker, the members' picker...).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { invalidateResource, resource } from '../lib/resource-keys';
import { serviceAccountKeys } from '../features/service-accounts/api/keys';
import { podKeys } from '../features/pods/api/keys';
import { memberKeys } from '../features/members/api/keys';
import { secretKeys } from '../features/secrets/api/keys';
import { namespaceKeys } from '../features/namespaces/api/keys';
import { namespaceAdminKeys } from '../features/namespaces-admin/api/keys';
import { grantKeys } from '../features/grants/api/keys';

const SA = resource('', 'serviceaccounts');
const PODS = resource('', 'pods');
const SECRETS = resource('', 'secrets');
const NAMESPACES = resource('', 'namespaces');
const RB = resource('rbac.authorization.k8s.io', 'rolebindings');

/** stale caches every key, runs the invalidation, and names the keys that went stale. */
async function stale(keys: Record<string, QueryKey>, invalidate: (qc: QueryClient) => Promise<void>): Promise<string[]> {
  const qc = new QueryClient();
  for (const k of Object.values(keys)) qc.setQueryData(k, 'cached');
  await invalidate(qc);
  return Object.entries(keys).filter(([, k]) => qc.getQueryState(k)?.isInvalidated).map(([name]) => name).sort();
}

describe('one query cache keyed by resource', () => {
  test('creating a service account refreshes every feature\'s view of them in that namespace, and only those', async () => {
    const got = await stale({
      saPage: serviceAccountKeys.list('team-a'),
      saUsage: serviceAccountKeys.usage('team-a', 'robot'),
      podFormPicker: podKeys.serviceAccountNames('team-a'),
      membersPicker: memberKeys.serviceAccounts('team-a'),
      otherNamespacePicker: podKeys.serviceAccountNames('team-b'),
      pods: podKeys.list('team-a'),
      bindings: memberKeys.bindings('team-a'),
    }, (qc) => invalidateResource(qc, SA, 'team-a'));
    assert.deepEqual(got, ['membersPicker', 'podFormPicker', 'saPage', 'saUsage']);
  });

  test('the pod form\'s picker and the members\' picker read different answers, so they never share a key', () => {
    // The pod form adds `default` and treats 403 as "just default"; the members' picker does neither.
    assert.notDeepEqual(podKeys.serviceAccountNames('team-a'), memberKeys.serviceAccounts('team-a'));
  });

  test('a write refreshes the views the server computes from the resource too', async () => {
    const keys = {
      summaries: secretKeys.list('team-a'),
      projects: namespaceKeys.list(),
      namespaceObjects: namespaceAdminKeys.list(),
      grants: grantKeys.rbac(),
      members: memberKeys.bindings('team-a'),
      access: memberKeys.access('team-a', 'User//bob', 'review'),
    };
    assert.deepEqual(await stale(keys, (qc) => invalidateResource(qc, SECRETS, 'team-a')), ['summaries']);
    assert.deepEqual(await stale(keys, (qc) => invalidateResource(qc, PODS, 'team-a')), ['summaries']);
    assert.deepEqual(await stale(keys, (qc) => invalidateResource(qc, NAMESPACES)), ['namespaceObjects', 'projects']);
    assert.deepEqual(await stale(keys, (qc) => invalidateResource(qc, RB, 'team-a')), ['access', 'grants', 'members', 'projects']);
    assert.deepEqual(await stale(keys, (qc) => invalidateResource(qc, RB, 'team-b')), ['grants', 'projects']);
  });
});
