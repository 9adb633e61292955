import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyRule, Role, RoleBinding, Subject } from '../../shared/api/rbac';
import { deepEqual } from '../../shared/api/equal';
import type { UserInfo } from '../authn/user';
import {
  apiGroupMatches, bindingExpired, DECISION_CACHE_SIZE, MAX_KEPT_KEY, nonResourceURLMatches, rbacAuthorizer, RbacIndex, resourceMatches, resourceNameMatches, ruleAllows, rulesFor, subjectKeys, verbMatches,
} from './rbac';
import { aggregatedRules } from './rbac-sync';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-policy';
import { forbiddenMessage, privilegedGroups, union } from './types';
import { accessReview } from './reviews';
import type { Attributes, AuthorizationResult, Authorizer } from './types';

// Table tests of the RBAC authorizer with Kubernetes semantics: the cases follow the "Using RBAC
// Authorization" documentation and upstream's plugin/pkg/auth/authorizer/rbac/rbac_test.go,
// pkg/apis/rbac/v1/evaluation_helpers.go and pkg/registry/rbac/validation/rule.go.

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const HOUR = 3_600_000;

// --- Fixture builders ---

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

const clusterRole = (name: string, ...rules: PolicyRule[]): Role => ({ apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata: { name }, rules });
const nsRole = (ns: string, name: string, ...rules: PolicyRule[]): Role => ({ apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata: { name, namespace: ns }, rules });

const User = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC_GROUP, name });
const Group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC_GROUP, name });
const SA = (name: string, namespace?: string): Subject => (namespace ? { kind: 'ServiceAccount', name, namespace } : { kind: 'ServiceAccount', name });

type RoleRef = `${'Role' | 'ClusterRole'}:${string}`;
function refOf(ref: RoleRef): RoleBinding['roleRef'] {
  const [kind, name] = ref.split(':') as ['Role' | 'ClusterRole', string];
  return { apiGroup: RBAC_GROUP, kind, name };
}
const roleBinding = (ns: string, name: string, ref: RoleRef, subjects: Subject[], annotations?: Record<string, string>): RoleBinding => ({
  apiVersion: `${RBAC_GROUP}/v1`, kind: 'RoleBinding', metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) }, roleRef: refOf(ref), subjects,
});
const clusterRoleBinding = (name: string, ref: RoleRef, subjects: Subject[], annotations?: Record<string, string>): RoleBinding => ({
  apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRoleBinding', metadata: { name, ...(annotations ? { annotations } : {}) }, roleRef: refOf(ref), subjects,
});
const expiresAt = (offsetMs: number) => ({ 'gatehouse.dev/expires-at': new Date(Date.now() + offsetMs).toISOString() });

const user = (username: string, ...groups: string[]): UserInfo => ({ username, groups: [...groups, 'system:authenticated'] });
const ALICE = user('alice');
const ANON: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** res builds the attributes of a resource request (defaults: alice, get pods in ns1). */
function res(verb: string, resource: string, o: Partial<Omit<Attributes, 'verb' | 'resource' | 'isResourceRequest'>> = {}): Attributes {
  const a: Attributes = {
    user: ALICE, verb, isResourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', namespace: 'ns1', resource, subresource: '', name: '', ...o,
  };
  if (!o.path) {
    const prefix = a.apiGroup ? `/apis/${a.apiGroup}/${a.apiVersion}` : `/api/${a.apiVersion}`;
    a.path = [prefix, a.namespace ? `/namespaces/${a.namespace}` : '', `/${resource}`, a.name ? `/${a.name}` : '', a.subresource ? `/${a.subresource}` : ''].join('');
  }
  return a;
}
/** nonRes builds the attributes of a non-resource request. */
const nonRes = (verb: string, path: string, u: UserInfo = ALICE): Attributes => ({
  user: u, verb, isResourceRequest: false, path, apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '',
});

function buildIndex(roles: Role[], bindings: RoleBinding[]): RbacIndex {
  const index = new RbacIndex();
  for (const r of roles) index.setRole(r.metadata.namespace ?? '', r.metadata.name!, r);
  for (const b of bindings) index.setBinding(b.metadata.namespace ?? '', b.metadata.name!, b);
  return index;
}

// --- The authorizer table ---

interface Case {
  name: string;
  roles: Role[];
  bindings: RoleBinding[];
  request: Attributes;
  expect: 'allow' | 'noOpinion';
  expectReasonIncludes?: string;
}

/** grant is the common shape: ClusterRole "r" with `rules`, bound cluster-wide to alice. */
const grant = (...rules: PolicyRule[]) => ({ roles: [clusterRole('r', ...rules)], bindings: [clusterRoleBinding('rb', 'ClusterRole:r', [User('alice')])] });
/** grantIn binds ClusterRole "r" to alice by a RoleBinding in `ns`. */
const grantIn = (ns: string, ...rules: PolicyRule[]) => ({ roles: [clusterRole('r', ...rules)], bindings: [roleBinding(ns, 'rb', 'ClusterRole:r', [User('alice')])] });

