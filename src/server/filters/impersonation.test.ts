// Impersonation through the real app on an in-memory store: each Impersonate-* header needs its own
// `impersonate` grant, the request then runs (and is authorized) as the impersonated user.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createNamespace, startInProcess, type InProcessServer } from '../testing/in-process';

let s: InProcessServer;
const WHOAMI = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
const whoami = (headers: Record<string, string>, as: 'alice' | 'bob' | 'admin' = 'alice') =>
  s.request('POST', WHOAMI, { as, headers, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });

before(async () => {
  s = await startInProcess();
  await createNamespace(s, 'imp');
  // alice may impersonate bob and the group "testers", the service account imp/robot and one uid; nothing else.
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'impersonate-some' },
    rules: [
      { apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['bob'] },
      { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: ['testers'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'], resourceNames: ['robot'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['uids'], verbs: ['impersonate'], resourceNames: ['uid-1'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], verbs: ['impersonate'], resourceNames: ['read'] },
    ],
  };
  assert.equal((await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', { body: role })).status, 201);
  const crb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'alice-impersonates' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'impersonate-some' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }] };
  assert.equal((await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { body: crb })).status, 201);
  // bob may read config maps in "imp"; alice may not.
  const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'bob-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' }] };
  assert.equal((await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/imp/rolebindings', { body: rb })).status, 201);
});
after(async () => { await s.close(); });

describe('impersonation', () => {
  test('without headers the request runs as the caller', async () => {
    const r = await whoami({});
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status.userInfo.username, 'alice');
  });

  test('a granted user is impersonated: identity and authorization are the impersonated user\'s', async () => {
    const r = await whoami({ 'Impersonate-User': 'bob' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status.userInfo.username, 'bob');
    assert.ok(r.body.status.userInfo.groups.includes('system:authenticated'));
    assert.equal((await s.request('GET', '/api/v1/namespaces/imp/configmaps', { as: 'alice' })).status, 403);
    assert.equal((await s.request('GET', '/api/v1/namespaces/imp/configmaps', { as: 'alice', headers: { 'Impersonate-User': 'bob' } })).status, 200);
  });

  test('a user not granted is 403 naming the impersonate verb', async () => {
    const r = await whoami({ 'Impersonate-User': 'admin' });
    assert.equal(r.status, 403);
    assert.match(r.body.message, /impersonate/);
  });

  test('every group needs its own grant', async () => {
    const ok = await whoami({ 'Impersonate-User': 'bob', 'Impersonate-Group': 'testers' });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.body.status.userInfo.groups, ['testers', 'system:authenticated']);
    const masters = await whoami({ 'Impersonate-User': 'bob', 'Impersonate-Group': 'testers,system:masters' });
    assert.equal(masters.status, 403);
    assert.equal((await whoami({ 'Impersonate-User': 'bob', 'Impersonate-Group': 'system:masters' })).status, 403);
  });

  test('a service account needs impersonate on serviceaccounts and gets the service-account groups', async () => {
    const robot = await whoami({ 'Impersonate-User': 'system:serviceaccount:imp:robot' });
    assert.equal(robot.status, 201, robot.text);
    assert.deepEqual(robot.body.status.userInfo.groups, ['system:serviceaccounts', 'system:serviceaccounts:imp', 'system:authenticated']);
    assert.equal((await whoami({ 'Impersonate-User': 'system:serviceaccount:imp:other' })).status, 403);
  });

  test('uid and extras need their own grants', async () => {
    const ok = await whoami({ 'Impersonate-User': 'bob', 'Impersonate-Uid': 'uid-1', 'Impersonate-Extra-scopes': 'read' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.status.userInfo.uid, 'uid-1');
    assert.deepEqual(ok.body.status.userInfo.extra, { scopes: ['read'] });
    assert.equal((await whoami({ 'Impersonate-User': 'bob', 'Impersonate-Uid': 'uid-2' })).status, 403);
    assert.equal((await whoami({ 'Impersonate-User': 'bob', 'Impersonate-Extra-scopes': 'write' })).status, 403);
  });

  test('groups, uid or extras without a user are 400', async () => {
    const r = await whoami({ 'Impersonate-Group': 'testers' });
    assert.equal(r.status, 400);
    assert.match(r.body.message, /Impersonate-User/);
  });

  test('a user without any impersonate grant is refused, even for themselves', async () => {
    assert.equal((await whoami({ 'Impersonate-User': 'bob' }, 'bob')).status, 403);
  });

  test('the audit event records the real user as impersonator', async () => {
    await s.request('GET', '/api/v1/namespaces/imp/configmaps?labelSelector=audit-probe', { as: 'alice', headers: { 'Impersonate-User': 'bob' } });
    // Read events are batched (flushed within ~100 ms).
    let hit: any;
    for (let i = 0; i < 30 && !hit; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const ev = await s.request('GET', '/apis/audit.gatehouse.dev/v1/auditevents?limit=500');
      assert.equal(ev.status, 200, ev.text);
      hit = ev.body.items.find((e: any) => e.requestURI?.includes('audit-probe'));
    }
    assert.ok(hit, 'audit event of the impersonated request');
    assert.equal(hit.user.username, 'alice');
    assert.equal(hit.impersonatedUser.username, 'bob');
  });
});
