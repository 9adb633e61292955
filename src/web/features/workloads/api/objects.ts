import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { configMapSchema, eventSchema, podSchema, serviceSchema } from '../../../../shared/api/core';
import { findResource, toPath } from '../../../../shared/api/resources';
import { deploymentSchema, endpointSliceSchema, jobSchema, replicaSetSchema } from '../../../../shared/api/workloads';
import { apiRequest } from '../../../lib/api-client';
import { parseLenient, parseList, type ObjectList } from '../../../lib/parse';
import { useListWatch } from '../../../lib/use-list-watch';
import { workloadKeys } from './keys';

// Every workload view reads lists the same way: list, then watch from the list's resourceVersion
// (lib/use-list-watch), so READY counts, new ReplicaSets, pods and events change on screen by
// themselves. A detail page reads a list of at most one (`fieldSelector=metadata.name=<name>`), so a
// deletion shows as "not found" rather than an error.

const kind = <S extends z.ZodType>(group: string, resource: string, schema: S) => ({ descriptor: findResource(group, resource)!, schema });

/** KINDS are the resources the workload views read, with the shared schema each is parsed with. */
export const KINDS = {
  deployments: kind('apps', 'deployments', deploymentSchema),
  replicasets: kind('apps', 'replicasets', replicaSetSchema),
  jobs: kind('batch', 'jobs', jobSchema),
  services: kind('', 'services', serviceSchema),
  endpointslices: kind('discovery.k8s.io', 'endpointslices', endpointSliceSchema),
  configmaps: kind('', 'configmaps', configMapSchema),
  pods: kind('', 'pods', podSchema),
  events: kind('', 'events', eventSchema),
};

/** schemaOf is a kind's schema, typed by its kind (TypeScript cannot narrow the table's union by a generic key). */
const schemaOf = <K extends KindName>(k: K) => KINDS[k].schema as unknown as z.ZodType<ObjectOf<K>>;

/** KindName names one of KINDS. */
export type KindName = keyof typeof KINDS;
/** ObjectOf is the parsed type of one of KINDS. */
export type ObjectOf<K extends KindName> = z.infer<(typeof KINDS)[K]['schema']>;

/** Selector narrows a list: `labelSelector` and/or `fieldSelector`, as the API takes them. */
export interface Selector { label?: string; field?: string }

/** collectionPath is a kind's collection in `namespace`, with the selector as query parameters. */
export function collectionPath(k: KindName, namespace: string, sel: Selector = {}): string {
  const q = new URLSearchParams();
  if (sel.label) q.set('labelSelector', sel.label);
  if (sel.field) q.set('fieldSelector', sel.field);
  const qs = q.toString();
  return `${toPath(KINDS[k].descriptor, namespace)}${qs ? `?${qs}` : ''}`;
}

/** objectPath is one object's URL (for writes and subresources, e.g. `scale`). */
export function objectPath(k: KindName, namespace: string, name: string, subresource?: string): string {
  return toPath(KINDS[k].descriptor, namespace, name, subresource);
}

/** listQueryOptions never go stale on their own: useLiveList's watch keeps them current. */
export const listQueryOptions = <K extends KindName>(k: K, namespace: string, sel: Selector = {}) => queryOptions({
  queryKey: workloadKeys.list(k, namespace, `${sel.label ?? ''}|${sel.field ?? ''}`),
  queryFn: ({ signal }) => apiRequest(collectionPath(k, namespace, sel), { signal, parse: (body) => parseList(schemaOf(k), body) }) as Promise<ObjectList<ObjectOf<K>>>,
  staleTime: Infinity,
  refetchOnWindowFocus: false,
});

/** useLiveList reads a list and follows it with a watch once it has loaded; `enabled: false` reads nothing. */
export function useLiveList<K extends KindName>(k: K, namespace: string, sel: Selector = {}, enabled = true) {
  const options = listQueryOptions(k, namespace, sel);
  const query = useQuery({ ...options, enabled });
  const watch = useListWatch({
    list: options, path: collectionPath(k, namespace, sel), enabled: enabled && query.data !== undefined,
    parse: (raw) => parseLenient(schemaOf(k), raw)?.data as any,
  });
  return { query, watch };
}

/** byName is the selector of one object (a detail page's list of at most one). */
export const byName = (name: string): Selector => ({ field: `metadata.name=${name}` });

/** eventsAbout is the selector of the events about the object of `kind` named `name`. */
export const eventsAbout = (kindName: string, name: string): Selector => ({ field: `involvedObject.kind=${kindName},involvedObject.name=${name}` });
