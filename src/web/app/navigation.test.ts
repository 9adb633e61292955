import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResourceRule } from '../../shared/api/reviews';
import { visibleViews, type Access } from './navigation';

const rule = (verbs: string[], apiGroups: string[], resources: string[]): ResourceRule => ({ verbs, apiGroups, resources, resourceNames: [] });
const noCluster = { securityProfiles: false, capabilityGrants: false, users: false, namespaces: false, nodes: false };

const developer: ResourceRule[] = [
  rule(['get', 'list', 'watch', 'create', 'delete'], [''], ['pods']),
  rule(['create', 'update', 'patch', 'delete', 'use'], [''], ['secrets']),
  rule(['list', 'watch'], ['security.gatehouse.dev'], ['secretsummaries']),
  rule(['get', 'list'], [''], ['serviceaccounts']),
];
const projectAdmin: ResourceRule[] = [
  ...developer,
  rule(['get', 'list', 'watch', 'create', 'delete'], ['rbac.authorization.k8s.io'], ['rolebindings']),
  rule(['create', 'delete'], [''], ['serviceaccounts']),
];

const cases: { name: string; input: Access; expect: string[] }[] = [
  { name: 'still loading', input: { rules: undefined, cluster: noCluster }, expect: ['Audit'] },
  { name: 'developer', input: { rules: developer, cluster: noCluster }, expect: ['Pods', 'Secrets', 'Audit'] },
  { name: 'project admin', input: { rules: projectAdmin, cluster: noCluster }, expect: ['Pods', 'Secrets', 'Members', 'Service accounts', 'Audit'] },
  {
    name: 'cluster admin', input: { rules: [rule(['*'], ['*'], ['*'])], cluster: { securityProfiles: true, capabilityGrants: true, users: true, namespaces: true, nodes: true } },
    expect: ['Pods', 'Deployments', 'Jobs', 'Services', 'Config maps', 'Secrets', 'Members', 'Service accounts', 'Events', 'Namespace settings', 'Security profiles', 'Capability grants', 'Namespaces', 'Nodes', 'Users', 'Audit'],
  },
  { name: 'secret creator without summaries', input: { rules: [rule(['create'], [''], ['secrets'])], cluster: noCluster }, expect: ['Secrets', 'Audit'] },
  { name: 'reading bindings is not managing members', input: { rules: [rule(['list'], ['rbac.authorization.k8s.io'], ['rolebindings'])], cluster: noCluster }, expect: ['Audit'] },
  { name: 'user admin only', input: { rules: [], cluster: { ...noCluster, users: true } }, expect: ['Users', 'Audit'] },
  { name: 'may patch this namespace', input: { rules: [rule(['get', 'patch'], [''], ['namespaces'])], cluster: noCluster }, expect: ['Namespace settings', 'Audit'] },
  { name: 'namespace creator', input: { rules: [], cluster: { ...noCluster, namespaces: true } }, expect: ['Namespaces', 'Audit'] },
  { name: 'event reader', input: { rules: [rule(['list'], [''], ['events'])], cluster: noCluster }, expect: ['Events', 'Audit'] },
  { name: 'workload reader: each kind by its own list rule', input: { rules: [rule(['list'], ['apps'], ['deployments']), rule(['list'], [''], ['configmaps'])], cluster: noCluster }, expect: ['Deployments', 'Config maps', 'Audit'] },
  { name: 'node reader', input: { rules: [], cluster: { ...noCluster, nodes: true } }, expect: ['Nodes', 'Audit'] },
];

for (const c of cases) {
  test(`visibleViews: ${c.name}`, () => {
    assert.deepEqual(visibleViews(c.input).map((v) => v.label), c.expect);
  });
}
