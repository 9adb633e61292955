/** authKeys is the query-key factory for who the signed-in person is. */
export const authKeys = {
  all: ['auth'] as const,
  whoami: () => [...authKeys.all, 'whoami'] as const,
};
