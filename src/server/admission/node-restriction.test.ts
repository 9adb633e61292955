import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { createStore, openDatabase } from '../storage/store';
import { nodeRestriction } from './node-restriction';
import type { AdmissionRequest } from './types';

const NODE = { username: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] };
const store = createStore(openDatabase(':memory:'));
const mk = (name: string, node: string | undefined, sa = 'runner'): KubeObject => store.create('/pods', 'a', name, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'a', uid: `uid-${name}` }, spec: { containers: [{ name: 'c' }], serviceAccountName: sa, ...(node ? { nodeName: node } : {}) } } as KubeObject);
const mine = mk('mine', 'node-1');
const theirs = mk('theirs', 'node-2');

const req = (p: Partial<AdmissionRequest>): AdmissionRequest => ({
  operation: 'CREATE', group: '', resource: 'pods', subresource: '', namespace: 'a', name: 'x', object: undefined, oldObject: undefined,
  user: NODE, dryRun: false, store, warnings: [], annotations: {}, ...p,
});
const token = (ref: Record<string, unknown> | undefined) => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name: 'runner' }, spec: ref ? { boundObjectRef: ref } : {} } as KubeObject);
const node = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels } } as KubeObject);

describe('NodeRestriction', () => {
  const cases: { name: string; r: Partial<AdmissionRequest>; deny?: RegExp }[] = [
    { name: 'status update of its pod', r: { operation: 'UPDATE', subresource: 'status', name: 'mine', object: mine, oldObject: mine } },
    { name: 'status update of another node\'s pod', r: { operation: 'UPDATE', subresource: 'status', name: 'theirs', object: theirs, oldObject: theirs }, deny: /can only update pod status for pods with spec.nodeName set to itself/ },
    { name: 'delete its pod', r: { operation: 'DELETE', name: 'mine', oldObject: mine } },
    { name: 'delete another pod', r: { operation: 'DELETE', name: 'theirs', oldObject: theirs }, deny: /can only delete pods/ },
    { name: 'create a pod', r: { operation: 'CREATE', object: mine }, deny: /can not create pods/ },
    { name: 'update a pod spec', r: { operation: 'UPDATE', name: 'mine', object: mine, oldObject: mine }, deny: /only their status/ },
    { name: 'register itself', r: { resource: 'nodes', namespace: '', name: '', object: node('node-1') } },
    { name: 'register another node', r: { resource: 'nodes', namespace: '', name: '', object: node('node-2') }, deny: /is not allowed to modify node "node-2"/ },
    { name: 'set a restricted label', r: { resource: 'nodes', namespace: '', object: node('node-1', { 'node-restriction.kubernetes.io/pool': 'x' }) }, deny: /not allowed to modify labels/ },
    { name: 'token bound to its pod', r: { resource: 'serviceaccounts', subresource: 'token', name: 'runner', object: token({ kind: 'Pod', name: 'mine', uid: 'uid-mine' }) } },
    { name: 'unbound token', r: { resource: 'serviceaccounts', subresource: 'token', name: 'runner', object: token(undefined) }, deny: /node requested token not bound to a pod/ },
    { name: 'token bound without uid', r: { resource: 'serviceaccounts', subresource: 'token', name: 'runner', object: token({ kind: 'Pod', name: 'mine' }) }, deny: /without a uid/ },
    { name: 'token bound to another node\'s pod', r: { resource: 'serviceaccounts', subresource: 'token', name: 'runner', object: token({ kind: 'Pod', name: 'theirs', uid: 'uid-theirs' }) }, deny: /scheduled on a different node/ },
    { name: 'token bound to a secret', r: { resource: 'serviceaccounts', subresource: 'token', name: 'runner', object: token({ kind: 'Secret', name: 's', uid: 'u' }) }, deny: /only pods are allowed/ },
    { name: 'token with a stale pod uid', r: { resource: 'serviceaccounts', subresource: 'token', name: 'runner', object: token({ kind: 'Pod', name: 'mine', uid: 'old' }) }, deny: /does not match/ },
    { name: 'create its own lease', r: { group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'node-1', object: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1' } } as KubeObject } },
    { name: 'create another node\'s lease', r: { group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'node-2', object: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-2' } } as KubeObject }, deny: /can only access its own lease/ },
    { name: 'token for another service account of its pod', r: { resource: 'serviceaccounts', subresource: 'token', name: 'other', object: token({ kind: 'Pod', name: 'mine', uid: 'uid-mine' }) }, deny: /the pod runs as "runner"/ },
  ];
  const plugin = nodeRestriction();
  for (const c of cases) {
    test(c.name, () => {
      const run = () => plugin.validate!(req(c.r));
      if (c.deny) assert.throws(run, (e: any) => e.code === 403 && c.deny!.test(e.message));
      else assert.doesNotThrow(run);
    });
  }
  test('other users are not restricted', () => {
    assert.doesNotThrow(() => plugin.validate!(req({ user: { username: 'alice', groups: [] }, object: mine })));
  });
});
