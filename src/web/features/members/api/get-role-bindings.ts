import { queryOptions, useQuery } from '@tanstack/react-query';
import { roleBindingSchema, roleSchema, type Role, type RoleBinding } from '../../../../shared/api/rbac';
import { serviceAccountSchema } from '../../../../shared/api/core';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { memberKeys } from './keys';

/** roleBindings, roles and serviceAccounts are the shared descriptors these URLs are built from. */
export const roleBindings = findResource('rbac.authorization.k8s.io', 'rolebindings')!;
export const roles = findResource('rbac.authorization.k8s.io', 'roles')!;
const serviceAccounts = findResource('', 'serviceaccounts')!;

/** getRoleBindings lists the RoleBindings of `namespace`. */
export function getRoleBindings(namespace: string, signal?: AbortSignal): Promise<RoleBinding[]> {
  return apiRequest(toPath(roleBindings, namespace), { signal, parse: (b) => parseList(roleBindingSchema, b).items });
}

/** getRoleBindingsQueryOptions: bindings change when members are granted or revoked (mutations invalidate). */
export const getRoleBindingsQueryOptions = (namespace: string) => queryOptions({
  queryKey: memberKeys.bindings(namespace),
  queryFn: ({ signal }) => getRoleBindings(namespace, signal),
});

/** useRoleBindings reads the RoleBindings of `namespace`. */
export const useRoleBindings = (namespace: string) => useQuery(getRoleBindingsQueryOptions(namespace));

/** getRoles lists the Roles of `namespace` (candidates to grant besides the default ClusterRoles). */
export function getRoles(namespace: string, signal?: AbortSignal): Promise<Role[]> {
  return apiRequest(toPath(roles, namespace), { signal, parse: (b) => parseList(roleSchema, b).items });
}

/** useRoles reads the Roles of `namespace`. */
export const useRoles = (namespace: string) => useQuery({ queryKey: memberKeys.roles(namespace), queryFn: ({ signal }) => getRoles(namespace, signal) });

/** useServiceAccountNames lists the service accounts of `namespace` by name (for the subject picker). */
export const useServiceAccountNames = (namespace: string) => useQuery({
  queryKey: memberKeys.serviceAccounts(namespace),
  queryFn: ({ signal }) => apiRequest(toPath(serviceAccounts, namespace), { signal, parse: (b) => parseList(serviceAccountSchema, b).items.map((s) => s.metadata.name ?? '').filter(Boolean).sort() }),
});
