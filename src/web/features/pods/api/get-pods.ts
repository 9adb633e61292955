import { queryOptions, useQuery } from '@tanstack/react-query';
import { podSchema, type Pod } from '../../../../shared/api/core';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { parseList, type ObjectList } from '../../../lib/parse';
import { podKeys } from './keys';

/** pods is the shared descriptor the pod URLs are built from. */
export const pods = findResource('', 'pods')!;

/** getPods lists the pods of `namespace`; items are parsed leniently with the shared pod schema. */
export function getPods(namespace: string, signal?: AbortSignal): Promise<ObjectList<Pod>> {
  return apiRequest(toPath(pods, namespace), { signal, parse: (body) => parseList(podSchema, body) });
}

/**
 * getPodsQueryOptions never goes stale on its own: a watch (usePodsWatch) keeps the cached list
 * current, and relists when the server says the list is too old to follow.
 */
export const getPodsQueryOptions = (namespace: string) => queryOptions({
  queryKey: podKeys.list(namespace),
  queryFn: ({ signal }) => getPods(namespace, signal),
  staleTime: Infinity,
  refetchOnWindowFocus: false,
});

/** usePods reads the cached pod list of `namespace`. */
export const usePods = (namespace: string) => useQuery(getPodsQueryOptions(namespace));
