import { queryOptions, useQuery } from '@tanstack/react-query';
import { groupSchema } from '../../../../shared/api/iam';
import { roleBindingSchema, type RoleBinding } from '../../../../shared/api/rbac';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { userKeys } from './keys';
import { groups } from './users';

const rb = findResource('rbac.authorization.k8s.io', 'rolebindings')!;
const crb = findResource('rbac.authorization.k8s.io', 'clusterrolebindings')!;

/** UserAccess is what removing a user cleans up: the bindings naming them and the groups listing them. */
export interface UserAccess {
  /** bindings are `RoleBinding ns/name` or `ClusterRoleBinding name`, with whether the user is its only subject (then it is deleted). */
  bindings: { label: string; only: boolean }[];
  groups: string[];
}

const names = (b: RoleBinding, user: string) => (b.subjects ?? []).some((s) => s.kind === 'User' && s.name === user);

/**
 * getUserAccessQueryOptions reads every RoleBinding, ClusterRoleBinding and Group and keeps those that
 * name `user`: the server removes the user from exactly these when the user is deleted.
 */
export const getUserAccessQueryOptions = (user: string) => queryOptions({
  queryKey: userKeys.access(user),
  queryFn: async ({ signal }): Promise<UserAccess> => {
    const [rbs, crbs, gs] = await Promise.all([
      apiRequest(toPath(rb), { signal, parse: (b) => parseList(roleBindingSchema, b).items }),
      apiRequest(toPath(crb), { signal, parse: (b) => parseList(roleBindingSchema, b).items }),
      apiRequest(toPath(groups), { signal, parse: (b) => parseList(groupSchema, b).items }),
    ]);
    const only = (b: RoleBinding) => (b.subjects ?? []).length === 1;
    return {
      bindings: [
        ...crbs.filter((b) => names(b, user)).map((b) => ({ label: `ClusterRoleBinding ${b.metadata.name}`, only: only(b) })),
        ...rbs.filter((b) => names(b, user)).map((b) => ({ label: `RoleBinding ${b.metadata.namespace}/${b.metadata.name}`, only: only(b) })),
      ],
      groups: gs.filter((g) => (g.users ?? []).includes(user)).map((g) => g.metadata.name ?? ''),
    };
  },
  staleTime: 0,
});

/** useUserAccess reads what removing `user` would clean up (only while `enabled`, e.g. the dialog is open). */
export const useUserAccess = (user: string, enabled: boolean) => useQuery({ ...getUserAccessQueryOptions(user), enabled });
