import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { eventSchema } from '../../../../shared/api/core';
import { liveListQueryOptions, useResourceWatch, type Selector, type WatchState } from '../../../lib/resource-api';
import { resources } from '../../../lib/resources';
import { podKeys } from './keys';

/** PodEvent is a core/v1 Event about a pod (scheduling, pulling, starting, failing to mount...). */
export type PodEvent = z.infer<typeof eventSchema>;

/** about is the selector of the events about objects named `name` (the caller keeps those of kind Pod). */
const about = (name: string): Selector => ({ field: `involvedObject.name=${name}` });

/** getPodEventsQueryOptions: kept current by usePodEventsWatch. */
export const getPodEventsQueryOptions = (namespace: string, name: string) => liveListQueryOptions(resources.events, namespace, { selector: about(name), key: podKeys.events(namespace, name) });

/** usePodEvents reads the events of pod `name`. */
export const usePodEvents = (namespace: string, name: string) => useQuery(getPodEventsQueryOptions(namespace, name));

/** usePodEventsWatch follows the pod's events once `enabled`. */
export function usePodEventsWatch(namespace: string, name: string, enabled: boolean): WatchState {
  return useResourceWatch(resources.events, namespace, getPodEventsQueryOptions(namespace, name), enabled, about(name));
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
