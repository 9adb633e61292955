import { ALL_NAMESPACES, resource, resourceKeys, resourcesKey } from '../../../lib/resource-keys';

const RBAC = 'rbac.authorization.k8s.io';
const rbac = [resource(RBAC, 'roles'), resource(RBAC, 'rolebindings'), resource(RBAC, 'clusterroles'), resource(RBAC, 'clusterrolebindings'), resource('security.gatehouse.dev', 'securityprofiles')];

/** grantKeys: capability grants are computed from every role, binding and profile (lib/resource-keys.ts). */
export const grantKeys = {
  rbac: () => resourcesKey(rbac, ALL_NAMESPACES, 'grants'),
  binding: (kind: string, namespace: string, name: string) => resourcesKey(rbac, namespace, 'binding', kind, name),
  namespaces: () => resourceKeys(resource('', 'namespaces')).view(ALL_NAMESPACES, 'names'),
};
