/** podKeys is the query-key factory for pods. */
export const podKeys = {
  all: ['pods'] as const,
  list: (namespace: string) => [...podKeys.all, 'list', namespace] as const,
  detail: (namespace: string, name: string) => [...podKeys.all, 'detail', namespace, name] as const,
};