const cases: Case[] = [
  // Verbs.
  { name: 'verb: exact verb allows', ...grant(rule(['get'], [''], ['pods'])), request: res('get', 'pods'), expect: 'allow' },
  { name: 'verb: other verb has no opinion', ...grant(rule(['get'], [''], ['pods'])), request: res('list', 'pods'), expect: 'noOpinion' },
  { name: 'verb: * allows delete', ...grant(rule(['*'], [''], ['pods'])), request: res('delete', 'pods', { name: 'web' }), expect: 'allow' },
  { name: 'verb: * allows a custom verb (use)', ...grant(rule(['*'], [''], ['secrets'])), request: res('use', 'secrets', { name: 's' }), expect: 'allow' },
  { name: 'verb: matching is case-sensitive', ...grant(rule(['GET'], [''], ['pods'])), request: res('get', 'pods'), expect: 'noOpinion' },
  { name: 'verb: one of several verbs', ...grant(rule(['get', 'list', 'watch'], [''], ['pods'])), request: res('watch', 'pods'), expect: 'allow' },

  // API groups.
  { name: 'apiGroups: "" matches the core group', ...grant(rule(['get'], [''], ['pods'])), request: res('get', 'pods', { name: 'p' }), expect: 'allow' },
  { name: 'apiGroups: "" does not match a named group', ...grant(rule(['get'], [''], ['deployments'])), request: res('get', 'deployments', { apiGroup: 'apps' }), expect: 'noOpinion' },
  { name: 'apiGroups: named group matches', ...grant(rule(['get'], ['apps'], ['deployments'])), request: res('get', 'deployments', { apiGroup: 'apps' }), expect: 'allow' },
  { name: 'apiGroups: named group does not match core', ...grant(rule(['get'], ['apps'], ['pods'])), request: res('get', 'pods'), expect: 'noOpinion' },
  { name: 'apiGroups: * matches a named group', ...grant(rule(['get'], ['*'], ['deployments'])), request: res('get', 'deployments', { apiGroup: 'apps' }), expect: 'allow' },
  { name: 'apiGroups: * matches the core group', ...grant(rule(['get'], ['*'], ['pods'])), request: res('get', 'pods'), expect: 'allow' },
  { name: 'apiGroups: a rule without apiGroups matches no resource', ...grant({ verbs: ['*'], resources: ['*'] }), request: res('get', 'pods'), expect: 'noOpinion' },
  { name: 'apiGroups: a group prefix is not a match', ...grant(rule(['get'], ['apps'], ['*'])), request: res('get', 'widgets', { apiGroup: 'apps.example.com' }), expect: 'noOpinion' },

  // Resources and subresources.
  { name: 'resources: * matches any resource', ...grant(rule(['get'], [''], ['*'])), request: res('get', 'secrets', { name: 's' }), expect: 'allow' },
  { name: 'resources: * matches a subresource', ...grant(rule(['get'], [''], ['*'])), request: res('get', 'pods', { name: 'p', subresource: 'log' }), expect: 'allow' },
  { name: 'resources: exact resource matches', ...grant(rule(['list'], [''], ['pods'])), request: res('list', 'pods'), expect: 'allow' },
  { name: 'resources: other resource has no opinion', ...grant(rule(['list'], [''], ['pods'])), request: res('list', 'secrets'), expect: 'noOpinion' },
  { name: 'resources: "pods" does not cover pods/status', ...grant(rule(['*'], ['*'], ['pods'])), request: res('get', 'pods', { name: 'p', subresource: 'status' }), expect: 'noOpinion' },
  { name: 'resources: "pods/status" allows pods/status', ...grant(rule(['*'], ['*'], ['pods/status'])), request: res('update', 'pods', { name: 'p', subresource: 'status' }), expect: 'allow' },
  { name: 'resources: "pods/status" does not cover pods', ...grant(rule(['*'], ['*'], ['pods/status'])), request: res('get', 'pods', { name: 'p' }), expect: 'noOpinion' },
  { name: 'resources: "pods/status" does not cover pods/log', ...grant(rule(['*'], ['*'], ['pods/status'])), request: res('get', 'pods', { name: 'p', subresource: 'log' }), expect: 'noOpinion' },
  { name: 'resources: */scale matches deployments/scale', ...grant(rule(['update'], ['apps'], ['*/scale'])), request: res('update', 'deployments', { apiGroup: 'apps', name: 'd', subresource: 'scale' }), expect: 'allow' },
  { name: 'resources: */scale matches any resource\'s scale', ...grant(rule(['get'], ['*'], ['*/scale'])), request: res('get', 'statefulsets', { apiGroup: 'apps', name: 's', subresource: 'scale' }), expect: 'allow' },
  { name: 'resources: */scale does not match the parent resource', ...grant(rule(['*'], ['apps'], ['*/scale'])), request: res('get', 'deployments', { apiGroup: 'apps', name: 'd' }), expect: 'noOpinion' },
  { name: 'resources: */scale does not match another subresource', ...grant(rule(['*'], ['apps'], ['*/scale'])), request: res('get', 'deployments', { apiGroup: 'apps', name: 'd', subresource: 'status' }), expect: 'noOpinion' },
  { name: 'resources: pods/* is not a wildcard (upstream)', ...grant(rule(['*'], [''], ['pods/*'])), request: res('get', 'pods', { name: 'p', subresource: 'status' }), expect: 'noOpinion' },
  { name: 'resources: pods/* does not match pods', ...grant(rule(['*'], [''], ['pods/*'])), request: res('get', 'pods', { name: 'p' }), expect: 'noOpinion' },
  { name: 'resources: */* matches no real subresource (upstream)', ...grant(rule(['*'], [''], ['*/*'])), request: res('get', 'pods', { name: 'p', subresource: 'exec' }), expect: 'noOpinion' },
  { name: 'resources: matching is case-sensitive', ...grant(rule(['get'], [''], ['Pods'])), request: res('get', 'pods'), expect: 'noOpinion' },

  // resourceNames.
  { name: 'resourceNames: listed name allows get', ...grant(rule(['get'], [''], ['configmaps'], ['app-config'])), request: res('get', 'configmaps', { name: 'app-config' }), expect: 'allow' },
  { name: 'resourceNames: other name has no opinion', ...grant(rule(['get'], [''], ['configmaps'], ['app-config'])), request: res('get', 'configmaps', { name: 'other' }), expect: 'noOpinion' },
  { name: 'resourceNames: never match list (no name)', ...grant(rule(['get', 'list'], [''], ['configmaps'], ['app-config'])), request: res('list', 'configmaps'), expect: 'noOpinion' },
  { name: 'resourceNames: never match create (no name)', ...grant(rule(['create'], [''], ['configmaps'], ['app-config'])), request: res('create', 'configmaps'), expect: 'noOpinion' },
  { name: 'resourceNames: never match deletecollection, even with verb *', ...grant(rule(['*'], [''], ['configmaps'], ['app-config'])), request: res('deletecollection', 'configmaps'), expect: 'noOpinion' },
  { name: 'resourceNames: named watch is allowed', ...grant(rule(['watch'], [''], ['configmaps'], ['app-config'])), request: res('watch', 'configmaps', { name: 'app-config' }), expect: 'allow' },
  { name: 'resourceNames: empty list matches every name', ...grant(rule(['get'], [''], ['configmaps'], [])), request: res('get', 'configmaps', { name: 'anything' }), expect: 'allow' },
  { name: 'resourceNames: apply to subresources too', ...grant(rule(['update'], [''], ['pods/status'], ['web'])), request: res('update', 'pods', { name: 'web', subresource: 'status' }), expect: 'allow' },
  { name: 'resourceNames: subresource of another name', ...grant(rule(['update'], [''], ['pods/status'], ['web'])), request: res('update', 'pods', { name: 'db', subresource: 'status' }), expect: 'noOpinion' },

  // Non-resource URLs.
  { name: 'nonResourceURLs: exact path', ...grant(urls(['get'], ['/healthz'])), request: nonRes('get', '/healthz'), expect: 'allow' },
  { name: 'nonResourceURLs: exact path is not a prefix', ...grant(urls(['get'], ['/healthz'])), request: nonRes('get', '/healthz/etcd'), expect: 'noOpinion' },
  { name: 'nonResourceURLs: * matches every path', ...grant(urls(['get'], ['*'])), request: nonRes('get', '/metrics'), expect: 'allow' },
  { name: 'nonResourceURLs: /apis/* matches below /apis/', ...grant(urls(['get'], ['/apis/*'])), request: nonRes('get', '/apis/apps/v1'), expect: 'allow' },
  { name: 'nonResourceURLs: /apis/* matches /apis/ itself', ...grant(urls(['get'], ['/apis/*'])), request: nonRes('get', '/apis/'), expect: 'allow' },
  { name: 'nonResourceURLs: /apis/* does not match /apis', ...grant(urls(['get'], ['/apis/*'])), request: nonRes('get', '/apis'), expect: 'noOpinion' },
  { name: 'nonResourceURLs: /apis/* does not match /api/v1', ...grant(urls(['get'], ['/apis/*'])), request: nonRes('get', '/api/v1'), expect: 'noOpinion' },
  { name: 'nonResourceURLs: a prefix is plain string prefix', ...grant(urls(['get'], ['/foo*'])), request: nonRes('get', '/foobar'), expect: 'allow' },
  { name: 'nonResourceURLs: verb must match', ...grant(urls(['get'], ['/healthz'])), request: nonRes('post', '/healthz'), expect: 'noOpinion' },
  { name: 'nonResourceURLs: verb * allows post', ...grant(urls(['*'], ['/api'])), request: nonRes('post', '/api'), expect: 'allow' },
  { name: 'nonResourceURLs: never match a resource request', ...grant(urls(['*'], ['*'])), request: res('get', 'pods'), expect: 'noOpinion' },
  { name: 'resource rule never matches a non-resource request', ...grant(rule(['*'], ['*'], ['*'])), request: nonRes('get', '/healthz'), expect: 'noOpinion' },
  { name: 'nonResourceURLs: a RoleBinding never grants them', ...grantIn('ns1', urls(['*'], ['*'])), request: nonRes('get', '/healthz'), expect: 'noOpinion' },

  // Binding scope.
  {
    name: 'scope: RoleBinding to a Role in its namespace',
    roles: [nsRole('ns1', 'reader', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'read', 'Role:reader', [User('alice')])],
    request: res('get', 'pods', { name: 'p' }), expect: 'allow', expectReasonIncludes: 'RoleBinding "read/ns1" of Role "reader" to User "alice"',
  },
  {
    name: 'scope: RoleBinding to a Role grants nothing in another namespace',
    roles: [nsRole('ns1', 'reader', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'read', 'Role:reader', [User('alice')])],
    request: res('get', 'pods', { name: 'p', namespace: 'ns2' }), expect: 'noOpinion',
  },
  {
    name: 'scope: a RoleBinding resolves its Role only in its own namespace',
    roles: [nsRole('ns2', 'reader', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'read', 'Role:reader', [User('alice')])],
    request: res('get', 'pods', { name: 'p', namespace: 'ns1' }), expect: 'noOpinion',
  },
  {
    name: 'scope: a Role in ns2 does not leak to a RoleBinding in ns1 (request in ns2)',
    roles: [nsRole('ns2', 'reader', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'read', 'Role:reader', [User('alice')])],
    request: res('get', 'pods', { name: 'p', namespace: 'ns2' }), expect: 'noOpinion',
  },
  {
    name: 'scope: RoleBinding to a ClusterRole grants in its namespace',
    ...grantIn('ns1', rule(['get'], [''], ['pods'])), request: res('get', 'pods', { name: 'p' }),
    expect: 'allow', expectReasonIncludes: 'RoleBinding "rb/ns1" of ClusterRole "r" to User "alice"',
  },
  { name: 'scope: RoleBinding to a ClusterRole is confined to its namespace', ...grantIn('ns1', rule(['get'], [''], ['pods'])), request: res('get', 'pods', { name: 'p', namespace: 'ns2' }), expect: 'noOpinion' },
  { name: 'scope: RoleBinding never grants an all-namespaces list', ...grantIn('ns1', rule(['list'], [''], ['pods'])), request: res('list', 'pods', { namespace: '' }), expect: 'noOpinion' },
  { name: 'scope: RoleBinding never grants a cluster-scoped resource', ...grantIn('ns1', rule(['*'], ['*'], ['*'])), request: res('get', 'nodes', { name: 'n1', namespace: '' }), expect: 'noOpinion' },
  { name: 'scope: RoleBinding may grant reading its own Namespace object', ...grantIn('ns1', rule(['get'], [''], ['namespaces'])), request: res('get', 'namespaces', { name: 'ns1', namespace: 'ns1' }), expect: 'allow' },
  { name: 'scope: ...but not another Namespace object', ...grantIn('ns1', rule(['get'], [''], ['namespaces'])), request: res('get', 'namespaces', { name: 'ns2', namespace: 'ns2' }), expect: 'noOpinion' },
  {
    name: 'scope: ClusterRoleBinding applies in every namespace',
    ...grant(rule(['get'], [''], ['pods'])), request: res('get', 'pods', { name: 'p', namespace: 'far-away' }),
    expect: 'allow', expectReasonIncludes: 'ClusterRoleBinding "rb" of ClusterRole "r"',
  },
  { name: 'scope: ClusterRoleBinding applies to cluster-scoped resources', ...grant(rule(['get'], [''], ['nodes'])), request: res('get', 'nodes', { name: 'n1', namespace: '' }), expect: 'allow' },
  { name: 'scope: ClusterRoleBinding allows an all-namespaces list', ...grant(rule(['list'], [''], ['pods'])), request: res('list', 'pods', { namespace: '' }), expect: 'allow' },
  {
    name: 'scope: a ClusterRoleBinding to a Role grants nothing',
    roles: [nsRole('ns1', 'r', rule(['*'], ['*'], ['*']))], bindings: [clusterRoleBinding('crb', 'Role:r', [User('alice')])],
    request: res('get', 'pods'), expect: 'noOpinion',
  },
  { name: 'scope: binding to a missing ClusterRole grants nothing', roles: [], bindings: [clusterRoleBinding('crb', 'ClusterRole:ghost', [User('alice')])], request: res('get', 'pods'), expect: 'noOpinion' },
  { name: 'scope: RoleBinding to a missing Role grants nothing', roles: [], bindings: [roleBinding('ns1', 'rb', 'Role:ghost', [User('alice')])], request: res('get', 'pods'), expect: 'noOpinion' },

  // Subjects.
  { name: 'subject: User by exact name', ...grant(rule(['get'], [''], ['pods'])), request: res('get', 'pods'), expect: 'allow', expectReasonIncludes: 'to User "alice"' },
  { name: 'subject: User of another name', ...grant(rule(['get'], [''], ['pods'])), request: res('get', 'pods', { user: user('bob') }), expect: 'noOpinion' },
  { name: 'subject: User name is case-sensitive', ...grant(rule(['get'], [''], ['pods'])), request: res('get', 'pods', { user: user('Alice') }), expect: 'noOpinion' },
  {
    name: 'subject: Group member',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'devs', 'ClusterRole:r', [Group('devs')])],
    request: res('get', 'pods', { user: user('bob', 'devs') }), expect: 'allow', expectReasonIncludes: 'RoleBinding "devs/ns1" of ClusterRole "r" to Group "devs"',
  },
  {
    name: 'subject: Group non-member',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'devs', 'ClusterRole:r', [Group('devs')])],
    request: res('get', 'pods', { user: user('bob', 'ops') }), expect: 'noOpinion',
  },
  {
    name: 'subject: Group system:authenticated covers every authenticated user',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('all', 'ClusterRole:r', [Group('system:authenticated')])],
    request: res('get', 'pods', { user: user('carol') }), expect: 'allow', expectReasonIncludes: 'to Group "system:authenticated"',
  },
  {
    name: 'subject: Group system:authenticated does not cover anonymous',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('all', 'ClusterRole:r', [Group('system:authenticated')])],
    request: res('get', 'pods', { user: ANON }), expect: 'noOpinion',
  },
  {
    name: 'subject: a User subject does not match a group of that name',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('b', 'ClusterRole:r', [User('devs')])],
    request: res('get', 'pods', { user: user('bob', 'devs') }), expect: 'noOpinion',
  },
  {
    name: 'subject: a Group subject does not match a user of that name',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('b', 'ClusterRole:r', [Group('alice')])],
    request: res('get', 'pods'), expect: 'noOpinion',
  },
  {
    name: 'subject: ServiceAccount with namespace on a RoleBinding',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'sa', 'ClusterRole:r', [SA('builder', 'ns1')])],
    request: res('get', 'pods', { user: user('system:serviceaccount:ns1:builder', 'system:serviceaccounts') }),
    expect: 'allow', expectReasonIncludes: 'to ServiceAccount "builder/ns1"',
  },
  {
    name: 'subject: ServiceAccount without namespace defaults to the binding\'s namespace',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'sa', 'ClusterRole:r', [SA('builder')])],
    request: res('get', 'pods', { user: user('system:serviceaccount:ns1:builder') }),
    expect: 'allow', expectReasonIncludes: 'RBAC: allowed by RoleBinding "sa/ns1" of ClusterRole "r" to ServiceAccount "builder/ns1"',
  },
  {
    name: 'subject: ServiceAccount without namespace does not match the same name in another namespace',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'sa', 'ClusterRole:r', [SA('builder')])],
    request: res('get', 'pods', { user: user('system:serviceaccount:ns2:builder') }), expect: 'noOpinion',
  },
  {
    name: 'subject: ServiceAccount of another namespace, granted in the binding\'s namespace',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'sa', 'ClusterRole:r', [SA('builder', 'ci')])],
    request: res('get', 'pods', { user: user('system:serviceaccount:ci:builder') }),
    expect: 'allow', expectReasonIncludes: 'to ServiceAccount "builder/ci"',
  },
  {
    name: 'subject: ServiceAccount of another namespace gets nothing in its own namespace',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'sa', 'ClusterRole:r', [SA('builder', 'ci')])],
    request: res('get', 'pods', { namespace: 'ci', user: user('system:serviceaccount:ci:builder') }), expect: 'noOpinion',
  },
  {
    name: 'subject: ServiceAccount with namespace on a ClusterRoleBinding applies everywhere',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('sa', 'ClusterRole:r', [SA('builder', 'ci')])],
    request: res('get', 'pods', { namespace: 'ns9', user: user('system:serviceaccount:ci:builder') }),
    expect: 'allow', expectReasonIncludes: 'ClusterRoleBinding "sa" of ClusterRole "r" to ServiceAccount "builder/ci"',
  },
  {
    name: 'subject: ServiceAccount without namespace on a ClusterRoleBinding matches nobody',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('sa', 'ClusterRole:r', [SA('builder')])],
    request: res('get', 'pods', { user: user('system:serviceaccount:ns1:builder') }), expect: 'noOpinion',
  },
  {
    name: 'subject: User named system:serviceaccount:ns:sa matches that service account',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'u', 'ClusterRole:r', [User('system:serviceaccount:ns1:builder')])],
    request: res('get', 'pods', { user: user('system:serviceaccount:ns1:builder') }),
    expect: 'allow', expectReasonIncludes: 'to User "system:serviceaccount:ns1:builder"',
  },
  {
    name: 'subject: ServiceAccount subject does not match a plain user of that name',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'sa', 'ClusterRole:r', [SA('builder', 'ns1')])],
    request: res('get', 'pods', { user: user('builder') }), expect: 'noOpinion',
  },
  {
    name: 'subject: ServiceAccount name must match exactly',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'sa', 'ClusterRole:r', [SA('builder', 'ns1')])],
    request: res('get', 'pods', { user: user('system:serviceaccount:ns1:builder2') }), expect: 'noOpinion',
  },
  {
    name: 'subject: any one of several subjects is enough',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'many', 'ClusterRole:r', [User('bob'), Group('qa'), User('alice')])],
    request: res('get', 'pods'), expect: 'allow', expectReasonIncludes: 'to User "alice"',
  },

  // Expiry (gatehouse.dev/expires-at).
  {
    name: 'expiry: RoleBinding expired an hour ago grants nothing',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'tmp', 'ClusterRole:r', [User('alice')], expiresAt(-HOUR))],
    request: res('get', 'pods'), expect: 'noOpinion',
  },
  {
    name: 'expiry: RoleBinding expiring in an hour grants',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [roleBinding('ns1', 'tmp', 'ClusterRole:r', [User('alice')], expiresAt(HOUR))],
    request: res('get', 'pods'), expect: 'allow', expectReasonIncludes: 'RoleBinding "tmp/ns1"',
  },
  {
    name: 'expiry: expired ClusterRoleBinding grants nothing',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('tmp', 'ClusterRole:r', [User('alice')], expiresAt(-1000))],
    request: res('get', 'pods'), expect: 'noOpinion',
  },
  {
    name: 'expiry: an unparseable expiry fails closed',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('tmp', 'ClusterRole:r', [User('alice')], { 'gatehouse.dev/expires-at': 'next tuesday' })],
    request: res('get', 'pods'), expect: 'noOpinion',
  },
  {
    name: 'expiry: an expired binding does not hide a valid one',
    roles: [clusterRole('r', rule(['get'], [''], ['pods']))],
    bindings: [clusterRoleBinding('old', 'ClusterRole:r', [User('alice')], expiresAt(-HOUR)), roleBinding('ns1', 'new', 'ClusterRole:r', [User('alice')])],
    request: res('get', 'pods'), expect: 'allow', expectReasonIncludes: 'RoleBinding "new/ns1"',
  },

  // Rules combine by OR, fields within a rule by AND.
  { name: 'rules: any rule of the role may allow', ...grant(rule(['get'], [''], ['secrets']), rule(['list'], [''], ['pods'])), request: res('list', 'pods'), expect: 'allow' },
  { name: 'rules: fields are not combined across rules', ...grant(rule(['get'], [''], ['secrets']), rule(['list'], [''], ['pods'])), request: res('list', 'secrets'), expect: 'noOpinion' },
  { name: 'rules: a role without rules grants nothing', ...grant(), request: res('get', 'pods'), expect: 'noOpinion' },

  // Exact reason formats.
  {
    name: 'reason: ClusterRoleBinding to a User',
    roles: [clusterRole('y', rule(['get'], [''], ['pods']))], bindings: [clusterRoleBinding('x', 'ClusterRole:y', [User('alice')])],
    request: res('get', 'pods'), expect: 'allow', expectReasonIncludes: 'RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "alice"',
  },
  {
    name: 'reason: RoleBinding to a Role',
    roles: [nsRole('team', 'editor', rule(['update'], ['apps'], ['deployments']))], bindings: [roleBinding('team', 'edit', 'Role:editor', [Group('team-a')])],
    request: res('update', 'deployments', { apiGroup: 'apps', namespace: 'team', name: 'web', user: user('dana', 'team-a') }),
    expect: 'allow', expectReasonIncludes: 'RBAC: allowed by RoleBinding "edit/team" of Role "editor" to Group "team-a"',
  },
];

