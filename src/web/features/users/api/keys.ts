import { ALL_NAMESPACES, resource, resourceKeys, resourcesKey } from '../../../lib/resource-keys';

const IAM = 'iam.gatehouse.dev';
const RBAC = 'rbac.authorization.k8s.io';
const users = resourceKeys(resource(IAM, 'users'));

/** userKeys: users, groups and the workloads people started, keyed by resource (lib/resource-keys.ts). */
export const userKeys = {
  all: users.all,
  list: () => users.list(),
  detail: (name: string) => users.detail('', name),
  groups: () => resourceKeys(resource(IAM, 'groups')).list(),
  /** access is what names a user: bindings and groups (what removing them cleans up). */
  access: (name: string) => resourcesKey([resource(IAM, 'groups'), resource(RBAC, 'rolebindings'), resource(RBAC, 'clusterrolebindings')], ALL_NAMESPACES, 'user-access', name),
  /** workloads are every pod with its creator, across namespaces (one list serves every user page). */
  workloads: () => resourceKeys(resource('', 'pods')).view(ALL_NAMESPACES, 'workloads'),
};
