/** serviceAccountKeys is the query-key factory for service accounts and what each may use. */
export const serviceAccountKeys = {
  all: ['serviceaccounts'] as const,
  list: (namespace: string) => [...serviceAccountKeys.all, 'list', namespace] as const,
  /** usage is what `name` may use; `scope` says what the reader could list (a prefix match without it). */
  usage: (namespace: string, name: string, scope?: string) => [...serviceAccountKeys.all, 'usage', namespace, name, ...(scope ? [scope] : [])] as const,
  pods: (namespace: string, name: string) => [...serviceAccountKeys.all, 'pods', namespace, name] as const,
};
