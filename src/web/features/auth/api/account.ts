import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { findResource, toPath } from '../../../../shared/api/resources';
import type { PersonalToken } from '../../../../shared/api/iam';
import { apiRequest } from '../../../lib/api-client';
import { authKeys } from './keys';

// The signed-in person's own account: their password and their personal tokens. `/auth/*` requests
// are never sent "as" another user (lib/api-client), and the password change goes out `asSelf`, so
// this page always acts for the person themselves; the server refuses both under impersonation anyway.

const users = findResource('iam.gatehouse.dev', 'users')!;

const tokenListSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), expiresAt: z.string(), lastUsedAt: z.string().optional() })),
});

/** getTokensQueryOptions lists my personal tokens (names and dates; the server never returns a value). */
export const getTokensQueryOptions = () => queryOptions({
  queryKey: authKeys.tokens(),
  queryFn: ({ signal }): Promise<PersonalToken[]> => apiRequest('/auth/tokens', { signal, parse: (b) => tokenListSchema.parse(b).items }),
});

/** useMyTokens reads my personal tokens. */
export const useMyTokens = () => useQuery(getTokensQueryOptions());

/** useRevokeToken revokes one of my personal tokens and refreshes the list. */
export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest(`/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.tokens() }),
  });
}

/**
 * useChangePassword changes my password with the current one. The server ends my other sessions and
 * revokes my personal tokens (they may have leaked with the old password); its message says how many.
 */
export function useChangePassword(username: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { currentPassword: string; password: string }) => apiRequest(`${toPath(users, undefined, username)}/password`, {
      method: 'POST', body: v, asSelf: true, parse: (b) => z.object({ message: z.string().optional() }).parse(b ?? {}),
    }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.tokens() }),
  });
}
