/** namespaceAdminKeys is the query-key factory for namespaces as objects (cluster admins, namespace settings). */
export const namespaceAdminKeys = {
  all: ['namespace-objects'] as const,
  list: () => [...namespaceAdminKeys.all, 'list'] as const,
  detail: (name: string) => [...namespaceAdminKeys.all, 'detail', name] as const,
};
