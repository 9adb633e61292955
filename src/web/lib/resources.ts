import { configMapSchema, eventSchema, leaseSchema, namespaceSchema, nodeSchema, podSchema, serviceAccountSchema, serviceSchema } from '../../shared/api/core';
import { groupSchema, userSchema } from '../../shared/api/iam';
import { clusterRoleSchema, roleBindingSchema, roleSchema } from '../../shared/api/rbac';
import { secretSummarySchema, securityProfileSchema } from '../../shared/api/security';
import { deploymentSchema, endpointSliceSchema, jobSchema, podTemplateSchema, replicaSetSchema } from '../../shared/api/workloads';
import { defineResource } from './resource-api';

/**
 * resources is the web's one descriptor per resource it reads (lib/resource-api.ts): the shared
 * descriptor plus the schema its objects are parsed with. A feature reads a resource through its entry
 * here, so its URLs and query keys are the resource's own and any write refreshes every view of it.
 * Adding a resource to the console is one line here (after its line in src/shared/api/resources.ts).
 */
export const resources = {
  namespaces: defineResource('', 'namespaces', namespaceSchema),
  pods: defineResource('', 'pods', podSchema),
  serviceAccounts: defineResource('', 'serviceaccounts', serviceAccountSchema),
  configMaps: defineResource('', 'configmaps', configMapSchema),
  events: defineResource('', 'events', eventSchema),
  nodes: defineResource('', 'nodes', nodeSchema),
  services: defineResource('', 'services', serviceSchema),
  leases: defineResource('coordination.k8s.io', 'leases', leaseSchema),
  podTemplates: defineResource('', 'podtemplates', podTemplateSchema),
  deployments: defineResource('apps', 'deployments', deploymentSchema),
  replicaSets: defineResource('apps', 'replicasets', replicaSetSchema),
  jobs: defineResource('batch', 'jobs', jobSchema),
  endpointSlices: defineResource('discovery.k8s.io', 'endpointslices', endpointSliceSchema),
  roles: defineResource('rbac.authorization.k8s.io', 'roles', roleSchema),
  roleBindings: defineResource('rbac.authorization.k8s.io', 'rolebindings', roleBindingSchema),
  clusterRoles: defineResource('rbac.authorization.k8s.io', 'clusterroles', clusterRoleSchema),
  clusterRoleBindings: defineResource('rbac.authorization.k8s.io', 'clusterrolebindings', roleBindingSchema),
  users: defineResource('iam.gatehouse.dev', 'users', userSchema),
  groups: defineResource('iam.gatehouse.dev', 'groups', groupSchema),
  securityProfiles: defineResource('security.gatehouse.dev', 'securityprofiles', securityProfileSchema),
  secretSummaries: defineResource('security.gatehouse.dev', 'secretsummaries', secretSummarySchema),
};
