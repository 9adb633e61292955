/** grantKeys is the query-key factory for the RBAC objects capability grants are computed from. */
export const grantKeys = {
  all: ['grants'] as const,
  rbac: () => [...grantKeys.all, 'rbac'] as const,
  binding: (kind: string, namespace: string, name: string) => [...grantKeys.all, 'binding', kind, namespace, name] as const,
  namespaces: () => [...grantKeys.all, 'namespaces'] as const,
};
