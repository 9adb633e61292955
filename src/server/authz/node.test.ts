import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { createStore, openDatabase } from '../storage/store';
import { podConfigMapRefs } from '../../shared/pod-references';
import { NodeGraph } from './node-graph';
import { nodeAuthorizer, nodeName, selectedName, selectsNode } from './node';
import type { Attributes } from './types';

const NODE1 = { username: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] };

function pod(ns: string, name: string, node: string | undefined, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, uid: `uid-${name}` }, spec: { containers: [{ name: 'c', image: 'x' }], serviceAccountName: 'default', ...(node ? { nodeName: node } : {}), ...spec } } as KubeObject;
}

function fixture() {
  const store = createStore(openDatabase(':memory:'));
  store.create('/pods', 'a', 'mine', pod('a', 'mine', 'node-1', {
    serviceAccountName: 'runner',
    volumes: [{ name: 'v', secret: { secretName: 's-vol' } }, { name: 'p', projected: { sources: [{ configMap: { name: 'cm-proj' } }, { secret: { name: 's-proj' } }] } }],
    containers: [{ name: 'c', image: 'x', env: [{ name: 'E', valueFrom: { secretKeyRef: { name: 's-env', key: 'k' } } }], envFrom: [{ configMapRef: { name: 'cm-envfrom' } }] }],
    imagePullSecrets: [{ name: 's-pull' }],
  }));
  store.create('/pods', 'a', 'theirs', pod('a', 'theirs', 'node-2', { serviceAccountName: 'other', volumes: [{ name: 'v', secret: { secretName: 's-theirs' } }] }));
  store.create('/pods', 'a', 'unbound', pod('a', 'unbound', undefined, { volumes: [{ name: 'v', secret: { secretName: 's-unbound' } }] }));
  const graph = new NodeGraph(store);
  return { store, graph, authz: nodeAuthorizer(graph) };
}

const attrs = (p: Partial<Attributes>): Attributes => ({
  user: NODE1, verb: 'get', isResourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', namespace: 'a', resource: 'pods', subresource: '', name: '', ...p,
});

describe('nodeName and selectsNode', () => {
  test('a node is system:node:<name> in group system:nodes', () => {
    assert.equal(nodeName(NODE1), 'node-1');
    assert.equal(nodeName({ username: 'system:node:node-1', groups: [] }), undefined);
    assert.equal(nodeName({ username: 'alice', groups: ['system:nodes'] }), undefined);
    assert.equal(nodeName({ username: 'system:node:', groups: ['system:nodes'] }), undefined);
  });
  test('the fieldSelector must name the node exactly', () => {
    assert.ok(selectsNode('spec.nodeName=node-1', 'node-1'));
    assert.ok(selectsNode('metadata.namespace=a, spec.nodeName==node-1', 'node-1'));
    assert.ok(!selectsNode('spec.nodeName!=node-1', 'node-1'));
    assert.ok(!selectsNode('spec.nodeName=node-10', 'node-1'));
    assert.ok(!selectsNode(undefined, 'node-1'));
    // Read as the list will read it: a selector the list refuses (400) authorizes nothing either.
    assert.ok(!selectsNode('spec.nodeName=node-1,garbage', 'node-1'));
    assert.ok(selectsNode(' spec.nodeName = node-1 ,', 'node-1'));
  });
  test('selectedName is the one name of a one-term metadata.name selector, as the list will parse it', () => {
    assert.equal(selectedName('metadata.name=cm'), 'cm');
    assert.equal(selectedName(' metadata.name == cm '), 'cm');
    for (const s of [undefined, '', 'metadata.name=', 'metadata.name!=cm', 'metadata.name=cm,metadata.namespace=a', 'metadata.name=a,metadata.name=a', 'metadata.namespace=cm', 'xmetadata.name=cm', 'metadata.names=cm']) {
      assert.equal(selectedName(s), undefined, String(s));
    }
  });
  test('podConfigMapRefs finds volumes, projected sources, env and envFrom', () => {
    assert.deepEqual(podConfigMapRefs({ volumes: [{ configMap: { name: 'a' } }, { projected: { sources: [{ configMap: { name: 'b' } }] } }], containers: [{ env: [{ valueFrom: { configMapKeyRef: { name: 'c' } } }], envFrom: [{ configMapRef: { name: 'd' } }] }] }).sort(), ['a', 'b', 'c', 'd']);
  });
});

