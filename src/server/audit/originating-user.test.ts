import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { createStore, openDatabase } from '../storage/store';
import { originatingUser } from './originating-user';

const store = createStore(openDatabase(':memory:'));
const obj = (kind: string, name: string, o: { uid: string; by?: string; owners?: { kind: string; apiVersion: string; name: string; uid: string; controller?: boolean }[] }): KubeObject => ({
  apiVersion: 'v1', kind,
  metadata: { name, namespace: 'team', uid: o.uid, ...(o.by ? { annotations: { 'gatehouse.dev/created-by': o.by } } : {}), ...(o.owners ? { ownerReferences: o.owners } : {}) },
});
store.create('/pods', 'team', 'job', obj('Pod', 'job', { uid: 'p1', by: 'alice' }));
store.create('/configmaps', 'team', 'root', obj('ConfigMap', 'root', { uid: 'c1', by: 'carol' }));
store.create('/pods', 'team', 'orphan', obj('Pod', 'orphan', { uid: 'p2' }));
store.create('/pods', 'team', 'owned', obj('Pod', 'owned', { uid: 'p3', owners: [{ kind: 'ConfigMap', apiVersion: 'v1', name: 'root', uid: 'c1', controller: true }] }));
store.create('/pods', 'team', 'stale-owner', obj('Pod', 'stale-owner', { uid: 'p4', owners: [{ kind: 'ConfigMap', apiVersion: 'v1', name: 'root', uid: 'other' }] }));

const sa = (pod?: string, uid?: string) => ({
  username: 'system:serviceaccount:team:builder', groups: ['system:serviceaccounts'],
  extra: pod ? { 'authentication.kubernetes.io/pod-name': [pod], ...(uid ? { 'authentication.kubernetes.io/pod-uid': [uid] } : {}) } : undefined,
});

describe('originatingUser', () => {
  const cases: { name: string; user: Parameters<typeof originatingUser>[1]; want: string | undefined }[] = [
    { name: 'a human is their own originating user', user: { username: 'alice', groups: [] }, want: 'alice' },
    { name: 'a system user has none', user: { username: 'system:kube-scheduler', groups: [] }, want: undefined },
    { name: 'an unbound service-account token has none', user: sa(), want: undefined },
    { name: 'a pod-bound token: the pod creator', user: sa('job', 'p1'), want: 'alice' },
    { name: 'a token bound to an earlier pod of that name vouches for nobody', user: sa('job', 'old-uid'), want: undefined },
    { name: 'a token bound to a deleted pod vouches for nobody', user: sa('gone', 'x'), want: undefined },
    { name: 'a pod without creator: followed through its owner', user: sa('owned', 'p3'), want: 'carol' },
    { name: 'an owner reference with a stale uid is not followed', user: sa('stale-owner', 'p4'), want: undefined },
    { name: 'a pod with neither', user: sa('orphan', 'p2'), want: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.equal(originatingUser(store, c.user), c.want));
});
