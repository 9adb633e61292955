import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolicyRule, Role, RoleBinding } from '../../../../shared/api/rbac';
import type { SecurityProfile } from '../../../../shared/api/security';
import { computeGrants, isUseRoleFor, profilesGrantedBy, subjectText, useRuleFor, type RbacObjects } from './compute-grants';

const G = 'security.gatehouse.dev';
const RBAC = 'rbac.authorization.k8s.io';

const ruleCases: { name: string; input: PolicyRule; expect: string[] | '*' | undefined }[] = [
  { name: 'named profile', input: { verbs: ['use'], apiGroups: [G], resources: ['securityprofiles'], resourceNames: ['privileged'] }, expect: ['privileged'] },
  { name: 'no names means all', input: { verbs: ['use'], apiGroups: [G], resources: ['securityprofiles'] }, expect: '*' },
  { name: 'wildcards everywhere', input: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, expect: '*' },
  { name: 'wrong verb', input: { verbs: ['get', 'list'], apiGroups: [G], resources: ['securityprofiles'] }, expect: undefined },
  { name: 'wrong group', input: { verbs: ['use'], apiGroups: [''], resources: ['securityprofiles'] }, expect: undefined },
  { name: 'wrong resource', input: { verbs: ['use'], apiGroups: [G], resources: ['secrets'] }, expect: undefined },
  { name: 'non-resource rule', input: { verbs: ['*'], nonResourceURLs: ['*'] }, expect: undefined },
];
for (const c of ruleCases) test(`profilesGrantedBy: ${c.name}`, () => assert.deepEqual(profilesGrantedBy(c.input), c.expect));

const profile = (name: string, extra: Partial<SecurityProfile> = {}): SecurityProfile => ({ metadata: { name }, runAsUser: { type: 'MustRunAsRange' }, ...extra });
const clusterRole = (name: string, rules: PolicyRule[]): Role => ({ metadata: { name }, rules });
const binding = (name: string, role: string, subjects: RoleBinding['subjects'], ns?: string, annotations?: Record<string, string>, kind: 'ClusterRole' | 'Role' = 'ClusterRole'): RoleBinding => ({
  metadata: { name, namespace: ns, annotations }, roleRef: { apiGroup: RBAC, kind, name: role }, subjects,
});

const objects: RbacObjects = {
  profiles: [profile('restricted'), profile('privileged', { allowPrivilegedContainer: true, runAsUser: { type: 'RunAsAny' } })],
  clusterRoles: [
    clusterRole('use-privileged', [useRuleFor('privileged')]),
    clusterRole('use-restricted', [useRuleFor('restricted')]),
    clusterRole('cluster-admin', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
    clusterRole('developer', [{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }]),
  ],
  roles: [{ metadata: { name: 'local', namespace: 'team' }, rules: [useRuleFor('restricted'), { verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }],
  clusterRoleBindings: [
    binding('everyone-restricted', 'use-restricted', [{ kind: 'Group', apiGroup: RBAC, name: 'system:authenticated' }]),
    binding('masters', 'cluster-admin', [{ kind: 'Group', apiGroup: RBAC, name: 'system:masters' }]),
    binding('dangling', 'no-such-role', [{ kind: 'User', name: 'x' }]),
  ],
  roleBindings: [
    binding('alice-priv', 'use-privileged', [{ kind: 'User', apiGroup: RBAC, name: 'alice' }, { kind: 'ServiceAccount', name: 'ci' }], 'team', { 'gatehouse.dev/expires-at': '2030-01-01T00:00:00Z' }),
    binding('old', 'use-privileged', [{ kind: 'User', name: 'bob' }], 'team', { 'gatehouse.dev/expires-at': '2020-01-01T00:00:00Z' }),
    binding('dev', 'developer', [{ kind: 'User', name: 'carol' }], 'team'),
    binding('local', 'local', [{ kind: 'User', name: 'dan' }], 'team', undefined, 'Role'),
  ],
};

test('computeGrants lists who may use which profile where, risky first, expired last', () => {
  const grants = computeGrants(objects, Date.parse('2025-01-01T00:00:00Z'));
  assert.deepEqual(grants.map((g) => [subjectText(g.subject), g.profile, g.namespace ?? '*', g.binding.name, g.expired]), [
    ['group system:masters', '*', '*', 'masters', false],
    ['alice', 'privileged', 'team', 'alice-priv', false],
    ['service account team/ci', 'privileged', 'team', 'alice-priv', false],
    ['group system:authenticated', 'restricted', '*', 'everyone-restricted', false],
    ['dan', 'restricted', 'team', 'local', false],
    ['bob', 'privileged', 'team', 'old', true],
  ]);
  const alice = grants.find((g) => g.subject.name === 'alice')!;
  assert.deepEqual(alice.risks.map((r) => r.id), ['privileged', 'root']);
  assert.equal(alice.expiresAt, '2030-01-01T00:00:00Z');
  assert.equal(alice.otherRules, false);
  assert.equal(grants.find((g) => g.subject.name === 'dan')!.otherRules, true);
  assert.equal(grants.find((g) => g.subject.name === 'system:masters')!.otherRules, true);
});

test('isUseRoleFor recognises a reusable single-profile role', () => {
  assert.equal(isUseRoleFor(clusterRole('x', [useRuleFor('privileged')]), 'privileged'), true);
  assert.equal(isUseRoleFor(clusterRole('x', [useRuleFor('privileged')]), 'restricted'), false);
  assert.equal(isUseRoleFor(clusterRole('x', [useRuleFor('privileged'), useRuleFor('restricted')]), 'privileged'), false);
});
