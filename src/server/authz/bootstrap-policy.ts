import type { PolicyRule, Role, RoleBinding } from '../../shared/api/rbac';

// The default roles, reconciled at every start (k8s bootstrappolicy). The user-facing roles are
// aggregated exactly as upstream's admin/edit/view are: `admin` ⊇ `developer` ⊇ `view`, and a
// cluster admin can widen any of them by labelling a ClusterRole `gatehouse.dev/aggregate-to-<role>`.

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };

/**
 * CONTROLLERS are the workload controllers' identities (users named like upstream's controller roles)
 * and, for those that make pods, the kind of owner their pods must have.
 */
export const CONTROLLERS = {
  deployment: { user: 'system:controller:deployment-controller', podOwner: undefined },
  replicaset: { user: 'system:controller:replicaset-controller', podOwner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', key: 'apps/replicasets' } },
  job: { user: 'system:controller:job-controller', podOwner: { apiVersion: 'batch/v1', kind: 'Job', key: 'batch/jobs' } },
  endpointslice: { user: 'system:controller:endpointslice-controller', podOwner: undefined },
} as const;

/** ControllerName is one of the workload controllers. */
export type ControllerName = keyof typeof CONTROLLERS;

/** AGGREGATE_LABEL names the label that aggregates a ClusterRole into a default role. */
export const AGGREGATE_LABEL = (role: 'admin' | 'developer' | 'view'): string => `gatehouse.dev/aggregate-to-${role}`;

const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}, aggregateFrom?: string): Role {
  const role: Role = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels }, annotations: { ...AUTOUPDATE } },
    rules,
  };
  if (aggregateFrom) role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [aggregateFrom]: 'true' } }] };
  return role;
}

function clusterRoleBinding(name: string, role: string, subjects: RoleBinding['subjects']): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { ...AUTOUPDATE } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects,
  };
}

const group = (name: string) => ({ kind: 'Group' as const, apiGroup: 'rbac.authorization.k8s.io', name });

