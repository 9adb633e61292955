/** secretKeys is the query-key factory for secret summaries (the console never reads secrets themselves). */
export const secretKeys = {
  all: ['secretsummaries'] as const,
  list: (namespace: string) => [...secretKeys.all, 'list', namespace] as const,
};
