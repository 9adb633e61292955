import { queryOptions, useQuery } from '@tanstack/react-query';
import { podSchema, type Pod } from '../../../../shared/api/core';
import { toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { parseList, type ObjectList } from '../../../lib/parse';
import { useListWatch, type WatchState } from '../../../lib/use-list-watch';
import { pods } from './get-pods';
import { podKeys } from './keys';
import { parsePod } from './watch-pods';

// One pod, live. It is read as a list of at most one (`fieldSelector=metadata.name=<name>`) so the
// same list-then-watch loop follows it, and a deletion shows up as an empty list, not an error.

/** podPath is the collection URL narrowed to one pod by name. */
export const podPath = (namespace: string, name: string) => `${toPath(pods, namespace)}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`;

/** getPod lists the pods named `name` in `namespace` (zero or one). */
export function getPod(namespace: string, name: string, signal?: AbortSignal): Promise<ObjectList<Pod>> {
  return apiRequest(podPath(namespace, name), { signal, parse: (body) => parseList(podSchema, body) });
}

/** getPodQueryOptions never goes stale on its own: usePodWatch keeps it current. */
export const getPodQueryOptions = (namespace: string, name: string) => queryOptions({
  queryKey: podKeys.detail(namespace, name),
  queryFn: ({ signal }) => getPod(namespace, name, signal),
  staleTime: Infinity,
  refetchOnWindowFocus: false,
});

/** usePod reads one pod; `data.items[0]` is undefined when there is no such pod (or it was deleted). */
export const usePod = (namespace: string, name: string) => useQuery(getPodQueryOptions(namespace, name));

/** usePodWatch follows the pod once `enabled` (its first read has loaded). */
export function usePodWatch(namespace: string, name: string, enabled: boolean): WatchState {
  return useListWatch({ list: getPodQueryOptions(namespace, name), path: podPath(namespace, name), parse: parsePod, enabled });
}
