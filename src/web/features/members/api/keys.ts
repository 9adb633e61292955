/** memberKeys is the query-key factory for a namespace's members (role bindings and what they grant). */
export const memberKeys = {
  all: ['members'] as const,
  bindings: (namespace: string) => [...memberKeys.all, 'rolebindings', namespace] as const,
  roles: (namespace: string) => [...memberKeys.all, 'roles', namespace] as const,
  serviceAccounts: (namespace: string) => [...memberKeys.all, 'serviceaccounts', namespace] as const,
  grantable: (namespace: string, candidates: string) => [...memberKeys.all, 'grantable', namespace, candidates] as const,
  access: (namespace: string, subject: string, how: string) => [...memberKeys.all, 'access', namespace, subject, how] as const,
};