describe('nodeAuthorizer', () => {
  const cases: { name: string; a: Partial<Attributes>; allow: boolean; reason?: RegExp }[] = [
    { name: 'get a pod bound to it', a: { name: 'mine' }, allow: true },
    { name: 'get a pod bound elsewhere', a: { name: 'theirs' }, allow: false, reason: /no relationship found between node 'node-1' and this object/ },
    { name: 'get an unbound pod', a: { name: 'unbound' }, allow: false, reason: /no relationship/ },
    { name: 'list its pods across namespaces', a: { verb: 'list', namespace: '', fieldSelector: 'spec.nodeName=node-1' }, allow: true },
    { name: 'watch its pods', a: { verb: 'watch', namespace: '', fieldSelector: 'spec.nodeName=node-1' }, allow: true },
    { name: 'list pods without a selector', a: { verb: 'list' }, allow: false, reason: /can only list\/watch pods with spec.nodeName field selector/ },
    { name: 'list pods of another node', a: { verb: 'list', fieldSelector: 'spec.nodeName=node-2' }, allow: false },
    { name: 'update status of its pod', a: { verb: 'patch', name: 'mine', subresource: 'status' }, allow: true },
    { name: 'update status of another pod', a: { verb: 'update', name: 'theirs', subresource: 'status' }, allow: false },
    { name: 'delete its pod', a: { verb: 'delete', name: 'mine' }, allow: true },
    { name: 'delete another pod', a: { verb: 'delete', name: 'theirs' }, allow: false },
    { name: 'create a pod', a: { verb: 'create' }, allow: false, reason: /can only get, list\/watch and delete its pods/ },
    { name: 'patch (relabel) its pod', a: { verb: 'patch', name: 'mine' }, allow: false },
    { name: 'bind a pod', a: { verb: 'create', name: 'unbound', subresource: 'binding' }, allow: false },
    { name: 'delete a collection of pods', a: { verb: 'deletecollection' }, allow: false },
    ...['s-vol', 's-proj', 's-env', 's-pull'].map((n) => ({ name: `get secret ${n} its pod references`, a: { resource: 'secrets', name: n }, allow: true })),
    { name: 'get a secret only another node\'s pod references', a: { resource: 'secrets', name: 's-theirs' }, allow: false, reason: /no relationship/ },
    { name: 'get a secret of an unbound pod', a: { resource: 'secrets', name: 's-unbound' }, allow: false },
    { name: 'get a referenced secret in another namespace', a: { resource: 'secrets', name: 's-vol', namespace: 'b' }, allow: false },
    { name: 'list secrets', a: { resource: 'secrets', verb: 'list' }, allow: false, reason: /can only get individual resources of this type/ },
    { name: 'update a referenced secret', a: { resource: 'secrets', verb: 'update', name: 's-vol' }, allow: false, reason: /can only read resources of this type/ },
    { name: 'get configmaps its pod references', a: { resource: 'configmaps', name: 'cm-proj' }, allow: true },
    { name: 'get configmap from envFrom', a: { resource: 'configmaps', name: 'cm-envfrom' }, allow: true },
    { name: 'get another configmap', a: { resource: 'configmaps', name: 'other' }, allow: false },
    // The kubelet's single-object watch of a config map (a list, then a watch, by metadata.name).
    { name: 'watch one configmap its pod references', a: { resource: 'configmaps', verb: 'watch', fieldSelector: 'metadata.name=cm-proj' }, allow: true },
    { name: 'list one configmap its pod references (==)', a: { resource: 'configmaps', verb: 'list', fieldSelector: 'metadata.name==cm-envfrom' }, allow: true },
    { name: 'watch a configmap no pod of it references', a: { resource: 'configmaps', verb: 'watch', fieldSelector: 'metadata.name=other' }, allow: false, reason: /no relationship/ },
    { name: 'watch a referenced configmap\'s name in another namespace', a: { resource: 'configmaps', verb: 'watch', namespace: 'b', fieldSelector: 'metadata.name=cm-proj' }, allow: false, reason: /no relationship/ },
    { name: 'watch configmaps across namespaces by a referenced name', a: { resource: 'configmaps', verb: 'watch', namespace: '', fieldSelector: 'metadata.name=cm-proj' }, allow: false },
    { name: 'list configmaps', a: { resource: 'configmaps', verb: 'list' }, allow: false, reason: /can only list\/watch individual config maps/ },
    { name: 'watch configmaps with a name selector of two terms', a: { resource: 'configmaps', verb: 'watch', fieldSelector: 'metadata.name=cm-proj,metadata.namespace=a' }, allow: false },
    { name: 'watch configmaps not named other', a: { resource: 'configmaps', verb: 'watch', fieldSelector: 'metadata.name!=other' }, allow: false },
    { name: 'watch a referenced secret by name (secrets: get only)', a: { resource: 'secrets', verb: 'watch', fieldSelector: 'metadata.name=s-vol' }, allow: false, reason: /can only get individual resources of this type/ },
    { name: 'update a referenced configmap', a: { resource: 'configmaps', verb: 'update', name: 'cm-proj' }, allow: false },
    { name: 'create a token for its pod\'s service account', a: { resource: 'serviceaccounts', subresource: 'token', verb: 'create', name: 'runner' }, allow: true },
    { name: 'create a token for another service account', a: { resource: 'serviceaccounts', subresource: 'token', verb: 'create', name: 'other' }, allow: false },
    { name: 'get a service account', a: { resource: 'serviceaccounts', name: 'runner' }, allow: false },
    { name: 'get its own node', a: { resource: 'nodes', namespace: '', name: 'node-1' }, allow: true },
    { name: 'patch its own node status', a: { resource: 'nodes', namespace: '', name: 'node-1', subresource: 'status', verb: 'patch' }, allow: true },
    { name: 'create a node (name checked by admission)', a: { resource: 'nodes', namespace: '', verb: 'create' }, allow: true },
    { name: 'get another node', a: { resource: 'nodes', namespace: '', name: 'node-2' }, allow: false, reason: /only its own Node object/ },
    { name: 'list nodes', a: { resource: 'nodes', namespace: '', verb: 'list' }, allow: false },
    { name: 'delete its own node', a: { resource: 'nodes', namespace: '', verb: 'delete', name: 'node-1' }, allow: false },
    { name: 'create an event', a: { resource: 'events', verb: 'create' }, allow: true },
    { name: 'patch an event', a: { resource: 'events', verb: 'patch', name: 'e' }, allow: true },
    { name: 'list events', a: { resource: 'events', verb: 'list' }, allow: false },
    { name: 'list namespaces (RBAC decides)', a: { resource: 'namespaces', namespace: '', verb: 'list' }, allow: false, reason: /^$/ },
    { name: 'read rolebindings (RBAC decides)', a: { apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings', verb: 'list' }, allow: false, reason: /^$/ },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { authz } = fixture();
      const r = authz.authorize(attrs(c.a));
      assert.equal(r.decision, c.allow ? 'allow' : 'noOpinion', r.reason);
      if (c.allow) assert.match(r.reason, /^Node: /);
      if (c.reason) assert.match(r.reason, c.reason);
    });
  }

  test('is silent for everyone but nodes', () => {
    const { authz } = fixture();
    for (const user of [{ username: 'alice', groups: ['system:authenticated'] }, { username: 'system:kube-scheduler', groups: [] }, { username: 'system:node:node-1', groups: [] }]) {
      assert.deepEqual(authz.authorize(attrs({ user, name: 'mine' })), { decision: 'noOpinion', reason: '' });
    }
  });

  test('follows binding and deletion of pods', () => {
    const { store, authz } = fixture();
    const get = (resource: string, name: string) => authz.authorize(attrs({ resource, name })).decision;
    assert.equal(get('secrets', 's-unbound'), 'noOpinion');
    const p = store.get('/pods', 'a', 'unbound')!;
    store.update('/pods', 'a', 'unbound', { ...p, spec: { ...(p as any).spec, nodeName: 'node-1' } } as KubeObject);
    assert.equal(get('pods', 'unbound'), 'allow');
    assert.equal(get('secrets', 's-unbound'), 'allow');
    store.delete('/pods', 'a', 'unbound');
    assert.equal(get('pods', 'unbound'), 'noOpinion');
    assert.equal(get('secrets', 's-unbound'), 'noOpinion');
    // A secret two pods reference stays reachable until the last one goes.
    store.create('/pods', 'a', 'mine2', pod('a', 'mine2', 'node-1', { volumes: [{ name: 'v', secret: { secretName: 's-vol' } }] }));
    const watchCm = () => authz.authorize(attrs({ resource: 'configmaps', verb: 'watch', fieldSelector: 'metadata.name=cm-proj' })).decision;
    assert.equal(watchCm(), 'allow');
    store.delete('/pods', 'a', 'mine');
    assert.equal(get('secrets', 's-vol'), 'allow');
    assert.equal(watchCm(), 'noOpinion');
    store.deleteNamespaceContents('a');
    assert.equal(get('secrets', 's-vol'), 'noOpinion');
  });
});

