import { useResourceWatch, type WatchState } from '../../../lib/resource-api';
import { getPodsQueryOptions, pods } from './get-pods';

export type { WatchState };

/**
 * usePodsWatch keeps the cached pod list of `namespace` current (see useListWatch), once `enabled`
 * (the list has loaded).
 */
export function usePodsWatch(namespace: string, enabled: boolean): WatchState {
  return useResourceWatch(pods, namespace, getPodsQueryOptions(namespace), enabled);
}
