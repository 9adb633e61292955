import { QueryClient, type DefaultError, type DefaultedQueryObserverOptions, type Query, type QueryKey, type QueryObserverOptions } from '@tanstack/react-query';
import { isApiError } from './api-client';

// The console's QueryClient. One rule lives here and nowhere else: a request the API refused is never
// sent again by the query machinery itself — not as a retry, not because another component mounted
// the same query (a route loader's prefetch, then the page), not on window focus, reconnect or an
// interval. Each such re-send would be refused again and recorded again in the audit trail. The
// person's "Try again" (refetch) and invalidation after a change still ask.

/**
 * isRefusal is true for an answer that asking again will not change: a 4xx (401, 403, 404, 422...)
 * other than 429 (too many requests), which says "later".
 */
export function isRefusal(err: unknown): boolean {
  return isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 429;
}

/**
 * shouldRetry retries only what may succeed next time: network failures and 5xx/429, at most twice.
 * A refusal is an answer, not a glitch.
 */
export function shouldRetry(failureCount: number, err: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(err)) return true;
  return err.status === 0 || err.status === 429 || err.status >= 500;
}

type AnyQuery = Query<any, any, any, any>;
type Guarded = Pick<QueryObserverOptions<any, any, any, any, any>, 'retry' | 'retryOnMount' | 'refetchOnWindowFocus' | 'refetchOnReconnect' | 'refetchInterval'>;

const refused = (q: AnyQuery) => isRefusal(q.state.error);

/** resolve reads an option that may be a value or a function of the query. */
function resolve<T>(v: T | ((q: AnyQuery) => T), q: AnyQuery): T {
  return typeof v === 'function' ? (v as (q: AnyQuery) => T)(q) : v;
}

/**
 * noResendAfterRefusal wraps a query's own re-send options so that none fires for a refused query;
 * otherwise each keeps its meaning (a query's `retry: false` or `refetchOnWindowFocus: 'always'`).
 */
export function noResendAfterRefusal<O extends Guarded>(o: O): O {
  const { retry, retryOnMount, refetchOnWindowFocus, refetchOnReconnect, refetchInterval } = o;
  return {
    ...o,
    retry: (n: number, err: unknown) => !isRefusal(err) && (typeof retry === 'function' ? retry(n, err as never) : typeof retry === 'number' ? n < retry : retry === true),
    retryOnMount: (q: AnyQuery) => !refused(q) && resolve(retryOnMount ?? true, q),
    refetchOnWindowFocus: (q: AnyQuery) => !refused(q) && resolve(refetchOnWindowFocus ?? true, q),
    refetchOnReconnect: (q: AnyQuery) => !refused(q) && resolve(refetchOnReconnect ?? true, q),
    refetchInterval: (q: AnyQuery) => (refused(q) ? false : resolve(refetchInterval ?? false, q)),
  };
}

/** GatehouseQueryClient applies noResendAfterRefusal to every query's options, defaults and overrides alike. */
export class GatehouseQueryClient extends QueryClient {
  override defaultQueryOptions<TQueryFnData = unknown, TError = DefaultError, TData = TQueryFnData, TQueryData = TQueryFnData, TQueryKey extends QueryKey = QueryKey, TPageParam = never>(
    options: QueryObserverOptions<TQueryFnData, TError, TData, TQueryData, TQueryKey, TPageParam> | DefaultedQueryObserverOptions<TQueryFnData, TError, TData, TQueryData, TQueryKey>,
  ): DefaultedQueryObserverOptions<TQueryFnData, TError, TData, TQueryData, TQueryKey> {
    if (options._defaulted) return options as DefaultedQueryObserverOptions<TQueryFnData, TError, TData, TQueryData, TQueryKey>;
    return noResendAfterRefusal(super.defaultQueryOptions(options));
  }
}

/** createQueryClient builds the app's QueryClient: data is fresh for 30 s, retries follow shouldRetry, refusals are never re-sent. */
export function createQueryClient(): QueryClient {
  return new GatehouseQueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
