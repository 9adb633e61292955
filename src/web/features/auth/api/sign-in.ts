import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, apiRequest } from '../../../lib/api-client';

/** Credentials are what the sign-in form sends; they are never stored by the console. */
export interface Credentials { username: string; password: string }

const loginResponseSchema = z.looseObject({ username: z.string() });

/**
 * signIn posts the credentials to `/auth/login`; the server answers with an HttpOnly session cookie.
 * Failures come back with messages for people: wrong credentials and rate limiting are explained.
 */
export async function signIn(c: Credentials): Promise<{ username: string }> {
  try {
    return await apiRequest('/auth/login', { method: 'POST', body: c, on401: 'throw', parse: (v) => loginResponseSchema.parse(v) });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      throw new ApiError({ status: 401, reason: err.reason, message: 'The username or password is incorrect.' });
    }
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) {
      throw new ApiError({ status: err.status, reason: err.reason, message: 'This server does not offer password sign-in. Use kubectl with a token instead.' });
    }
    if (err instanceof ApiError && err.status === 429) {
      const wait = err.retryAfterSeconds;
      throw new ApiError({
        status: 429, reason: err.reason, retryAfterSeconds: wait,
        message: `Too many sign-in attempts. ${wait ? `Try again in ${wait} second${wait === 1 ? '' : 's'}.` : 'Wait a moment and try again.'}`,
      });
    }
    throw err;
  }
}

/** useSignIn signs in and drops every cached answer, which belonged to whoever was signed in before. */
export function useSignIn(opts: { onSuccess?: (r: { username: string }) => void | Promise<void> } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: async (r) => {
      queryClient.clear();
      await opts.onSuccess?.(r);
    },
  });
}
