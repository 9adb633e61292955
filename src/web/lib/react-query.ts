import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-client';

/**
 * shouldRetry retries only what may succeed next time: network failures and 5xx/429, at most twice.
 * A 4xx (401, 403, 404, 422...) is an answer, not a glitch.
 */
export function shouldRetry(failureCount: number, err: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(err)) return true;
  return err.status === 0 || err.status === 429 || err.status >= 500;
}

/** createQueryClient builds the app's QueryClient: data is fresh for 30 s, retries follow shouldRetry. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
