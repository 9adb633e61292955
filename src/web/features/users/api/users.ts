import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Group } from '../../../../shared/api/iam';
import { toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { userKeys } from './keys';
import { invalidateResource } from '../../../lib/resource-keys';
import { resources } from '../../../lib/resources';

/** users and groups are the shared descriptors the URLs are built from (iam.gatehouse.dev/v1). */
export const users = resources.users;
export const groups = resources.groups;

/** getUsersQueryOptions lists every user, sorted by name. */
export const getUsersQueryOptions = () => queryOptions({
  queryKey: userKeys.list(),
  queryFn: ({ signal }) => users.listItems(undefined, { signal }),
});

/** useUsers reads every user. */
export const useUsers = () => useQuery(getUsersQueryOptions());

/** useUser reads one user (404 when removed). */
export const useUser = (name: string) => useQuery({
  queryKey: userKeys.detail(name),
  queryFn: ({ signal }) => users.get(undefined, name, signal),
  retry: false,
});

/** NewUser is what the create form collects; the password is sent separately and never kept. */
export interface NewUser { name: string; fullName?: string; groups: string[] }

/** setPassword sets a user's password (an admin needs no current password); a weak one is a 422 naming the field. */
export function setPassword(name: string, password: string): Promise<unknown> {
  return apiRequest(`${toPath(users, undefined, name)}/password`, { method: 'POST', body: { password } });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () => invalidateResource(queryClient, users);
}

/** useInvalidateGroups refreshes every view of groups (the groups table also lists the groups users name). */
function useInvalidateGroups() {
  const queryClient = useQueryClient();
  return () => Promise.all([invalidateResource(queryClient, groups), invalidateResource(queryClient, users)]);
}

/** useCreateUser creates a user. */
export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (u: NewUser) => apiRequest(toPath(users), {
      method: 'POST',
      body: { apiVersion: 'iam.gatehouse.dev/v1', kind: 'User', metadata: { name: u.name }, spec: { ...(u.fullName ? { fullName: u.fullName } : {}), ...(u.groups.length ? { groups: u.groups } : {}) } },
    }),
    onSuccess: invalidate,
  });
}

/** useSetPassword sets a password (the value lives only in the form that sent it). */
export function useSetPassword(name: string) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (password: string) => setPassword(name, password), onSuccess: () => invalidateResource(queryClient, users) });
}

/** useSetDisabled disables (every session and token stops at once) or re-enables a user, by merge patch. */
export function useSetDisabled(name: string) {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (disabled: boolean) => apiRequest(toPath(users, undefined, name), {
      method: 'PATCH', body: { spec: { disabled } }, headers: { 'Content-Type': 'application/merge-patch+json' },
    }),
    onSuccess: invalidate,
  });
}

/** removeUser deletes a user (the server also takes them out of bindings and groups). */
export function removeUser(name: string): Promise<unknown> {
  return apiRequest(toPath(users, undefined, name), { method: 'DELETE' });
}

/** useRemoveUser deletes a user: their sessions and tokens are revoked, their pods keep running. */
export function useRemoveUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({ mutationFn: removeUser, onSuccess: invalidate });
}

/** useGroups reads every group, sorted by name. */
export const useGroups = () => useQuery({
  queryKey: userKeys.groups(),
  queryFn: ({ signal }): Promise<Group[]> => groups.listItems(undefined, { signal }),
});

/** useCreateGroup creates a group with its members. */
export function useCreateGroup() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (g: { name: string; users: string[] }) => apiRequest(toPath(groups), { method: 'POST', body: { apiVersion: 'iam.gatehouse.dev/v1', kind: 'Group', metadata: { name: g.name }, users: g.users } }),
    onSuccess: invalidate,
  });
}

/** useDeleteGroup deletes a group (members lose what it granted at once). */
export function useDeleteGroup() {
  const invalidate = useInvalidateGroups();
  return useMutation({ mutationFn: (name: string) => apiRequest(toPath(groups, undefined, name), { method: 'DELETE' }), onSuccess: invalidate });
}

/** splitList reads a comma- or space-separated list, dropping blanks and repeats. */
export function splitList(s: string): string[] {
  return [...new Set(s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean))];
}
