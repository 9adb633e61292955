import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceRule } from '../../shared/api/reviews';
import { can, type Permission } from './authz';

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames: string[] = []): ResourceRule => ({ verbs, apiGroups, resources, resourceNames });

const listPods: Permission = { verb: 'list', group: '', resource: 'pods' };

const cases: { name: string; rules: ResourceRule[] | undefined; input: Permission; expect: boolean }[] = [
  { name: 'no rules yet', rules: undefined, input: listPods, expect: false },
  { name: 'empty rules', rules: [], input: listPods, expect: false },
  { name: 'exact match', rules: [rule(['get', 'list'], [''], ['pods'])], input: listPods, expect: true },
  { name: 'other verb', rules: [rule(['get'], [''], ['pods'])], input: listPods, expect: false },
  { name: 'other group', rules: [rule(['list'], ['apps'], ['pods'])], input: listPods, expect: false },
  { name: 'other resource', rules: [rule(['list'], [''], ['secrets'])], input: listPods, expect: false },
  { name: 'subresource is not the resource', rules: [rule(['list'], [''], ['pods/log'])], input: listPods, expect: false },
  { name: 'verb wildcard', rules: [rule(['*'], [''], ['pods'])], input: listPods, expect: true },
  { name: 'group wildcard', rules: [rule(['list'], ['*'], ['pods'])], input: listPods, expect: true },
  { name: 'resource wildcard', rules: [rule(['list'], [''], ['*'])], input: listPods, expect: true },
  { name: 'cluster-admin', rules: [rule(['*'], ['*'], ['*'])], input: { verb: 'list', group: 'iam.gatehouse.dev', resource: 'users' }, expect: true },
  { name: 'core rule does not grant a named group', rules: [rule(['list'], [''], ['users'])], input: { verb: 'list', group: 'iam.gatehouse.dev', resource: 'users' }, expect: false },
  { name: 'resourceNames do not grant list', rules: [rule(['list'], [''], ['pods'], ['web'])], input: listPods, expect: false },
  { name: 'resourceNames grant the named object', rules: [rule(['get'], [''], ['pods'], ['web'])], input: { verb: 'get', group: '', resource: 'pods', name: 'web' }, expect: true },
  { name: 'resourceNames do not grant another object', rules: [rule(['get'], [''], ['pods'], ['web'])], input: { verb: 'get', group: '', resource: 'pods', name: 'db' }, expect: false },
  { name: 'any matching rule wins', rules: [rule(['get'], [''], ['pods']), rule(['list'], [''], ['pods'])], input: listPods, expect: true },
  { name: 'verb is case-sensitive like RBAC', rules: [rule(['LIST'], [''], ['pods'])], input: listPods, expect: false },
];

for (const c of cases) {
  test(`can: ${c.name}`, () => {
    assert.equal(can(c.rules, c.input), c.expect);
  });
}
