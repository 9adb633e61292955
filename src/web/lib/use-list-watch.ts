import { hashKey, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isApiError } from './api-client';
import type { ObjectList } from './parse';
import { applyWatchEvent, watchStream } from './watch';

// One list-then-watch loop for every live view (pods, a pod, its events, secret summaries): the list
// fills the query cache, the watch keeps that cache entry current. Components read the cache only.

/** WatchState is how current a list is: `live` follows the server, `reconnecting` is retrying, `stopped` gave up (401/403). */
export type WatchState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

interface Named { metadata: { name?: string; namespace?: string; resourceVersion?: string } }

/** ListQuery is the part of a list's queryOptions the watch needs: where it is cached and how to relist. */
export interface ListQuery {
  queryKey: QueryKey;
  queryFn?: unknown;
  staleTime?: unknown;
}

/** ListWatchOptions configure useListWatch. */
export interface ListWatchOptions<T> {
  /** list is the list's queryOptions (the same object the component's useQuery reads). */
  list: ListQuery;
  /** path is the collection to watch, including any `?fieldSelector=` the list used. */
  path: string;
  /** parse turns one watched object into T (leniently), or undefined to skip it. */
  parse: (raw: unknown) => T | undefined;
  /** enabled starts the watch; pass "the list has loaded". */
  enabled: boolean;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

/** backoff is 1 s doubling to 30 s, with ±25 % jitter so many tabs do not reconnect in step. */
export function backoff(failures: number, random = Math.random()): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(Math.max(failures, 1) - 1, 5)) * (0.75 + random * 0.5);
}

/**
 * onRelist calls `cb` whenever the cached list `key` is replaced by a fetch (an invalidation after a
 * mutation, a retry), not by a watch event written with setQueryData. The fetched list is a snapshot at
 * its own resourceVersion: events the watch applied while the fetch was in flight are overwritten by
 * it, so the watch must start again from the new list's version (as an informer re-watches after a
 * relist) or those changes never show. Returns the unsubscribe function.
 */
export function onRelist(queryClient: QueryClient, key: QueryKey, cb: () => void): () => void {
  const hash = hashKey(key);
  return queryClient.getQueryCache().subscribe((e) => {
    if (e.type !== 'updated' || e.query.queryHash !== hash) return;
    if (e.action.type === 'success' && !e.action.manual) cb();
  });
}

/**
 * useListWatch keeps the cached list `list.queryKey` current by watching `path` from the list's
 * resourceVersion, once `enabled`. A stream the server ends is resumed from the last version seen;
 * `410 Gone` relists; a list fetched again by anyone restarts the watch from that list's version
(see onRelist); network errors back off up to 30 s. 401 and 403 stop it (a 401 has already sent
 * the person to sign in). The loop ends when the component unmounts or its inputs change.
 */
export function useListWatch<T extends Named>({ list, path, parse, enabled }: ListWatchOptions<T>): WatchState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<WatchState>('connecting');
  // The key is compared by value: callers build a new options object on every render.
  const keyHash = JSON.stringify(list.queryKey);

  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    const key = list.queryKey;
    let failures = 0;
    let relist = false;
    // The stream in flight: aborted (and reopened from the cache's version) when the list is fetched again.
    let stream: AbortController | undefined;
    let restarting = false;
    const unsubscribe = onRelist(queryClient, key, () => {
      if (!stream) return;
      restarting = true;
      stream.abort();
    });
    setState('connecting');

    const run = async () => {
      while (!ctl.signal.aborted) {
        try {
          let rv = queryClient.getQueryData<ObjectList<T>>(key)?.resourceVersion;
          if (relist || !rv) {
            rv = (await queryClient.fetchQuery({ ...(list as object), queryKey: key, staleTime: 0 }) as ObjectList<T>).resourceVersion;
            relist = false;
          }
          const started = Date.now();
          const current = new AbortController();
          const forward = () => current.abort();
          ctl.signal.addEventListener('abort', forward, { once: true });
          stream = current;
          try {
            await watchStream(path, {
              resourceVersion: rv,
              signal: current.signal,
              onEvent: (e) => {
                failures = 0;
                const object = e.type === 'BOOKMARK' ? (e.object as T) : parse(e.object);
                if (!object?.metadata) return;
                queryClient.setQueryData<ObjectList<T>>(key, (old) => (old ? applyWatchEvent(old, e.type, object) : old));
              },
              onOpen: () => { if (!ctl.signal.aborted) setState('live'); },
            });
          } finally {
            stream = undefined;
            ctl.signal.removeEventListener('abort', forward);
          }
          if (restarting) { restarting = false; continue; }
          // The server ended the stream (its timeout): resume from the last version seen, but never spin
          // on a server that keeps closing at once.
          if (Date.now() - started < 1000) await sleep(backoff(++failures), ctl.signal);
        } catch (err) {
          if (ctl.signal.aborted) return;
          if (restarting) { restarting = false; continue; }
          if (isApiError(err, 410)) { relist = true; continue; }
          if (isApiError(err, 401) || isApiError(err, 403)) { setState('stopped'); return; }
          failures++;
          setState('reconnecting');
          await sleep(backoff(failures), ctl.signal);
        }
      }
    };
    void run();
    return () => { unsubscribe(); ctl.abort(); };
    // `list` and `parse` are identified by keyHash and path; re-running on their identity would restart the watch every render.
  }, [keyHash, path, enabled, queryClient]);

  return state;
}
