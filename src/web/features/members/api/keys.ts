import { resource, resourceKeys, resourcesKey } from '../../../lib/resource-keys';

const RBAC = 'rbac.authorization.k8s.io';
const bindings = resourceKeys(resource(RBAC, 'rolebindings'));
const roles = resourceKeys(resource(RBAC, 'roles'));
const serviceAccounts = resourceKeys(resource('', 'serviceaccounts'));
const rbac = [resource(RBAC, 'roles'), resource(RBAC, 'rolebindings'), resource(RBAC, 'clusterroles'), resource(RBAC, 'clusterrolebindings')];

/** memberKeys: a namespace's members are views of its bindings, roles and service accounts (lib/resource-keys.ts). */
export const memberKeys = {
  bindings: (namespace: string) => bindings.list(namespace),
  roles: (namespace: string) => roles.list(namespace),
  /** serviceAccounts are the subject picker's names (without the pod form's implied `default`, so a key of their own). */
  serviceAccounts: (namespace: string) => serviceAccounts.view(namespace, 'subject-names'),
  /** grantable and access are answers of access reviews, which follow every role and binding. */
  grantable: (namespace: string, candidates: string) => resourcesKey(rbac, namespace, 'grantable', candidates),
  access: (namespace: string, subject: string, how: string) => resourcesKey(rbac, namespace, 'access', subject, how),
};
