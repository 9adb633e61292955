/** authKeys is the query-key factory for who the signed-in person is. */
export const authKeys = {
  all: ['auth'] as const,
  whoami: () => [...authKeys.all, 'whoami'] as const,
  /** signedIn is the person themselves, which differs from whoami during "view as". */
  signedIn: () => [...authKeys.all, 'signed-in'] as const,
  tokens: () => [...authKeys.all, 'tokens'] as const,
};