/** BOOTSTRAP_CLUSTER_ROLES are the default ClusterRoles. */
export const BOOTSTRAP_CLUSTER_ROLES: Role[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), { verbs: ['*'], nonResourceURLs: ['*'] }]),
  clusterRole('admin', [], {}, AGGREGATE_LABEL('admin')),
  clusterRole('developer', [], { [AGGREGATE_LABEL('admin')]: 'true' }, AGGREGATE_LABEL('developer')),
  clusterRole('view', [], { [AGGREGATE_LABEL('developer')]: 'true' }, AGGREGATE_LABEL('view')),
  clusterRole('gatehouse:aggregate-to-view', [
    rule(READ, [''], ['pods', 'pods/status', 'serviceaccounts', 'configmaps', 'events', 'services', 'services/status']),
    rule(['get'], [''], ['namespaces']),
    rule(READ, ['security.gatehouse.dev'], ['secretsummaries']),
    rule(READ, ['rbac.authorization.k8s.io'], ['roles', 'rolebindings']),
    rule(READ, ['apps'], ['deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status']),
    rule(READ, ['batch'], ['jobs', 'jobs/status']),
    rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  ], { [AGGREGATE_LABEL('view')]: 'true' }),
  clusterRole('gatehouse:aggregate-to-developer', [
    rule(WRITE, [''], ['pods', 'configmaps', 'services']),
    // Workloads: their controllers make the pods on the developer's behalf, with the developer's grants.
    rule(WRITE, ['apps'], ['deployments', 'deployments/scale', 'replicasets', 'replicasets/scale']),
    rule(WRITE, ['batch'], ['jobs']),
    // Developers create and *use* secrets but never read their values (DESIGN: Secrets).
    rule([...WRITE.filter((v) => v !== 'deletecollection'), 'use'], [''], ['secrets']),
    rule(['create'], ['security.gatehouse.dev'], ['securityprofilereviews']),
  ], { [AGGREGATE_LABEL('developer')]: 'true' }),
  clusterRole('gatehouse:aggregate-to-admin', [
    rule([...READ, 'deletecollection'], [''], ['secrets']),
    rule([...WRITE], [''], ['serviceaccounts']),
    rule(['create'], [''], ['serviceaccounts/token']),
    rule([...READ, ...WRITE], ['rbac.authorization.k8s.io'], ['roles', 'rolebindings']),
    rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
    // The namespace audit trail (namespaced auditevents: events whose objectRef is in the namespace).
    // Everyone may list their own events without a role (the fieldSelector "mine" view, audit/api.ts).
    rule(['list', 'watch'], ['audit.gatehouse.dev'], ['auditevents']),
  ], { [AGGREGATE_LABEL('admin')]: 'true' }),
  clusterRole('system:discovery', [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/version', '/version/', '/openapi', '/openapi/*'] }]),
  clusterRole('system:basic-user', [
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    // The grant form's question; the answer is given only to whoever may create role bindings there.
    rule(['create'], ['iam.gatehouse.dev'], ['grantreviews']),
    // Everyone sees the namespaces they can use (a filtered list), like OpenShift projects.
    rule(['get', 'list', 'watch'], ['project.gatehouse.dev'], ['projects']),
  ]),
  clusterRole('system:public-info-viewer', [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] }]),
  // Security profiles (DESIGN "Security profiles"): every authenticated subject may read them (the
  // console's picker) and use `restricted`; one ClusterRole per shipped profile to grant the others
  // with a RoleBinding (one namespace) or ClusterRoleBinding (everywhere).
  clusterRole('gatehouse:securityprofiles-reader', [rule(READ, ['security.gatehouse.dev'], ['securityprofiles'])]),
  ...['restricted', 'nonroot', 'baseline', 'hostaccess', 'privileged'].map((p) => clusterRole(`gatehouse:use-securityprofile-${p}`, [rule(['use'], ['security.gatehouse.dev'], ['securityprofiles'], [p])])),
  // Infrastructure users (DESIGN "Infrastructure users"). The scheduler reads pods and nodes, binds
  // pods and writes events, nothing else. `system:node` documents what a node may do at most; as
  // upstream it is bound to nobody: the Node authorizer grants nodes exactly their own objects.
  clusterRole('system:kube-scheduler', [
    rule(READ, [''], ['pods', 'nodes']),
    rule(['create'], [''], ['pods/binding', 'bindings']),
    rule(['create', 'patch'], ['', 'events.k8s.io'], ['events']),
  ]),
  // The workload controllers (DESIGN "Delegation"): each reads what it manages and writes only what it
  // makes. None reads a secret, a config map or anything inside a pod's volumes; the pods they create
  // are admitted with the grants of the human who set the workload's template (admission/delegation.ts).
  clusterRole(CONTROLLERS.replicaset.user, [
    rule([...READ, 'update'], ['apps'], ['replicasets']),
    rule(['update'], ['apps'], ['replicasets/status']),
    // patch: adopting and releasing pods (owner references only; admission/delegation.ts rule 5).
    rule([...READ, 'create', 'patch', 'delete'], [''], ['pods']),
    rule(['create', 'patch'], ['', 'events.k8s.io'], ['events']),
  ]),
  clusterRole(CONTROLLERS.deployment.user, [
    rule([...READ, 'update', 'patch'], ['apps'], ['deployments']),
    rule(['update'], ['apps'], ['deployments/status']),
    rule([...READ, 'create', 'update', 'patch', 'delete'], ['apps'], ['replicasets']),
    rule(['create', 'patch'], ['', 'events.k8s.io'], ['events']),
  ]),
  clusterRole(CONTROLLERS.job.user, [
    // delete: a finished Job goes after ttlSecondsAfterFinished (upstream's ttl-after-finished controller).
    rule([...READ, 'delete'], ['batch'], ['jobs']),
    rule(['update'], ['batch'], ['jobs/status']),
    rule([...READ, 'create', 'delete'], [''], ['pods']),
    rule(['create', 'patch'], ['', 'events.k8s.io'], ['events']),
  ]),
  clusterRole(CONTROLLERS.endpointslice.user, [
    rule(READ, [''], ['services', 'pods']),
    rule([...READ, 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
    rule(['create', 'patch'], ['', 'events.k8s.io'], ['events']),
  ]),
  clusterRole('system:node', [
    rule(['get', 'list', 'watch'], [''], ['pods']),
    rule(['delete'], [''], ['pods']),
    rule(['get', 'update', 'patch'], [''], ['pods/status']),
    rule(['get'], [''], ['secrets', 'configmaps']),
    rule(['create'], [''], ['serviceaccounts/token']),
    rule(['get', 'create', 'update', 'patch'], [''], ['nodes', 'nodes/status']),
    rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']),
  ]),
];

/** BOOTSTRAP_CLUSTER_ROLE_BINDINGS are the default ClusterRoleBindings. */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: RoleBinding[] = [
  clusterRoleBinding('cluster-admin', 'cluster-admin', [group('system:masters')]),
  clusterRoleBinding('system:discovery', 'system:discovery', [group('system:authenticated')]),
  clusterRoleBinding('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
  clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
  clusterRoleBinding('gatehouse:securityprofiles-reader', 'gatehouse:securityprofiles-reader', [group('system:authenticated')]),
  clusterRoleBinding('gatehouse:use-securityprofile-restricted', 'gatehouse:use-securityprofile-restricted', [group('system:authenticated')]),
  clusterRoleBinding('system:kube-scheduler', 'system:kube-scheduler', [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:kube-scheduler' }]),
  clusterRoleBinding('system:node', 'system:node', []),
  ...Object.values(CONTROLLERS).map((c) => clusterRoleBinding(c.user, c.user, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: c.user }])),
];

