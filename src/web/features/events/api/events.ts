import { queryOptions, useQuery } from '@tanstack/react-query';
import { resources } from '../../../lib/resources';

const events = resources.events;

/** eventKeys: a namespace's events, keyed by resource (lib/resource-keys.ts). */
export const eventKeys = {
  list: (namespace: string) => events.keys.list(namespace),
};

/** NamespaceEvent is one row of the events view. */
export interface NamespaceEvent { name: string; type: string; reason: string; kind: string; object: string; message: string; count: number; last: string; source: string }

/** getEventsQueryOptions lists the events of `namespace`, newest first; refreshed every 5 s. */
export const getEventsQueryOptions = (namespace: string) => queryOptions({
  queryKey: eventKeys.list(namespace),
  queryFn: async ({ signal }) => (await events.list(namespace, { signal })).items
    .map((e): NamespaceEvent => ({
      name: e.metadata.name ?? '',
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      kind: e.involvedObject.kind ?? '',
      object: e.involvedObject.name ?? '',
      message: e.message ?? '',
      count: e.count ?? 1,
      last: e.lastTimestamp ?? e.metadata.creationTimestamp ?? '',
      source: String((e.source as { component?: string } | undefined)?.component ?? e.reportingComponent ?? ''),
    }))
    .sort((a, b) => b.last.localeCompare(a.last)),
  refetchInterval: 5000,
});

/** useNamespaceEvents reads the events of `namespace`. */
export const useNamespaceEvents = (namespace: string) => useQuery(getEventsQueryOptions(namespace));
