/** userKeys is the query-key factory for users, groups and the workloads people started. */
export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
  detail: (name: string) => [...userKeys.all, 'detail', name] as const,
  groups: () => [...userKeys.all, 'groups'] as const,
  /** access is what names a user: bindings and groups (what removing them cleans up). */
  access: (name: string) => [...userKeys.all, 'access', name] as const,
  /** workloads are every pod with its creator, across namespaces (one list serves every user page). */
  workloads: () => [...userKeys.all, 'workloads'] as const,
};
