import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Role, RoleBinding } from '../../../../shared/api/rbac';
import { resources } from '../../../lib/resources';
import { memberKeys } from './keys';

/** roleBindings and roles are the resources (lib/resources.ts) these URLs are built from. */
export const roleBindings = resources.roleBindings;
export const roles = resources.roles;

/** getRoleBindings lists the RoleBindings of `namespace`. */
export async function getRoleBindings(namespace: string, signal?: AbortSignal): Promise<RoleBinding[]> {
  return (await roleBindings.list(namespace, { signal })).items;
}

/** getRoleBindingsQueryOptions: bindings change when members are granted or revoked (mutations invalidate). */
export const getRoleBindingsQueryOptions = (namespace: string) => queryOptions({
  queryKey: memberKeys.bindings(namespace),
  queryFn: ({ signal }) => getRoleBindings(namespace, signal),
});

/** useRoleBindings reads the RoleBindings of `namespace`. */
export const useRoleBindings = (namespace: string) => useQuery(getRoleBindingsQueryOptions(namespace));

/** getRoles lists the Roles of `namespace` (candidates to grant besides the default ClusterRoles). */
export async function getRoles(namespace: string, signal?: AbortSignal): Promise<Role[]> {
  return (await roles.list(namespace, { signal })).items;
}

/** useRoles reads the Roles of `namespace`. */
export const useRoles = (namespace: string) => useQuery({ queryKey: memberKeys.roles(namespace), queryFn: ({ signal }) => getRoles(namespace, signal) });

/** useServiceAccountNames lists the service accounts of `namespace` by name (for the subject picker). */
export const useServiceAccountNames = (namespace: string) => useQuery({
  queryKey: memberKeys.serviceAccounts(namespace),
  queryFn: async ({ signal }) => (await resources.serviceAccounts.listItems(namespace, { signal })).map((s) => s.metadata.name ?? '').filter(Boolean),
});
