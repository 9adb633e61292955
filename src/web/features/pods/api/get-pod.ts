import { useQuery } from '@tanstack/react-query';
import { byName, liveListQueryOptions, useResourceWatch, type WatchState } from '../../../lib/resource-api';
import { pods } from './get-pods';
import { podKeys } from './keys';

// One pod, live. It is read as a list of at most one (`fieldSelector=metadata.name=<name>`) so the
// same list-then-watch loop follows it, and a deletion shows up as an empty list, not an error.

/** getPodQueryOptions never goes stale on its own: usePodWatch keeps it current. */
export const getPodQueryOptions = (namespace: string, name: string) => liveListQueryOptions(pods, namespace, { selector: byName(name), key: podKeys.detail(namespace, name) });

/** usePod reads one pod; `data.items[0]` is undefined when there is no such pod (or it was deleted). */
export const usePod = (namespace: string, name: string) => useQuery(getPodQueryOptions(namespace, name));

/** usePodWatch follows the pod once `enabled` (its first read has loaded). */
export function usePodWatch(namespace: string, name: string, enabled: boolean): WatchState {
  return useResourceWatch(pods, namespace, getPodQueryOptions(namespace, name), enabled, byName(name));
}
