import type { z } from 'zod';
import { configMapSchema, eventSchema, leaseSchema, namespaceSchema, nodeSchema, podSchema, secretSchema, serviceAccountSchema, serviceSchema } from './core';
import { clusterRoleSchema, roleBindingSchema, roleSchema } from './rbac';
import { groupSchema, userSchema } from './iam';
import { secretSummarySchema, securityProfileSchema } from './security';
import { auditEventSchema } from './audit';
import { deploymentSchema, endpointSliceSchema, jobSchema, replicaSetSchema } from './workloads';

/** ResourceDescriptor describes one served resource; the server registers routes and storage from it and the SPA builds URLs and query keys from it. */
export interface ResourceDescriptor {
  kind: string;
  listKind: string;
  group: string;
  version: string;
  /** resource is the plural path segment, e.g. `pods`. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** schema validates a full object; undefined means the resource is virtual (reviews). */
  schema?: z.ZodType;
  verbs: string[];
  subresources?: string[];
  /** stored is false for create-only review resources that are never persisted. */
  stored: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = ['create'];

function d(kind: string, group: string, resource: string, namespaced: boolean, extra: Partial<ResourceDescriptor> = {}): ResourceDescriptor {
  return {
    kind, listKind: `${kind}List`, group, version: 'v1', resource, singular: kind.toLowerCase(), namespaced,
    verbs: CRUD, stored: true, ...extra,
  };
}

/** RESOURCES is the one table of every resource the API serves. Order is discovery order. */
export const RESOURCES: ResourceDescriptor[] = [
  d('Namespace', '', 'namespaces', false, { shortNames: ['ns'], schema: namespaceSchema, subresources: ['status'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  d('Pod', '', 'pods', true, { shortNames: ['po'], categories: ['all'], schema: podSchema, subresources: ['status', 'binding'] }),
  d('ServiceAccount', '', 'serviceaccounts', true, { shortNames: ['sa'], schema: serviceAccountSchema, subresources: ['token'] }),
  d('Secret', '', 'secrets', true, { schema: secretSchema }),
  d('ConfigMap', '', 'configmaps', true, { shortNames: ['cm'], schema: configMapSchema }),
  d('Event', '', 'events', true, { shortNames: ['ev'], schema: eventSchema }),
  d('Node', '', 'nodes', false, { shortNames: ['no'], schema: nodeSchema, subresources: ['status'] }),
  d('Service', '', 'services', true, { shortNames: ['svc'], categories: ['all'], schema: serviceSchema, subresources: ['status'] }),
  d('Lease', 'coordination.k8s.io', 'leases', true, { schema: leaseSchema }),
  // Workloads: run by the controllers on behalf of the human who last set their pod template.
  d('Deployment', 'apps', 'deployments', true, { shortNames: ['deploy'], categories: ['all'], schema: deploymentSchema, subresources: ['status', 'scale'] }),
  d('ReplicaSet', 'apps', 'replicasets', true, { shortNames: ['rs'], categories: ['all'], schema: replicaSetSchema, subresources: ['status', 'scale'] }),
  d('Job', 'batch', 'jobs', true, { categories: ['all'], schema: jobSchema, subresources: ['status'] }),
  d('EndpointSlice', 'discovery.k8s.io', 'endpointslices', true, { schema: endpointSliceSchema }),
  d('Role', 'rbac.authorization.k8s.io', 'roles', true, { schema: roleSchema }),
  d('RoleBinding', 'rbac.authorization.k8s.io', 'rolebindings', true, { schema: roleBindingSchema }),
  d('ClusterRole', 'rbac.authorization.k8s.io', 'clusterroles', false, { schema: clusterRoleSchema }),
  d('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'clusterrolebindings', false, { schema: roleBindingSchema }),
  d('SelfSubjectAccessReview', 'authorization.k8s.io', 'selfsubjectaccessreviews', false, { verbs: CREATE_ONLY, stored: false }),
  d('SelfSubjectRulesReview', 'authorization.k8s.io', 'selfsubjectrulesreviews', false, { verbs: CREATE_ONLY, stored: false }),
  d('SubjectAccessReview', 'authorization.k8s.io', 'subjectaccessreviews', false, { verbs: CREATE_ONLY, stored: false }),
  d('LocalSubjectAccessReview', 'authorization.k8s.io', 'localsubjectaccessreviews', true, { verbs: CREATE_ONLY, stored: false }),
  d('SelfSubjectReview', 'authentication.k8s.io', 'selfsubjectreviews', false, { verbs: CREATE_ONLY, stored: false }),
  d('TokenReview', 'authentication.k8s.io', 'tokenreviews', false, { verbs: CREATE_ONLY, stored: false }),
  d('User', 'iam.gatehouse.dev', 'users', false, { schema: userSchema, subresources: ['password'] }),
  d('Group', 'iam.gatehouse.dev', 'groups', false, { schema: groupSchema }),
  d('GrantReview', 'iam.gatehouse.dev', 'grantreviews', true, { verbs: CREATE_ONLY, stored: false }),
  d('Project', 'project.gatehouse.dev', 'projects', false, { verbs: ['get', 'list', 'watch'], stored: false }),
  d('ProjectRequest', 'project.gatehouse.dev', 'projectrequests', false, { verbs: CREATE_ONLY, stored: false }),
  d('SecurityProfile', 'security.gatehouse.dev', 'securityprofiles', false, { shortNames: ['sp'], schema: securityProfileSchema }),
  d('SecretSummary', 'security.gatehouse.dev', 'secretsummaries', true, { verbs: ['get', 'list', 'watch'], stored: false, schema: secretSummarySchema }),
  d('SecurityProfileReview', 'security.gatehouse.dev', 'securityprofilereviews', true, { verbs: CREATE_ONLY, stored: false }),
  // The audit trail: read-only, served from the audit tables; items are audit.k8s.io/v1 Events with metadata.
  d('AuditEvent', 'audit.gatehouse.dev', 'auditevents', true, { verbs: ['list', 'watch'], stored: false, schema: auditEventSchema }),
];

/** groupVersion renders `v1` for the core group and `group/v1` otherwise. */
export function groupVersion(r: Pick<ResourceDescriptor, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** findResource looks a descriptor up by group and plural resource name. */
export function findResource(group: string, resource: string): ResourceDescriptor | undefined {
  return RESOURCES.find((r) => r.group === group && r.resource === resource);
}

/** toPath builds the API path kubectl would use: a collection when `name` is absent, across namespaces when `ns` is absent. */
export function toPath(r: Pick<ResourceDescriptor, 'group' | 'version' | 'resource' | 'namespaced'>, ns?: string, name?: string, subresource?: string): string {
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const nsPart = r.namespaced && ns ? `/namespaces/${encodeURIComponent(ns)}` : '';
  const namePart = name ? `/${encodeURIComponent(name)}` : '';
  const sub = name && subresource ? `/${subresource}` : '';
  return `${prefix}${nsPart}/${r.resource}${namePart}${sub}`;
}
