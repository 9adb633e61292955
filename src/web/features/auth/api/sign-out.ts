import { useMutation } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../../lib/api-client';

/** signOut ends the session on the server; a session that already expired (401) counts as signed out. */
export async function signOut(): Promise<void> {
  try {
    await apiRequest('/auth/logout', { method: 'POST', on401: 'throw' });
  } catch (err) {
    if (!isApiError(err, 401)) throw err;
  }
}

/** useSignOut signs out; the caller leaves the app and then clears the cache (see UserMenu). */
export function useSignOut(opts: { onSuccess?: () => void | Promise<void> } = {}) {
  return useMutation({ mutationFn: signOut, onSuccess: async () => { await opts.onSuccess?.(); } });
}
