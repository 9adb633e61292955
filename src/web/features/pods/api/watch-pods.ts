import { podSchema, type Pod } from '../../../../shared/api/core';
import { toPath } from '../../../../shared/api/resources';
import { parseLenient } from '../../../lib/parse';
import { useListWatch, type WatchState } from '../../../lib/use-list-watch';
import { getPodsQueryOptions, pods } from './get-pods';

export type { WatchState };

/** parsePod reads one watched pod leniently (see parseLenient); undefined skips it. */
export const parsePod = (raw: unknown): Pod | undefined => parseLenient(podSchema, raw)?.data;

/**
 * usePodsWatch keeps the cached pod list of `namespace` current (see useListWatch), once `enabled`
 * (the list has loaded).
 */
export function usePodsWatch(namespace: string, enabled: boolean): WatchState {
  return useListWatch({ list: getPodsQueryOptions(namespace), path: toPath(pods, namespace), parse: parsePod, enabled });
}
