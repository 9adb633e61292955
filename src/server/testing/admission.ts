// Test support for the admission plugin tests: an in-memory store with the bootstrap policy,
// the shipped profiles and the real RBAC authorizer, plus request builders. Not used at runtime.

import type { KubeObject } from '../../shared/api/meta';
import type { UserInfo } from '../authn/user';
import { rbacAuthorizer } from '../authz/rbac';
import { syncRbac } from '../authz/rbac-sync';
import { privilegedGroups, union, type Authorizer } from '../authz/types';
import { reconcileBootstrap } from '../bootstrap';
import { systemCreate } from '../registry/system-create';
import { createStore, openDatabase, type Store } from '../storage/store';
import { blockAnnotations } from '../admission/namespace-ranges';
import type { AdmissionRequest, Operation } from '../admission/types';

/** TestEnv is a store with bootstrap data and an authorizer over it. */
export interface TestEnv {
  store: Store;
  authorizer: Authorizer;
  /** bind grants a ClusterRole to a user in a namespace (RoleBinding), or cluster-wide without one. */
  bind(user: string, clusterRole: string, namespace?: string): void;
  /** role creates a namespaced Role with one rule and binds it to the user. */
  role(user: string, namespace: string, rule: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[] }): void;
}

let seq = 0;

/** testEnv builds a TestEnv with namespaces team-a (block 20) and team-b (block 21). */
export function testEnv(): TestEnv {
  const store = createStore(openDatabase(':memory:'));
  reconcileBootstrap(store);
  const rbac = syncRbac(store);
  rbac.reconcileAggregation();
  for (const [name, block] of [['team-a', 20], ['team-b', 21]] as const) {
    systemCreate(store, '/namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: blockAnnotations(block) } });
  }
  const subject = (user: string) => [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }];
  return {
    store,
    authorizer: union(privilegedGroups('system:masters'), rbacAuthorizer(rbac.index)),
    bind(user, clusterRole, namespace) {
      const name = `b${(seq += 1)}`;
      const b = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding', metadata: { name, ...(namespace ? { namespace } : {}) }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole }, subjects: subject(user) };
      systemCreate(store, `rbac.authorization.k8s.io/${namespace ? 'rolebindings' : 'clusterrolebindings'}`, namespace ?? '', b);
    },
    role(user, namespace, rule) {
      const name = `r${(seq += 1)}`;
      systemCreate(store, 'rbac.authorization.k8s.io/roles', namespace, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace }, rules: [rule] });
      systemCreate(store, 'rbac.authorization.k8s.io/rolebindings', namespace, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: subject(user) });
    },
  };
}

/** user is a human test user (authenticated). */
export function user(name: string, groups: string[] = []): UserInfo {
  return { username: name, groups: [...groups, 'system:authenticated'] };
}

/** podRequest builds an admission request for a pod in `namespace`. */
export function podRequest(env: TestEnv, who: UserInfo, namespace: string, object: KubeObject, op: Operation = 'CREATE', oldObject?: KubeObject, subresource = ''): AdmissionRequest {
  return {
    operation: op, group: '', resource: 'pods', subresource, namespace, name: object.metadata.name ?? '', object, oldObject, user: who,
    dryRun: false, store: env.store, warnings: [], annotations: {},
  };
}

/** testPod is a minimal pod (defaults as the pod strategy would set them are not needed by admission). */
export function testPod(name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(annotations ? { annotations } : {}) }, spec: { serviceAccountName: 'default', containers: [{ name: 'c', image: 'img' }], ...spec } };
}
