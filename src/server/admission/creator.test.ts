import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import type { UserInfo } from '../authn/user';
import { createStore, openDatabase, type Store } from '../storage/store';
import { creator, isHuman } from './creator';
import type { AdmissionRequest } from './types';

const BY = 'gatehouse.dev/created-by';

function seed(): Store {
  const store = createStore(openDatabase(':memory:'));
  store.create('/pods', 'team', 'runner', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'runner', namespace: 'team', uid: 'pod-uid-1', annotations: { [BY]: 'alice' } } });
  store.create('/configmaps', 'team', 'owner', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'team', uid: 'cm-uid-1', annotations: { [BY]: 'carol' } } });
  return store;
}

const sa = (extra?: Record<string, string[]>): UserInfo => ({ username: 'system:serviceaccount:team:builder', groups: ['system:serviceaccounts'], ...(extra ? { extra } : {}) });
const bound = sa({ 'authentication.kubernetes.io/pod-name': ['runner'], 'authentication.kubernetes.io/pod-uid': ['pod-uid-1'] });
const controller: UserInfo = { username: 'system:controller:replicaset-controller', groups: [] };
const ownedBy = (uid = 'cm-uid-1'): KubeObject['metadata']['ownerReferences'] => [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid, controller: true }];

interface Case {
  name: string;
  user: UserInfo;
  op?: 'CREATE' | 'UPDATE';
  meta: KubeObject['metadata'];
  old?: KubeObject['metadata'];
  want: string | undefined;
}

const cases: Case[] = [
  { name: 'a human is the creator', user: { username: 'alice', groups: [] }, meta: { name: 'x' }, want: 'alice' },
  { name: 'a client-set value is replaced', user: { username: 'bob', groups: [] }, meta: { name: 'x', annotations: { [BY]: 'mallory', keep: '1' } }, want: 'bob' },
  { name: 'a system user without a pod or owner leaves it unset (and drops a forged one)', user: { username: 'system:kube-scheduler', groups: [] }, meta: { name: 'x', annotations: { [BY]: 'mallory' } }, want: undefined },
  { name: 'a service account acts for the creator of its token\'s pod', user: bound, meta: { name: 'x' }, want: 'alice' },
  { name: 'the bound pod beats client-written owner references', user: bound, meta: { name: 'x', ownerReferences: ownedBy() }, want: 'alice' },
  { name: 'a token of a since-replaced pod (uid mismatch) vouches for nobody', user: sa({ 'authentication.kubernetes.io/pod-name': ['runner'], 'authentication.kubernetes.io/pod-uid': ['old-uid'] }), meta: { name: 'x' }, want: undefined },
  // Owner references are the client's words: they vouch for a human only when a workload controller writes them.
  { name: 'without a pod, a service account\'s owner references vouch for nobody', user: sa(), meta: { name: 'x', ownerReferences: ownedBy() }, want: undefined },
  { name: 'a workload controller acts for its object\'s owner\'s creator', user: controller, meta: { name: 'x', ownerReferences: ownedBy() }, want: 'carol' },
  { name: 'an owner reference with the wrong uid is ignored', user: controller, meta: { name: 'x', ownerReferences: ownedBy('other') }, want: undefined },
  { name: 'update keeps the stored creator', user: { username: 'bob', groups: [] }, op: 'UPDATE', meta: { name: 'x', annotations: { [BY]: 'bob' } }, old: { name: 'x', annotations: { [BY]: 'alice' } }, want: 'alice' },
  { name: 'update restores a dropped creator', user: { username: 'bob', groups: [] }, op: 'UPDATE', meta: { name: 'x' }, old: { name: 'x', annotations: { [BY]: 'alice' } }, want: 'alice' },
  { name: 'update cannot add one to an object without', user: { username: 'bob', groups: [] }, op: 'UPDATE', meta: { name: 'x', annotations: { [BY]: 'bob' } }, old: { name: 'x' }, want: undefined },
];

describe('creator stamping', () => {
  it('isHuman', () => {
    assert.equal(isHuman('alice'), true);
    assert.equal(isHuman('system:serviceaccount:a:b'), false);
    assert.equal(isHuman('system:node:n1'), false);
  });
  for (const tc of cases) {
    it(tc.name, () => {
      const store = seed();
      const object: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: structuredClone(tc.meta) };
      const a: AdmissionRequest = {
        operation: tc.op ?? 'CREATE', group: '', resource: 'configmaps', subresource: '', namespace: 'team', name: 'x', object,
        oldObject: tc.old ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: tc.old } : undefined, user: tc.user, dryRun: false, store, warnings: [], annotations: {},
      };
      creator().admit!(a);
      assert.equal(object.metadata.annotations?.[BY], tc.want);
      if (tc.meta.annotations?.keep) assert.equal(object.metadata.annotations?.keep, '1', 'other annotations are kept');
    });
  }
});
