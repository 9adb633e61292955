import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { eventSchema } from '../../../../shared/api/core';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { parseLenient, parseList, type ObjectList } from '../../../lib/parse';
import { useListWatch, type WatchState } from '../../../lib/use-list-watch';
import { podKeys } from './keys';

/** PodEvent is a core/v1 Event about a pod (scheduling, pulling, starting, failing to mount...). */
export type PodEvent = z.infer<typeof eventSchema>;

const events = findResource('', 'events')!;

/** podEventsPath is the namespace's events narrowed to those about objects named `name`. */
export const podEventsPath = (namespace: string, name: string) => `${toPath(events, namespace)}?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`;

/** getPodEvents lists the events about objects named `name` (the caller keeps those of kind Pod). */
export function getPodEvents(namespace: string, name: string, signal?: AbortSignal): Promise<ObjectList<PodEvent>> {
  return apiRequest(podEventsPath(namespace, name), { signal, parse: (body) => parseList(eventSchema, body) });
}

/** getPodEventsQueryOptions: kept current by usePodEventsWatch. */
export const getPodEventsQueryOptions = (namespace: string, name: string) => queryOptions({
  queryKey: podKeys.events(namespace, name),
  queryFn: ({ signal }) => getPodEvents(namespace, name, signal),
  staleTime: Infinity,
  refetchOnWindowFocus: false,
});

/** usePodEvents reads the events of pod `name`. */
export const usePodEvents = (namespace: string, name: string) => useQuery(getPodEventsQueryOptions(namespace, name));

const parseEvent = (raw: unknown): PodEvent | undefined => parseLenient(eventSchema, raw)?.data;

/** usePodEventsWatch follows the pod's events once `enabled`. */
export function usePodEventsWatch(namespace: string, name: string, enabled: boolean): WatchState {
  return useListWatch({ list: getPodEventsQueryOptions(namespace, name), path: podEventsPath(namespace, name), parse: parseEvent, enabled });
}

/** eventsOfPod keeps the events about this pod (kind Pod, and this pod's uid when both are known), newest first. */
export function eventsOfPod(list: readonly PodEvent[], uid: string | undefined): PodEvent[] {
  const time = (e: PodEvent) => Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '') || 0;
  // Timestamps have one-second resolution; within a second the resourceVersion (write order) decides.
  const rv = (e: PodEvent) => Number(e.metadata.resourceVersion) || 0;
  return list
    .filter((e) => (e.involvedObject.kind ?? 'Pod') === 'Pod' && (!uid || !e.involvedObject.uid || e.involvedObject.uid === uid))
    .sort((a, b) => time(b) - time(a) || rv(b) - rv(a));
}