describe('rbacAuthorizer', () => {
  it('has a large table', () => assert.ok(cases.length >= 70, `only ${cases.length} cases`));
  for (const c of cases) {
    it(c.name, () => {
      const index = buildIndex(c.roles, c.bindings);
      const got = rbacAuthorizer(index).authorize(c.request);
      // Without kept answers (cacheSize 0: the walk every time) the answer is the same, reason and all.
      assert.deepEqual(rbacAuthorizer(index, { cacheSize: 0 }).authorize(c.request), got);
      assert.equal(got.decision, c.expect);
      if (c.expect === 'allow') {
        assert.match(got.reason, /^RBAC: allowed by (Cluster)?RoleBinding "/);
        if (c.expectReasonIncludes) assert.ok(got.reason.includes(c.expectReasonIncludes), `reason ${JSON.stringify(got.reason)} lacks ${JSON.stringify(c.expectReasonIncludes)}`);
      } else {
        // RBAC never denies; it has no opinion and gives no reason.
        assert.equal(got.reason, '');
      }
    });
  }
});

// --- The predicates (STYLE §8: each tested for `*`) ---

describe('rule predicates', () => {
  const r = rule(['get', 'list'], ['', 'apps'], ['pods', 'deployments/scale', '*/status'], ['a', 'b']);
  const star = rule(['*'], ['*'], ['*']);
  const table: { name: string; got: boolean; want: boolean }[] = [
    { name: 'verbMatches listed', got: verbMatches(r, 'list'), want: true },
    { name: 'verbMatches unlisted', got: verbMatches(r, 'watch'), want: false },
    { name: 'verbMatches *', got: verbMatches(star, 'escalate'), want: true },
    { name: 'verbMatches empty verb against *', got: verbMatches(star, ''), want: true },
    { name: 'apiGroupMatches ""', got: apiGroupMatches(r, ''), want: true },
    { name: 'apiGroupMatches apps', got: apiGroupMatches(r, 'apps'), want: true },
    { name: 'apiGroupMatches batch', got: apiGroupMatches(r, 'batch'), want: false },
    { name: 'apiGroupMatches *', got: apiGroupMatches(star, 'batch'), want: true },
    { name: 'apiGroupMatches without apiGroups', got: apiGroupMatches({ verbs: ['*'] }, ''), want: false },
    { name: 'resourceMatches exact', got: resourceMatches(r, 'pods', ''), want: true },
    { name: 'resourceMatches exact subresource', got: resourceMatches(r, 'deployments', 'scale'), want: true },
    { name: 'resourceMatches parent of a listed subresource', got: resourceMatches(r, 'deployments', ''), want: false },
    { name: 'resourceMatches */status', got: resourceMatches(r, 'services', 'status'), want: true },
    { name: 'resourceMatches */status vs a resource named status', got: resourceMatches(r, 'status', ''), want: false },
    { name: 'resourceMatches pods does not cover pods/log', got: resourceMatches(r, 'pods', 'log'), want: false },
    { name: 'resourceMatches *', got: resourceMatches(star, 'pods', 'exec'), want: true },
    { name: 'resourceMatches without resources', got: resourceMatches({ verbs: ['*'], apiGroups: ['*'] }, 'pods', ''), want: false },
    { name: 'resourceNameMatches listed', got: resourceNameMatches(r, 'b'), want: true },
    { name: 'resourceNameMatches unlisted', got: resourceNameMatches(r, 'c'), want: false },
    { name: 'resourceNameMatches empty name', got: resourceNameMatches(r, ''), want: false },
    { name: 'resourceNameMatches without resourceNames', got: resourceNameMatches(star, ''), want: true },
    { name: 'resourceNameMatches "*" is literal, not a wildcard', got: resourceNameMatches(rule(['get'], [''], ['pods'], ['*']), 'web'), want: false },
    { name: 'nonResourceURLMatches *', got: nonResourceURLMatches(urls(['get'], ['*']), '/anything'), want: true },
    { name: 'nonResourceURLMatches exact', got: nonResourceURLMatches(urls(['get'], ['/version']), '/version'), want: true },
    { name: 'nonResourceURLMatches trailing slash differs', got: nonResourceURLMatches(urls(['get'], ['/version']), '/version/'), want: false },
    { name: 'nonResourceURLMatches prefix', got: nonResourceURLMatches(urls(['get'], ['/openapi/*']), '/openapi/v3/apis'), want: true },
    { name: 'nonResourceURLMatches without URLs', got: nonResourceURLMatches(star, '/healthz'), want: false },
  ];
  for (const t of table) it(t.name, () => assert.equal(t.got, t.want));

  it('ruleAllows needs every field of one rule', () => {
    const rr = rule(['get'], ['apps'], ['deployments'], ['web']);
    const base = res('get', 'deployments', { apiGroup: 'apps', name: 'web' });
    assert.equal(ruleAllows(base, rr), true);
    assert.equal(ruleAllows({ ...base, verb: 'list' }, rr), false);
    assert.equal(ruleAllows({ ...base, apiGroup: '' }, rr), false);
    assert.equal(ruleAllows({ ...base, resource: 'replicasets' }, rr), false);
    assert.equal(ruleAllows({ ...base, name: 'db' }, rr), false);
    assert.equal(ruleAllows({ ...base, subresource: 'scale' }, rr), false);
  });

  it('subjectKeys lists user, groups and the service account', () => {
    assert.deepEqual(subjectKeys({ username: 'system:serviceaccount:ci:builder', groups: ['system:serviceaccounts', 'system:authenticated'] }), [
      'User:system:serviceaccount:ci:builder', 'Group:system:serviceaccounts', 'Group:system:authenticated', 'ServiceAccount:ci:builder',
    ]);
    assert.deepEqual(subjectKeys({ username: 'alice', groups: [] }), ['User:alice']);
    // A malformed service-account name (extra colon) is only a user name.
    assert.deepEqual(subjectKeys({ username: 'system:serviceaccount:ci:b:x', groups: [] }), ['User:system:serviceaccount:ci:b:x']);
  });

  it('bindingExpired compares with now', () => {
    const b = (at?: string) => clusterRoleBinding('b', 'ClusterRole:r', [], at === undefined ? undefined : { 'gatehouse.dev/expires-at': at });
    const now = Date.parse('2030-01-01T00:00:00Z');
    assert.equal(bindingExpired(b(), now), false);
    assert.equal(bindingExpired(b('2030-01-01T00:00:01Z'), now), false);
    assert.equal(bindingExpired(b('2030-01-01T00:00:00Z'), now), true);
    assert.equal(bindingExpired(b('2029-12-31T23:59:59Z'), now), true);
    assert.equal(bindingExpired(b('not a date'), now), true);
  });
});

// --- The index follows changes ---

describe('RbacIndex updates', () => {
  const reader = clusterRole('reader', rule(['get'], [''], ['pods']));
  // One authorizer per index, asked before and after each change: its kept answers must follow the index.
  const authorizers = new WeakMap<RbacIndex, Authorizer>();
  const authorizerOf = (index: RbacIndex): Authorizer => {
    let z = authorizers.get(index);
    if (!z) authorizers.set(index, (z = rbacAuthorizer(index)));
    return z;
  };
  const decide = (index: RbacIndex, u: UserInfo, ns = 'ns1') => authorizerOf(index).authorize(res('get', 'pods', { user: u, namespace: ns })).decision;

  it('deleting a RoleBinding (setBinding undefined) revokes', () => {
    const index = buildIndex([reader], [roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')])]);
    assert.equal(decide(index, ALICE), 'allow');
    assert.equal(index.bindingsCount(), 1);
    index.setBinding('ns1', 'rb', undefined);
    assert.equal(decide(index, ALICE), 'noOpinion');
    assert.equal(index.bindingsCount(), 0);
  });

  it('deleting a ClusterRoleBinding revokes', () => {
    const index = buildIndex([reader], [clusterRoleBinding('crb', 'ClusterRole:reader', [Group('devs')])]);
    const bob = user('bob', 'devs');
    assert.equal(decide(index, bob), 'allow');
    index.setBinding('', 'crb', undefined);
    assert.equal(decide(index, bob), 'noOpinion');
  });

  it('deleting a binding of the same name in another namespace leaves this one', () => {
    const index = buildIndex([reader], [roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')]), roleBinding('ns2', 'rb', 'ClusterRole:reader', [User('alice')])]);
    index.setBinding('ns2', 'rb', undefined);
    assert.equal(decide(index, ALICE, 'ns1'), 'allow');
    assert.equal(decide(index, ALICE, 'ns2'), 'noOpinion');
  });

  it('replacing a binding\'s subjects moves access from the old subject to the new one', () => {
    const index = buildIndex([reader], [roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')])]);
    const bob = user('bob');
    index.setBinding('ns1', 'rb', roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('bob')]));
    assert.equal(decide(index, ALICE), 'noOpinion');
    assert.equal(decide(index, bob), 'allow');
    assert.equal(index.bindingsCount(), 1);
  });

  it('replacing a ClusterRoleBinding\'s subjects updates the index', () => {
    const index = buildIndex([reader], [clusterRoleBinding('crb', 'ClusterRole:reader', [User('alice'), Group('devs')])]);
    index.setBinding('', 'crb', clusterRoleBinding('crb', 'ClusterRole:reader', [Group('devs')]));
    assert.equal(decide(index, ALICE), 'noOpinion');
    assert.equal(decide(index, user('carol', 'devs')), 'allow');
  });

  it('changing a role\'s rules takes effect for existing bindings', () => {
    const index = buildIndex([reader], [clusterRoleBinding('crb', 'ClusterRole:reader', [User('alice')])]);
    assert.equal(authorizerOf(index).authorize(res('get', 'configmaps')).decision, 'noOpinion');
    index.setRole('', 'reader', clusterRole('reader', rule(['get'], [''], ['configmaps'])));
    assert.equal(decide(index, ALICE), 'noOpinion');
    assert.equal(authorizerOf(index).authorize(res('get', 'configmaps')).decision, 'allow');
  });

  it('deleting the role grants nothing; recreating it restores access', () => {
    const index = buildIndex([nsRole('ns1', 'r', rule(['get'], [''], ['pods']))], [roleBinding('ns1', 'rb', 'Role:r', [User('alice')])]);
    index.setRole('ns1', 'r', undefined);
    assert.equal(decide(index, ALICE), 'noOpinion');
    index.setRole('ns1', 'r', nsRole('ns1', 'r', rule(['get'], [''], ['pods'])));
    assert.equal(decide(index, ALICE), 'allow');
  });

  it('a binding stops granting when its expiry passes, though its answer was kept', () => {
    let now = Date.now();
    const index = buildIndex([reader], [roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')], { 'gatehouse.dev/expires-at': new Date(now + 60_000).toISOString() })]);
    const z = rbacAuthorizer(index, { clock: () => now });
    const ask = () => z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns1' })).decision;
    assert.equal(ask(), 'allow');
    now += 59_999;
    assert.equal(ask(), 'allow');
    now += 1;
    assert.equal(ask(), 'noOpinion');
    // Renewed (a new expiry), it grants again until that one.
    index.setBinding('ns1', 'rb', roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')], { 'gatehouse.dev/expires-at': new Date(now + 1000).toISOString() }));
    assert.equal(ask(), 'allow');
    now += 1000;
    assert.equal(ask(), 'noOpinion');
  });

  it('a clock stepped back past an expiry already seen does not make the binding grant again (nor keep that answer)', () => {
    const T = Date.now() + 60_000;
    let now = T - 1000;
    const index = buildIndex([reader], [roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')], { 'gatehouse.dev/expires-at': new Date(T).toISOString() })]);
    const z = rbacAuthorizer(index, { clock: () => now });
    const ask = (name = '') => z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns1', name })).decision;
    assert.equal(ask(), 'allow');
    now = T + 5;
    assert.equal(ask(), 'noOpinion');
    now = T - 50; // NTP steps the clock back
    assert.equal(ask('x'), 'noOpinion');
    now = T + 60_000;
    assert.equal(ask('x'), 'noOpinion');
  });

  it('bindings expiring one after another each stop granting at their own time, the others unaffected', () => {
    const t0 = Date.now() + 60_000;
    let now = t0;
    const users = ['u0', 'u1', 'u2', 'u3', 'u4'];
    const index = buildIndex([reader], users.map((u, i) => roleBinding('ns1', `rb-${u}`, 'ClusterRole:reader', [User(u)], { 'gatehouse.dev/expires-at': new Date(t0 + 1 + i).toISOString() })));
    const z = rbacAuthorizer(index, { clock: () => now });
    const granted = () => users.map((u) => z.authorize(res('get', 'pods', { user: user(u), namespace: 'ns1' })).decision === 'allow');
    assert.deepEqual(granted(), [true, true, true, true, true]);
    for (let i = 0; i < users.length; i++) {
      now = t0 + 1 + i;
      assert.deepEqual(granted(), users.map((_, j) => j > i), `at +${1 + i} ms`);
    }
  });

  it('renewing a binding\'s expiry many times keeps the watched times within twice the bindings', () => {
    const index = buildIndex([reader], [roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')])]);
    const far = Date.now() + 3_600_000;
    for (let i = 0; i < 5000; i++) index.setBinding('ns1', 'rb', roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')], { 'gatehouse.dev/expires-at': new Date(far + i).toISOString() }));
    assert.ok(index.expiriesHeld() <= 2 * index.bindingsCount() + 64, `${index.expiriesHeld()} expiry times held for ${index.bindingsCount()} binding`);
    let now = far + 4998;
    const z = rbacAuthorizer(index, { clock: () => now });
    assert.equal(z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns1' })).decision, 'allow');
    now = far + 4999;
    assert.equal(z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns1' })).decision, 'noOpinion');
  });

  it('answers a request of unusual size without keeping it', () => {
    const index = buildIndex([reader], [roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')])]);
    const z = rbacAuthorizer(index);
    const long = 'x'.repeat(MAX_KEPT_KEY);
    for (let i = 0; i < 3; i++) assert.equal(z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns1', name: `${i}${long}` })).decision, 'allow');
    assert.equal(z.keptAnswers(), 0);
    assert.equal(z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns1', name: 'short' })).decision, 'allow');
    assert.equal(z.keptAnswers(), 1);
  });

  it('SelfSubjectAccessReviews naming anything up to the body limit are answered and none kept (no way to pin memory)', () => {
    const z = rbacAuthorizer(buildIndex([reader], []));
    const mallory = user('mallory');
    const big = 'x'.repeat(3 * 1024 * 1024 - 200);
    for (let i = 0; i < 20; i++) {
      const r = accessReview(union(privilegedGroups('system:masters'), z), { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'ns1', name: `${i}${big}` } } }, 'SelfSubjectAccessReview', mallory) as { status: { allowed: boolean } };
      assert.equal(r.status.allowed, false);
    }
    assert.equal(z.keptAnswers(), 0);
  });

  it('kept answers are per subject and per every request attribute', () => {
    const index = buildIndex([reader, nsRole('ns1', 'named', rule(['get'], [''], ['secrets'], ['a']))], [
      roleBinding('ns1', 'rb', 'ClusterRole:reader', [Group('devs')]), roleBinding('ns1', 'nb', 'Role:named', [User('alice')]),
    ]);
    const z = rbacAuthorizer(index);
    const dev = user('bob', 'devs');
    for (let round = 0; round < 2; round++) {
      assert.equal(z.authorize(res('get', 'pods', { user: dev, namespace: 'ns1' })).decision, 'allow');
      assert.equal(z.authorize(res('get', 'pods', { user: user('bob'), namespace: 'ns1' })).decision, 'noOpinion');
      assert.equal(z.authorize(res('get', 'pods', { user: dev, namespace: 'ns2' })).decision, 'noOpinion');
      assert.equal(z.authorize(res('list', 'pods', { user: dev, namespace: 'ns1' })).decision, 'noOpinion');
      assert.equal(z.authorize(res('get', 'pods', { user: dev, namespace: 'ns1', subresource: 'log' })).decision, 'noOpinion');
      assert.equal(z.authorize(res('get', 'secrets', { user: ALICE, namespace: 'ns1', name: 'a' })).decision, 'allow');
      assert.equal(z.authorize(res('get', 'secrets', { user: ALICE, namespace: 'ns1', name: 'b' })).decision, 'noOpinion');
      // A name that looks like the next fields cannot borrow another request's answer.
      assert.equal(z.authorize(res('get', 'secrets', { user: ALICE, namespace: 'ns1', name: 'a","' })).decision, 'noOpinion');
    }
  });

  it('keeps at most DECISION_CACHE_SIZE answers and still answers past it', () => {
    const index = buildIndex([reader], [roleBinding('ns1', 'rb', 'ClusterRole:reader', [User('alice')])]);
    const z = rbacAuthorizer(index);
    for (let i = 0; i < DECISION_CACHE_SIZE + 10; i++) assert.equal(z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns1', name: `p${i}` })).decision, 'allow');
    assert.equal(z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns1', name: 'p0' })).decision, 'allow');
    assert.equal(z.authorize(res('get', 'pods', { user: ALICE, namespace: 'ns2', name: 'p0' })).decision, 'noOpinion');
  });

  it('a binding created before its role starts granting when the role appears', () => {
    const index = buildIndex([], [clusterRoleBinding('crb', 'ClusterRole:reader', [User('alice')])]);
    assert.equal(decide(index, ALICE), 'noOpinion');
    index.setRole('', 'reader', reader);
    assert.equal(decide(index, ALICE), 'allow');
  });
});

// --- union and privilegedGroups ---

describe('union', () => {
  const fixed = (decision: AuthorizationResult['decision'], reason: string, calls: string[], id: string): Authorizer => ({
    authorize: () => { calls.push(id); return { decision, reason }; },
  });

  it('system:masters is allowed everything before RBAC', () => {
    const z = union(privilegedGroups('system:masters'), rbacAuthorizer(new RbacIndex()));
    const root = user('root', 'system:masters');
    assert.deepEqual(z.authorize(res('delete', 'secrets', { user: root, name: 's' })), { decision: 'allow', reason: '' });
    assert.equal(z.authorize(res('escalate', 'clusterroles', { apiGroup: RBAC_GROUP, namespace: '', user: root })).decision, 'allow');
    assert.equal(z.authorize(nonRes('get', '/metrics', root)).decision, 'allow');
  });

  it('a user outside the privileged groups falls through to RBAC', () => {
    const index = buildIndex([clusterRole('r', rule(['get'], [''], ['pods']))], [clusterRoleBinding('crb', 'ClusterRole:r', [User('alice')])]);
    const z = union(privilegedGroups('system:masters'), rbacAuthorizer(index));
    assert.equal(z.authorize(res('get', 'pods')).decision, 'allow');
    assert.equal(z.authorize(res('get', 'pods')).reason, 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "r" to User "alice"');
    assert.deepEqual(z.authorize(res('delete', 'pods')), { decision: 'noOpinion', reason: '' });
    assert.equal(z.authorize(res('get', 'pods', { user: user('mallory', 'system:masters-not') })).decision, 'noOpinion');
  });

  it('stops at the first allow', () => {
    const calls: string[] = [];
    const got = union(fixed('noOpinion', 'a', calls, 'a'), fixed('allow', 'b', calls, 'b'), fixed('deny', 'c', calls, 'c')).authorize(res('get', 'pods'));
    assert.deepEqual(got, { decision: 'allow', reason: 'b' });
    assert.deepEqual(calls, ['a', 'b']);
  });

  it('stops at the first deny', () => {
    const calls: string[] = [];
    const got = union(fixed('deny', 'no', calls, 'a'), fixed('allow', 'yes', calls, 'b')).authorize(res('get', 'pods'));
    assert.deepEqual(got, { decision: 'deny', reason: 'no' });
    assert.deepEqual(calls, ['a']);
  });

  it('joins the reasons of authorizers without an opinion', () => {
    const calls: string[] = [];
    const got = union(fixed('noOpinion', 'first', calls, 'a'), fixed('noOpinion', '', calls, 'b'), fixed('noOpinion', 'third', calls, 'c')).authorize(res('get', 'pods'));
    assert.deepEqual(got, { decision: 'noOpinion', reason: 'first\nthird' });
    assert.deepEqual(calls, ['a', 'b', 'c']);
  });

  it('an empty union has no opinion', () => {
    assert.deepEqual(union().authorize(res('get', 'pods')), { decision: 'noOpinion', reason: '' });
  });
});

// --- forbiddenMessage, as kube-apiserver prints it (responsewriters.forbiddenMessage + apierrors.NewForbidden) ---

describe('forbiddenMessage', () => {
  const table: { name: string; a: Attributes; reason?: string; want: string }[] = [
    { name: 'namespaced collection', a: res('list', 'pods'), want: 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "ns1"' },
    { name: 'cluster scope', a: res('list', 'nodes', { namespace: '' }), want: 'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope' },
    { name: 'named object', a: res('get', 'pods', { name: 'web' }), want: 'pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "ns1"' },
    {
      name: 'named object in a group', a: res('delete', 'deployments', { apiGroup: 'apps', name: 'web' }),
      want: 'deployments.apps "web" is forbidden: User "alice" cannot delete resource "deployments" in API group "apps" in the namespace "ns1"',
    },
    {
      name: 'cluster-scoped in a group', a: res('list', 'clusterroles', { apiGroup: RBAC_GROUP, namespace: '' }),
      want: 'clusterroles.rbac.authorization.k8s.io is forbidden: User "alice" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
    },
    { name: 'subresource', a: res('create', 'pods', { name: 'web', subresource: 'exec' }), want: 'pods "web" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "ns1"' },
    {
      name: 'subresource in a group', a: res('update', 'deployments', { apiGroup: 'apps', name: 'web', subresource: 'scale' }),
      want: 'deployments.apps "web" is forbidden: User "alice" cannot update resource "deployments/scale" in API group "apps" in the namespace "ns1"',
    },
    { name: 'a Namespace object', a: res('get', 'namespaces', { name: 'ns1' }), want: 'namespaces "ns1" is forbidden: User "alice" cannot get resource "namespaces" in API group "" in the namespace "ns1"' },
    { name: 'non-resource path', a: nonRes('get', '/metrics'), want: 'forbidden: User "alice" cannot get path "/metrics"' },
    { name: 'anonymous, non-resource', a: nonRes('post', '/apis', ANON), want: 'forbidden: User "system:anonymous" cannot post path "/apis"' },
    {
      name: 'with a reason', a: res('get', 'secrets', { name: 's' }), reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
      want: 'secrets "s" is forbidden: User "alice" cannot get resource "secrets" in API group "" in the namespace "ns1": RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
    },
    { name: 'non-resource with a reason', a: nonRes('get', '/x'), reason: 'nope', want: 'forbidden: User "alice" cannot get path "/x": nope' },
  ];
  for (const t of table) it(t.name, () => assert.equal(forbiddenMessage(t.a, t.reason ?? ''), t.want));
});

// --- Aggregation ---

describe('aggregatedRules', () => {
  const labelled = (name: string, labels: Record<string, string>, ...rules: PolicyRule[]): Role => ({ ...clusterRole(name, ...rules), metadata: { name, labels } });
  const aggregator = (name: string, selectors: NonNullable<NonNullable<Role['aggregationRule']>['clusterRoleSelectors']>, labels: Record<string, string> = {}): Role => ({
    ...labelled(name, labels), aggregationRule: { clusterRoleSelectors: selectors },
  });
  const pods = rule(['get'], [''], ['pods']);
  const secrets = rule(['get'], [''], ['secrets']);
  const cms = rule(['list'], [''], ['configmaps']);
  const jobs = rule(['create'], ['batch'], ['jobs']);
  const others = [
    labelled('a', { 'agg/view': 'true', tier: 'gold' }, pods),
    labelled('b', { 'agg/view': 'false', tier: 'silver' }, secrets),
    labelled('c', { 'agg/edit': 'true' }, cms),
    labelled('d', {}, jobs),
  ];

  const table: { name: string; role: Role; all?: Role[]; want: PolicyRule[] }[] = [
    { name: 'no aggregationRule aggregates nothing', role: clusterRole('x', jobs), want: [] },
    { name: 'matchLabels', role: aggregator('x', [{ matchLabels: { 'agg/view': 'true' } }]), want: [pods] },
    { name: 'matchLabels value must match', role: aggregator('x', [{ matchLabels: { 'agg/view': 'yes' } }]), want: [] },
    { name: 'matchLabels: all labels must match', role: aggregator('x', [{ matchLabels: { 'agg/view': 'true', tier: 'silver' } }]), want: [] },
    { name: 'matchExpressions In', role: aggregator('x', [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] }]), want: [pods, secrets] },
    { name: 'matchExpressions NotIn includes roles without the key', role: aggregator('x', [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] }]), want: [secrets, cms, jobs] },
    { name: 'matchExpressions Exists', role: aggregator('x', [{ matchExpressions: [{ key: 'agg/view', operator: 'Exists' }] }]), want: [pods, secrets] },
    { name: 'matchExpressions DoesNotExist', role: aggregator('x', [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }]), want: [cms, jobs] },
    {
      name: 'matchLabels and matchExpressions are ANDed',
      role: aggregator('x', [{ matchLabels: { 'agg/view': 'false' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] }]), want: [],
    },
    { name: 'multiple selectors are ORed, in selector order', role: aggregator('x', [{ matchLabels: { 'agg/edit': 'true' } }, { matchLabels: { 'agg/view': 'true' } }]), want: [cms, pods] },
    { name: 'a role matched by two selectors contributes once', role: aggregator('x', [{ matchLabels: { tier: 'gold' } }, { matchLabels: { 'agg/view': 'true' } }]), want: [pods] },
    {
      name: 'identical rules from different roles are deduplicated',
      role: aggregator('x', [{ matchLabels: { dup: 'yes' } }]),
      all: [labelled('p', { dup: 'yes' }, pods, secrets), labelled('q', { dup: 'yes' }, { ...pods }, cms)], want: [pods, secrets, cms],
    },
    {
      name: 'the role never aggregates itself',
      role: aggregator('self', [{ matchLabels: { 'agg/view': 'true' } }], { 'agg/view': 'true' }),
      all: [{ ...aggregator('self', [{ matchLabels: { 'agg/view': 'true' } }], { 'agg/view': 'true' }), rules: [jobs] }, others[0]], want: [pods],
    },
    { name: 'an empty selector selects every other role', role: aggregator('x', [{}]), want: [pods, secrets, cms, jobs] },
    { name: 'no selectors select nothing', role: aggregator('x', []), want: [] },
    { name: 'a selected role without rules adds nothing', role: aggregator('x', [{ matchLabels: { e: '1' } }]), all: [labelled('empty', { e: '1' })], want: [] },
  ];
  for (const t of table) it(t.name, () => assert.deepEqual(aggregatedRules(t.role, t.all ?? [...others, t.role]), t.want));
});

/** converge runs aggregation over all roles until nothing changes, as the controller does over successive events. */
function converge(roles: Role[]): Map<string, Role> {
  let cur = roles.map((r) => structuredClone(r));
  for (let round = 0; round < 10; round++) {
    let changed = false;
    cur = cur.map((r) => {
      if (!r.aggregationRule) return r;
      const want = aggregatedRules(r, cur) ?? [];
      if (deepEqual(want, r.rules ?? [])) return r;
      changed = true;
      return { ...r, rules: want };
    });
    if (!changed) return new Map(cur.map((r) => [r.metadata.name!, r]));
  }
  throw new Error('aggregation did not converge');
}

describe('bootstrap policy', () => {
  const roles = converge(BOOTSTRAP_CLUSTER_ROLES);
  const rulesOf = (name: string) => roles.get(name)?.rules ?? [];
  const covers = (big: PolicyRule[], small: PolicyRule[]) => small.every((s) => big.some((b) => deepEqual(b, s)));

  it('aggregation converges to non-empty roles', () => {
    for (const n of ['admin', 'developer', 'view']) assert.ok(rulesOf(n).length > 0, `${n} has no rules`);
    assert.deepEqual(rulesOf('view'), BOOTSTRAP_CLUSTER_ROLES.find((r) => r.metadata.name === 'gatehouse:aggregate-to-view')!.rules);
  });
  it('admin ⊇ developer ⊇ view, strictly', () => {
    assert.ok(covers(rulesOf('developer'), rulesOf('view')), 'developer lacks a view rule');
    assert.ok(covers(rulesOf('admin'), rulesOf('developer')), 'admin lacks a developer rule');
    assert.ok(!covers(rulesOf('view'), rulesOf('developer')));
    assert.ok(!covers(rulesOf('developer'), rulesOf('admin')));
  });
  it('aggregated rules carry no duplicates', () => {
    for (const n of ['admin', 'developer', 'view']) {
      const keys = rulesOf(n).map((r) => JSON.stringify(r));
      assert.equal(new Set(keys).size, keys.length, n);
    }
  });

  // Bind each default role in namespace "team" (cluster-admin through system:masters, as bootstrapped).
  const index = buildIndex([...roles.values()], [
    ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
    roleBinding('team', 'admins', 'ClusterRole:admin', [User('ann')]),
    roleBinding('team', 'devs', 'ClusterRole:developer', [User('dev')]),
    roleBinding('team', 'viewers', 'ClusterRole:view', [User('vic')]),
  ]);
  const authz = rbacAuthorizer(index);
  const who = { root: user('root', 'system:masters'), admin: user('ann'), developer: user('dev'), view: user('vic'), nobody: user('nobody') };
  type Who = keyof typeof who;
  const matrix: { name: string; req: Omit<Attributes, 'user'>; allowed: Who[] }[] = [
    ...['get', 'list', 'watch'].map((verb) => ({ name: `${verb} secrets`, req: res(verb, 'secrets', { namespace: 'team', name: verb === 'get' ? 's' : '' }), allowed: ['root', 'admin'] as Who[] })),
    ...['create', 'update', 'patch', 'delete'].map((verb) => ({
      name: `${verb} secrets`, req: res(verb, 'secrets', { namespace: 'team', name: verb === 'create' ? '' : 's' }), allowed: ['root', 'admin', 'developer'] as Who[],
    })),
    { name: 'use secrets', req: res('use', 'secrets', { namespace: 'team', name: 's' }), allowed: ['root', 'admin', 'developer'] },
    { name: 'deletecollection secrets', req: res('deletecollection', 'secrets', { namespace: 'team' }), allowed: ['root', 'admin'] },
    { name: 'get pods', req: res('get', 'pods', { namespace: 'team', name: 'p' }), allowed: ['root', 'admin', 'developer', 'view'] },
    { name: 'get pods/status', req: res('get', 'pods', { namespace: 'team', name: 'p', subresource: 'status' }), allowed: ['root', 'admin', 'developer', 'view'] },
    { name: 'create pods/exec', req: res('create', 'pods', { namespace: 'team', name: 'p', subresource: 'exec' }), allowed: ['root'] },
    { name: 'create pods', req: res('create', 'pods', { namespace: 'team' }), allowed: ['root', 'admin', 'developer'] },
    { name: 'list secretsummaries', req: res('list', 'secretsummaries', { apiGroup: 'security.gatehouse.dev', namespace: 'team' }), allowed: ['root', 'admin', 'developer', 'view'] },
    { name: 'create rolebindings', req: res('create', 'rolebindings', { apiGroup: RBAC_GROUP, namespace: 'team' }), allowed: ['root', 'admin'] },
    { name: 'list rolebindings', req: res('list', 'rolebindings', { apiGroup: RBAC_GROUP, namespace: 'team' }), allowed: ['root', 'admin', 'developer', 'view'] },
    { name: 'create serviceaccounts/token', req: res('create', 'serviceaccounts', { namespace: 'team', name: 'sa', subresource: 'token' }), allowed: ['root', 'admin'] },
    { name: 'get the team Namespace', req: res('get', 'namespaces', { namespace: 'team', name: 'team' }), allowed: ['root', 'admin', 'developer', 'view'] },
    { name: 'delete the team Namespace', req: res('delete', 'namespaces', { namespace: 'team', name: 'team' }), allowed: ['root'] },
    { name: 'get pods in another namespace', req: res('get', 'pods', { namespace: 'other', name: 'p' }), allowed: ['root'] },
    { name: 'list nodes (cluster scope)', req: res('list', 'nodes', { namespace: '' }), allowed: ['root'] },
    { name: 'list clusterroles', req: res('list', 'clusterroles', { apiGroup: RBAC_GROUP, namespace: '' }), allowed: ['root'] },
    {
      name: 'create selfsubjectaccessreviews (system:basic-user)', req: res('create', 'selfsubjectaccessreviews', { apiGroup: 'authorization.k8s.io', namespace: '' }),
      allowed: ['root', 'admin', 'developer', 'view', 'nobody'],
    },
    { name: 'get /apis/apps/v1 (system:discovery)', req: nonRes('get', '/apis/apps/v1'), allowed: ['root', 'admin', 'developer', 'view', 'nobody'] },
    { name: 'get /metrics', req: nonRes('get', '/metrics'), allowed: ['root'] },
  ];
  for (const m of matrix) {
    it(`${m.name}: only ${m.allowed.join(', ')}`, () => {
      const got = (Object.keys(who) as Who[]).filter((w) => authz.authorize({ ...m.req, user: who[w] }).decision === 'allow');
      assert.deepEqual(got, m.allowed);
    });
  }

  it('anonymous may read /healthz and /version but not discovery', () => {
    assert.equal(authz.authorize(nonRes('get', '/healthz', ANON)).decision, 'allow');
    assert.equal(authz.authorize(nonRes('get', '/version', ANON)).decision, 'allow');
    assert.equal(authz.authorize(nonRes('get', '/apis', ANON)).decision, 'noOpinion');
    assert.equal(authz.authorize(res('get', 'pods', { user: ANON, namespace: 'team' })).decision, 'noOpinion');
  });

  it('the reason names the aggregated role', () => {
    assert.equal(authz.authorize(res('get', 'secrets', { user: who.admin, namespace: 'team', name: 's' })).reason, 'RBAC: allowed by RoleBinding "admins/team" of ClusterRole "admin" to User "ann"');
  });
});

// --- rulesFor (SelfSubjectRulesReview) ---

describe('rulesFor', () => {
  const podsRead = rule(['get', 'list'], [''], ['pods']);
  const cmWrite = rule(['update'], [''], ['configmaps'], ['app']);
  const discovery = urls(['get'], ['/api', '/api/*']);
  const index = buildIndex(
    [clusterRole('cluster', podsRead, discovery), nsRole('ns1', 'local', cmWrite), clusterRole('gone', rule(['*'], ['*'], ['*']))],
    [
      clusterRoleBinding('c', 'ClusterRole:cluster', [Group('system:authenticated')]),
      roleBinding('ns1', 'l', 'Role:local', [User('alice')]),
      roleBinding('ns1', 'expired', 'ClusterRole:gone', [User('alice')], expiresAt(-HOUR)),
      roleBinding('ns2', 'other', 'ClusterRole:gone', [User('alice')]),
    ],
  );
  const table: { name: string; u: UserInfo; ns: string; want: ReturnType<typeof rulesFor> }[] = [
    {
      name: 'namespace rules add to cluster rules; non-resource rules are separate', u: ALICE, ns: 'ns1',
      want: {
        resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: [] }, { verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] }],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }],
      },
    },
    {
      name: 'namespace "" reports cluster-wide rules only', u: ALICE, ns: '',
      want: { resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: [] }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }] },
    },
    {
      name: 'a RoleBinding elsewhere is reported only in its namespace', u: ALICE, ns: 'ns2',
      want: {
        resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: [] }, { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [] }],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }],
      },
    },
    { name: 'anonymous has nothing', u: ANON, ns: 'ns1', want: { resourceRules: [], nonResourceRules: [] } },
  ];
  for (const t of table) it(t.name, () => assert.deepEqual(rulesFor(index, t.u, t.ns), t.want));

  it('returns copies: editing the result leaves the role intact', () => {
    const got = rulesFor(index, ALICE, 'ns1');
    got.resourceRules[0].verbs.push('delete');
    got.nonResourceRules[0].nonResourceURLs.push('/metrics');
    assert.deepEqual(podsRead.verbs, ['get', 'list']);
    assert.deepEqual(discovery.nonResourceURLs, ['/api', '/api/*']);
  });
});
