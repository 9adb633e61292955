import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoleBinding } from '../../../../shared/api/rbac';
import { groupMembers, isExpired, memberKey } from './members-model';

const RBAC = 'rbac.authorization.k8s.io';
const rb = (name: string, role: string, subjects: RoleBinding['subjects'], annotations?: Record<string, string>): RoleBinding => ({
  metadata: { name, namespace: 'team', annotations }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role }, subjects,
});

test('groupMembers groups bindings by subject, across kinds', () => {
  const members = groupMembers([
    rb('a', 'developer', [{ kind: 'User', apiGroup: RBAC, name: 'alice' }, { kind: 'Group', apiGroup: RBAC, name: 'devs' }]),
    rb('b', 'view', [{ kind: 'User', apiGroup: RBAC, name: 'alice' }]),
    rb('c', 'admin', [{ kind: 'ServiceAccount', name: 'ci' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'other' }]),
  ], 'team', 0);
  assert.deepEqual(members.map((m) => [m.key, m.label, m.roles.map((r) => r.roleName)]), [
    ['User/alice', 'alice', ['developer', 'view']],
    ['ServiceAccount/team/ci', 'ci', ['admin']],
    ['Group/devs', 'devs', ['developer']],
    ['ServiceAccount/other/ci', 'other/ci', ['admin']],
  ]);
});

test('groupMembers marks expired grants', () => {
  const [m] = groupMembers([rb('a', 'view', [{ kind: 'User', name: 'bob' }], { 'gatehouse.dev/expires-at': '2020-01-01T00:00:00Z' })], 'team', Date.parse('2024-01-01T00:00:00Z'));
  assert.equal(m.roles[0].expired, true);
  assert.equal(m.roles[0].expiresAt, '2020-01-01T00:00:00Z');
});

const expiry: { name: string; input: string | undefined; expect: boolean }[] = [
  { name: 'none', input: undefined, expect: false },
  { name: 'future', input: '2999-01-01T00:00:00Z', expect: false },
  { name: 'past', input: '2000-01-01T00:00:00Z', expect: true },
  { name: 'unreadable counts as expired', input: 'soon', expect: true },
];
for (const c of expiry) test(`isExpired: ${c.name}`, () => assert.equal(isExpired(c.input, Date.parse('2024-01-01T00:00:00Z')), c.expect));

test('memberKey: service accounts default to the binding namespace', () => {
  assert.equal(memberKey({ kind: 'ServiceAccount', name: 'x' }, 'team'), 'ServiceAccount/team/x');
  assert.equal(memberKey({ kind: 'User', name: 'x' }, 'team'), 'User/x');
});
