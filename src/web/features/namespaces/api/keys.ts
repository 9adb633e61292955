/** namespaceKeys is the query-key factory for the namespaces the caller can use. */
export const namespaceKeys = {
  all: ['namespaces'] as const,
  list: () => [...namespaceKeys.all, 'list'] as const,
};
