/** serviceAccountKeys is the query-key factory for service accounts and what each may use. */
export const serviceAccountKeys = {
  all: ['serviceaccounts'] as const,
  list: (namespace: string) => [...serviceAccountKeys.all, 'list', namespace] as const,
  usage: (namespace: string, name: string) => [...serviceAccountKeys.all, 'usage', namespace, name] as const,
  pods: (namespace: string, name: string) => [...serviceAccountKeys.all, 'pods', namespace, name] as const,
};
