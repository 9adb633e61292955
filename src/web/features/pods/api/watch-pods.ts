import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { podSchema, type Pod } from '../../../../shared/api/core';
import { toPath } from '../../../../shared/api/resources';
import { isApiError } from '../../../lib/api-client';
import { parseLenient, type ObjectList } from '../../../lib/parse';
import { applyWatchEvent, watchStream } from '../../../lib/watch';
import { getPodsQueryOptions, pods } from './get-pods';

/** WatchState is how current the pod list is: `live` follows the server, `reconnecting` is retrying, `stopped` gave up (401/403). */
export type WatchState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

/** backoff is 1 s doubling to 30 s, with ±25 % jitter so many tabs do not reconnect in step. */
function backoff(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5)) * (0.75 + Math.random() * 0.5);
}

/**
 * usePodsWatch keeps the cached pod list of `namespace` current by watching from the list's
 * resourceVersion, once `enabled` (the list has loaded). A stream the server ends is resumed from the
 * last version seen; `410 Gone` relists; network errors back off up to 30 s. 401 and 403 stop it
 * (a 401 has already sent the person to sign in).
 */
export function usePodsWatch(namespace: string, enabled: boolean): WatchState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<WatchState>('connecting');

  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    const options = getPodsQueryOptions(namespace);
    const key = options.queryKey;
    let failures = 0;
    let relist = false;
    setState('connecting');

    const run = async () => {
      while (!ctl.signal.aborted) {
        try {
          let rv = queryClient.getQueryData(key)?.resourceVersion;
          if (relist || !rv) {
            rv = (await queryClient.fetchQuery({ ...options, staleTime: 0 })).resourceVersion;
            relist = false;
          }
          const started = Date.now();
          await watchStream(toPath(pods, namespace), {
            resourceVersion: rv,
            signal: ctl.signal,
            onEvent: (e) => {
              failures = 0;
              const object = e.type === 'BOOKMARK' ? (e.object as Pod) : parseLenient(podSchema, e.object)?.data;
              if (!object?.metadata) return;
              queryClient.setQueryData(key, (old: ObjectList<Pod> | undefined) => (old ? applyWatchEvent(old, e.type, object) : old));
            },
            onOpen: () => { if (!ctl.signal.aborted) setState('live'); },
          });
          // The server ended the stream (its timeout): resume from the last version seen, but never spin
          // on a server that keeps closing at once.
          if (Date.now() - started < 1000) await sleep(backoff(++failures), ctl.signal);
        } catch (err) {
          if (ctl.signal.aborted) return;
          if (isApiError(err, 410)) { relist = true; continue; }
          if (isApiError(err, 401) || isApiError(err, 403)) { setState('stopped'); return; }
          failures++;
          setState('reconnecting');
          await sleep(backoff(failures), ctl.signal);
          // After an outage events may have been missed beyond the window; the version decides (410 relists).
        }
      }
    };
    void run();
    return () => ctl.abort();
  }, [namespace, enabled, queryClient]);

  return state;
}
