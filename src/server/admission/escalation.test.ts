import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule, Role } from '../../shared/api/rbac';
import { widenedRoles } from './escalation';

// widenedRoles: which aggregated ClusterRoles a role's labels feed, and what each would gain (the
// escalation check asks the writer to hold exactly that, or to have `escalate` on the aggregated role).

const R = (verbs: string[], resources: string[]): PolicyRule => ({ apiGroups: [''], resources, verbs });
const role = (name: string, rules: PolicyRule[], labels?: Record<string, string>, selectors?: Record<string, string>[]): Role => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, ...(labels ? { labels } : {}) }, rules,
  ...(selectors ? { aggregationRule: { clusterRoleSelectors: selectors.map((matchLabels) => ({ matchLabels })) } } : {}),
});

const pods = R(['get'], ['pods']);
const secrets = R(['get'], ['secrets']);
const developer = role('developer', [pods], undefined, [{ 'to-dev': 'true' }]);
const admin = role('admin', [pods, secrets], undefined, [{ 'to-admin': 'true' }]);
const sources = role('admin-source', [pods, secrets], { 'to-admin': 'true' });

const cases: { name: string; input: Role; want: { name: string; added: PolicyRule[] }[] }[] = [
  { name: 'no labels: widens nothing', input: role('x', [secrets]), want: [] },
  { name: 'a label that no aggregated role selects', input: role('x', [secrets], { other: 'true' }), want: [] },
  { name: 'labelled into developer with a rule it lacks', input: role('x', [pods, secrets], { 'to-dev': 'true' }), want: [{ name: 'developer', added: [secrets] }] },
  { name: 'labelled into developer with rules it already has', input: role('x', [pods], { 'to-dev': 'true' }), want: [] },
  { name: 'labelled into both', input: role('x', [R(['*'], ['*'])], { 'to-dev': 'true', 'to-admin': 'true' }), want: [{ name: 'developer', added: [R(['*'], ['*'])] }, { name: 'admin', added: [R(['*'], ['*'])] }] },
  { name: 'an aggregating role counts with the rules it would gather', input: role('x', [], { 'to-dev': 'true' }, [{ 'to-admin': 'true' }]), want: [{ name: 'developer', added: [secrets] }] },
  { name: 'an aggregated role is not widened by its own update', input: role('developer', [pods, secrets], { 'to-dev': 'true' }, [{ 'to-dev': 'true' }]), want: [] },
];

describe('widenedRoles', () => {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(widenedRoles(c.input, [developer, admin, sources]), c.want));
  }
});
