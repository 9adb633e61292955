// RBAC escalation prevention through the real app on an in-memory store (Kubernetes' rules): a project
// admin may delegate roles whose rules they hold, never more; `bind` and `escalate` lift exactly that.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bindRole, createNamespace, startInProcess, type InProcessServer } from '../testing/in-process';

let s: InProcessServer;
const RB = '/apis/rbac.authorization.k8s.io/v1/namespaces/esc/rolebindings';
const ROLES = '/apis/rbac.authorization.k8s.io/v1/namespaces/esc/roles';
const subject = (name: string) => [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name }];
let seq = 0;
const binding = (roleKind: 'ClusterRole' | 'Role', role: string, to = 'bob') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `b-${(seq += 1)}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role }, subjects: subject(to),
});
const role = (name: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules });

before(async () => {
  s = await startInProcess();
  await createNamespace(s, 'esc');
  await createNamespace(s, 'elsewhere');
  // alice is the project admin of "esc".
  await bindRole(s, 'alice', 'admin', 'esc');
});
after(async () => { await s.close(); });

describe('escalation prevention', () => {
  test('a project admin may bind the roles below theirs in their namespace', async () => {
    for (const r of ['admin', 'developer', 'view']) {
      const res = await s.request('POST', RB, { as: 'alice', body: binding('ClusterRole', r) });
      assert.equal(res.status, 201, `${r}: ${res.text}`);
    }
  });

  test('binding cluster-admin is refused with 403 naming the missing rules', async () => {
    const r = await s.request('POST', RB, { as: 'alice', body: binding('ClusterRole', 'cluster-admin') });
    assert.equal(r.status, 403, r.text);
    assert.match(r.body.message, /escalat|bind/i);
  });

  test('a Role with only rules alice holds may be created; one with more may not', async () => {
    const ok = await s.request('POST', ROLES, { as: 'alice', body: role('pods-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]) });
    assert.equal(ok.status, 201, ok.text);
    const nodes = await s.request('POST', ROLES, { as: 'alice', body: role('nodes', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]) });
    assert.equal(nodes.status, 403, nodes.text);
    const star = await s.request('POST', ROLES, { as: 'alice', body: role('star', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]) });
    assert.equal(star.status, 403, star.text);
  });

  test('widening an existing Role by update is checked as well', async () => {
    const c = await s.request('POST', ROLES, { as: 'alice', body: role('grows', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]) });
    assert.equal(c.status, 201, c.text);
    const wider = await s.request('PUT', `${ROLES}/grows`, { as: 'alice', body: { ...c.body, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] } });
    assert.equal(wider.status, 403, wider.text);
  });

  test('alice cannot bind in a namespace she does not administer', async () => {
    const r = await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/elsewhere/rolebindings', { as: 'alice', body: binding('ClusterRole', 'view') });
    assert.equal(r.status, 403);
  });

  test('the `bind` verb on a named role allows binding it without holding its rules; `escalate` allows writing it', async () => {
    const grant = await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'bind-node-reader' }, rules: [
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['system:node-reader-test'] },
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] },
      ] },
    });
    assert.equal(grant.status, 201, grant.text);
    const target = await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:node-reader-test' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] },
    });
    assert.equal(target.status, 201, target.text);
    const before = await s.request('POST', RB, { as: 'alice', body: binding('ClusterRole', 'system:node-reader-test') });
    assert.equal(before.status, 403, before.text);
    await bindRole(s, 'alice', 'bind-node-reader', 'esc');
    const after = await s.request('POST', RB, { as: 'alice', body: binding('ClusterRole', 'system:node-reader-test') });
    assert.equal(after.status, 201, after.text);
    // `bind` on that role does not extend to cluster-admin.
    assert.equal((await s.request('POST', RB, { as: 'alice', body: binding('ClusterRole', 'cluster-admin') })).status, 403);
    const escalated = await s.request('POST', ROLES, { as: 'alice', body: role('escalated', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]) });
    assert.equal(escalated.status, 201, escalated.text);
  });
});
