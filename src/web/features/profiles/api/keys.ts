/** profileKeys is the query-key factory for security profiles. */
export const profileKeys = {
  all: ['securityprofiles'] as const,
  list: () => [...profileKeys.all, 'list'] as const,
  detail: (name: string) => [...profileKeys.all, 'detail', name] as const,
};
