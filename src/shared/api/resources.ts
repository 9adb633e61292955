import type { z } from 'zod';
import { configMapSchema, eventSchema, leaseSchema, namespaceSchema, nodeSchema, podSchema, secretSchema, serviceAccountSchema, serviceSchema } from './core';
import { clusterRoleSchema, roleBindingSchema, roleSchema } from './rbac';
import { groupSchema, userSchema } from './iam';
import { secretSummarySchema, securityProfileSchema } from './security';
import { auditEventSchema } from './audit';
import { deploymentSchema, endpointSliceSchema, jobSchema, podTemplateSchema, replicaSetSchema } from './workloads';

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
  /** description is the kind's OpenAPI description (upstream's text for the Kubernetes kinds). */
  description: string;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = ['create'];

function d(kind: string, group: string, resource: string, namespaced: boolean, description: string, extra: Partial<ResourceDescriptor> = {}): ResourceDescriptor {
  return {
    kind, description, listKind: `${kind}List`, group, version: 'v1', resource, singular: kind.toLowerCase(), namespaced,
    verbs: CRUD, stored: true, ...extra,
  };
}

/** RESOURCES is the one table of every resource the API serves. Order is discovery order. */
export const RESOURCES: ResourceDescriptor[] = [
  d('Namespace', '', 'namespaces', false,
    'Namespace provides a scope for Names. Use of multiple namespaces is optional.', { shortNames: ['ns'], schema: namespaceSchema, subresources: ['status'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  d('Pod', '', 'pods', true,
    'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', { shortNames: ['po'], categories: ['all'], schema: podSchema, subresources: ['status', 'binding'] }),
  d('ServiceAccount', '', 'serviceaccounts', true,
    'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets', { shortNames: ['sa'], schema: serviceAccountSchema, subresources: ['token'] }),
  d('Secret', '', 'secrets', true,
    'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes. In Gatehouse, a secret\'s values are returned only to subjects that may `get` it.', { schema: secretSchema }),
  d('ConfigMap', '', 'configmaps', true,
    'ConfigMap holds configuration data for pods to consume.', { shortNames: ['cm'], schema: configMapSchema }),
  d('Event', '', 'events', true,
    'Event is a report of an event somewhere in the cluster.', { shortNames: ['ev'], schema: eventSchema }),
  d('Node', '', 'nodes', false,
    'Node is a worker node in Kubernetes. Gatehouse\'s built-in nodes are registered by its node agents and run no containers.', { shortNames: ['no'], schema: nodeSchema, subresources: ['status'] }),
  d('Service', '', 'services', true,
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', { shortNames: ['svc'], categories: ['all'], schema: serviceSchema, subresources: ['status'] }),
  d('Lease', 'coordination.k8s.io', 'leases', true,
    'Lease defines a lease concept. Each node keeps one in kube-node-lease as its heartbeat.', { schema: leaseSchema }),
  d('PodTemplate', '', 'podtemplates', true,
    'PodTemplate describes a template for creating copies of a predefined pod.', { schema: podTemplateSchema }),
  // Workloads: run by the controllers on behalf of the human who last set their pod template.
  d('Deployment', 'apps', 'deployments', true,
    'Deployment enables declarative updates for Pods and ReplicaSets. Gatehouse\'s deployment controller makes its ReplicaSets on behalf of the person who last set its pod template.', { shortNames: ['deploy'], categories: ['all'], schema: deploymentSchema, subresources: ['status', 'scale'] }),
  d('ReplicaSet', 'apps', 'replicasets', true,
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', { shortNames: ['rs'], categories: ['all'], schema: replicaSetSchema, subresources: ['status', 'scale'] }),
  d('Job', 'batch', 'jobs', true,
    'Job represents the configuration of a single job.', { categories: ['all'], schema: jobSchema, subresources: ['status'] }),
  d('EndpointSlice', 'discovery.k8s.io', 'endpointslices', true,
    'EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.', { schema: endpointSliceSchema }),
  d('Role', 'rbac.authorization.k8s.io', 'roles', true,
    'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.', { schema: roleSchema }),
  d('RoleBinding', 'rbac.authorization.k8s.io', 'rolebindings', true,
    'RoleBinding references a role, but does not contain it. It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.', { schema: roleBindingSchema }),
  d('ClusterRole', 'rbac.authorization.k8s.io', 'clusterroles', false,
    'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.', { schema: clusterRoleSchema }),
  d('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'clusterrolebindings', false,
    'ClusterRoleBinding references a ClusterRole, but not contain it. It can reference a ClusterRole in the global namespace, and adds who information via Subject.', { schema: roleBindingSchema }),
  d('SelfSubjectAccessReview', 'authorization.k8s.io', 'selfsubjectaccessreviews', false,
    'SelfSubjectAccessReview checks whether or the current user can perform an action.', { verbs: CREATE_ONLY, stored: false }),
  d('SelfSubjectRulesReview', 'authorization.k8s.io', 'selfsubjectrulesreviews', false,
    'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.', { verbs: CREATE_ONLY, stored: false }),
  d('SubjectAccessReview', 'authorization.k8s.io', 'subjectaccessreviews', false,
    'SubjectAccessReview checks whether or not a user or group can perform an action.', { verbs: CREATE_ONLY, stored: false }),
  d('LocalSubjectAccessReview', 'authorization.k8s.io', 'localsubjectaccessreviews', true,
    'LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.', { verbs: CREATE_ONLY, stored: false }),
  d('SelfSubjectReview', 'authentication.k8s.io', 'selfsubjectreviews', false,
    'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.', { verbs: CREATE_ONLY, stored: false }),
  d('TokenReview', 'authentication.k8s.io', 'tokenreviews', false,
    'TokenReview attempts to authenticate a token to a known user.', { verbs: CREATE_ONLY, stored: false }),
  d('User', 'iam.gatehouse.dev', 'users', false,
    'User is a person who signs in to Gatehouse. Their groups come from spec.groups and from the Groups that list them.', { schema: userSchema, subresources: ['password'] }),
  d('Group', 'iam.gatehouse.dev', 'groups', false,
    'Group is a named set of users that RoleBindings can grant to at once.', { schema: groupSchema }),
  d('GrantReview', 'iam.gatehouse.dev', 'grantreviews', true,
    'GrantReview tells, before anything is written, which roles the caller may grant in a namespace (and which rules they lack) and whether the named subjects exist.', { verbs: CREATE_ONLY, stored: false }),
  d('Project', 'project.gatehouse.dev', 'projects', false,
    'Project is a namespace as its members see it: the namespaces a user may see, listed without cluster-wide rights.', { verbs: ['get', 'list', 'watch'], stored: false }),
  d('ProjectRequest', 'project.gatehouse.dev', 'projectrequests', false,
    'ProjectRequest asks for a new project (namespace) with the requester as its admin.', { verbs: CREATE_ONLY, stored: false }),
  d('SecurityProfile', 'security.gatehouse.dev', 'securityprofiles', false,
    'SecurityProfile is an admin-defined security profile for pods (like OpenShift\'s SecurityContextConstraints): the UIDs, groups, SELinux context, capabilities, volumes and host access a pod may have. Subjects may run pods under a profile they may `use`.', { shortNames: ['sp'], schema: securityProfileSchema }),
  d('SecretSummary', 'security.gatehouse.dev', 'secretsummaries', true,
    'SecretSummary is what a subject that may list secrets but not get them sees of a secret: its name, type and key names, never its values.', { verbs: ['get', 'list', 'watch'], stored: false, schema: secretSummarySchema }),
  d('SecurityProfileReview', 'security.gatehouse.dev', 'securityprofilereviews', true,
    'SecurityProfileReview tells which security profile a pod would run under, for the requesting user or a service account, and why others do not fit.', { verbs: CREATE_ONLY, stored: false }),
  // The audit trail: read-only, served from the audit tables; items are audit.k8s.io/v1 Events with metadata.
  d('AuditEvent', 'audit.gatehouse.dev', 'auditevents', true,
    'AuditEvent is one entry of Gatehouse\'s tamper-evident audit trail (an audit.k8s.io/v1 Event with metadata).', { verbs: ['list', 'watch'], stored: false, schema: auditEventSchema }),
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