describe('NodeGraph: relations kept by spec object', () => {
  test('a write that keeps the frozen spec keeps the relations; a new spec is read afresh', () => {
    const { store, authz } = fixture();
    const get = (resource: string, name: string) => authz.authorize(attrs({ resource, name })).decision;
    const cur = store.getShared('/pods', 'a', 'mine')!;
    assert.ok(Object.isFrozen((cur as any).spec));
    // A status write: the same spec object.
    const running = store.update('/pods', 'a', 'mine', { ...cur, status: { phase: 'Running' } } as KubeObject);
    assert.equal((running as any).spec, (cur as any).spec);
    assert.equal(get('secrets', 's-vol'), 'allow');
    assert.equal(get('configmaps', 'cm-proj'), 'allow');
    // A new spec without the secret volume: that secret is no longer related, the rest still is.
    const spec = (running as any).spec;
    store.update('/pods', 'a', 'mine', { ...running, spec: { ...spec, volumes: spec.volumes.filter((v: any) => v.name !== 'v') } } as KubeObject);
    assert.equal(get('secrets', 's-vol'), 'noOpinion');
    assert.equal(get('configmaps', 'cm-proj'), 'allow');
    // The same spec object in another namespace's pod does not borrow this pod's relations.
    const moved = store.getShared('/pods', 'a', 'mine')!;
    store.create('/pods', 'b', 'copy', { ...moved, metadata: { name: 'copy', namespace: 'b', uid: 'uid-copy' } } as KubeObject);
    assert.equal(authz.authorize(attrs({ resource: 'configmaps', name: 'cm-proj', namespace: 'b' })).decision, 'allow');
    store.delete('/pods', 'b', 'copy');
    assert.equal(authz.authorize(attrs({ resource: 'configmaps', name: 'cm-proj', namespace: 'b' })).decision, 'noOpinion');
    // Bound elsewhere (a new spec): the pod and its references move with it.
    const last = store.getShared('/pods', 'a', 'mine')!;
    store.update('/pods', 'a', 'mine', { ...last, spec: { ...(last as any).spec, nodeName: 'node-2' } } as KubeObject);
    assert.equal(get('pods', 'mine'), 'noOpinion');
    assert.equal(get('configmaps', 'cm-proj'), 'noOpinion');
  });
});

describe('Node authorizer: leases', () => {
  const lease = (p: Partial<Attributes>) => attrs({ apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', ...p });
  const cases: { name: string; a: Attributes; allow: boolean }[] = [
    { name: 'get its own lease', a: lease({ verb: 'get', name: 'node-1' }), allow: true },
    { name: 'renew its own lease', a: lease({ verb: 'patch', name: 'node-1' }), allow: true },
    { name: 'create a lease (NodeRestriction checks the name)', a: lease({ verb: 'create' }), allow: true },
    { name: 'renew another node\'s lease', a: lease({ verb: 'update', name: 'node-2' }), allow: false },
    { name: 'delete another node\'s lease', a: lease({ verb: 'delete', name: 'node-2' }), allow: false },
    { name: 'list every lease', a: lease({ verb: 'list' }), allow: false },
    { name: 'a lease outside kube-node-lease (leader election)', a: lease({ verb: 'update', name: 'node-1', namespace: 'kube-system' }), allow: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(fixture().authz.authorize(c.a).decision === 'allow', c.allow);
    });
  }
});
