import { useQuery } from '@tanstack/react-query';
import { liveListQueryOptions } from '../../../lib/resource-api';
import { resources } from '../../../lib/resources';
import { podKeys } from './keys';

/** pods is the pod resource (lib/resources.ts): URLs, keys, list and parse. */
export const pods = resources.pods;

/**
 * getPodsQueryOptions never goes stale on its own: a watch (usePodsWatch) keeps the cached list
 * current, and relists when the server says the list is too old to follow.
 */
export const getPodsQueryOptions = (namespace: string) => liveListQueryOptions(pods, namespace, { key: podKeys.list(namespace) });

/** usePods reads the cached pod list of `namespace`. */
export const usePods = (namespace: string) => useQuery(getPodsQueryOptions(namespace));
