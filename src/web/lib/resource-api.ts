import { queryOptions, useQuery, type QueryKey } from '@tanstack/react-query';
import type { z } from 'zod';
import { toPath, type ResourceDescriptor } from '../../shared/api/resources';
import { apiRequest } from './api-client';
import { parseLenient, parseList, type ObjectList } from './parse';
import { resource, resourceKeys } from './resource-keys';
import { useListWatch, type ListQuery, type WatchState } from './use-list-watch';

export type { WatchState };

// One web descriptor per resource (Headlamp's KubeObject statics): the shared descriptor from
// src/shared/api/resources.ts plus the zod schema its objects are parsed with. URLs, query keys, the
// list fetcher and the list-then-watch hook all come from it, so every feature reads a resource the
// same way and caches it under the resource's keys (lib/resource-keys.ts): any write, wherever it is
// made, refreshes every view of it.

/** Selector narrows a list: `labelSelector` and/or `fieldSelector`, as the API takes them. */
export interface Selector { label?: string; field?: string }

/** byName is the selector of one object: a detail view reads a list of at most one, so a deletion shows as "not found". */
export const byName = (name: string): Selector => ({ field: `metadata.name=${name}` });

type Named = { metadata: { name?: string } };

/** compareByName orders objects by name (the order every list view starts in). */
export const compareByName = (a: Named, b: Named) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

/**
 * ResourceApi is one resource as the web reads it: its shared descriptor (so it can stand wherever a
 * descriptor does: toPath, invalidateResource) with a typed schema and the readers built on them.
 * Build it with defineResource.
 */
export interface ResourceApi<T> extends Omit<ResourceDescriptor, 'schema'> {
  schema: z.ZodType<T>;
  /** keys are the resource's query keys (`all`, `list(ns)`, `detail(ns, name)`, `view(ns, ...)`). */
  keys: ReturnType<typeof resourceKeys>;
  /** path is an object's URL (or the collection's without `name`), as kubectl builds it. */
  path: (namespace?: string, name?: string, subresource?: string) => string;
  /** collectionPath is the collection in `namespace` (every namespace when empty), narrowed by `selector`. */
  collectionPath: (namespace?: string, selector?: Selector) => string;
  /** parse reads one object leniently (lib/parse.ts); undefined when it is not an object with a name. */
  parse: (raw: unknown) => T | undefined;
  /** read parses one object from an answer (a write's, a get's); one that is not an object of this kind is an Error naming it. */
  read: (raw: unknown) => T;
  /** list fetches the collection, each item parsed leniently. */
  list: (namespace?: string, opts?: { signal?: AbortSignal; selector?: Selector }) => Promise<ObjectList<T>>;
  /** listItems fetches the collection's items, sorted by name. */
  listItems: (namespace?: string, opts?: { signal?: AbortSignal; selector?: Selector }) => Promise<T[]>;
  /** get fetches one object; an answer that is not one is an Error naming the kind. */
  get: (namespace: string | undefined, name: string, signal?: AbortSignal) => Promise<T>;
}

/**
 * defineResource builds the web descriptor of `group`/`plural` (which must be in the shared table: a
 * misspelt name throws at load) whose objects `schema` parses.
 */
export function defineResource<S extends z.ZodType>(group: string, plural: string, schema: S): ResourceApi<z.infer<S>> {
  type T = z.infer<S>;
  const descriptor = resource(group, plural);
  const typed = schema as unknown as z.ZodType<T>;
  const parse = (raw: unknown): T | undefined => parseLenient(typed, raw)?.data;
  const read = (raw: unknown): T => {
    const o = parse(raw);
    if (!o) throw new Error(`The server sent a ${descriptor.kind} the console could not read.`);
    return o;
  };
  const path = (namespace?: string, name?: string, subresource?: string) => toPath(descriptor, namespace || undefined, name, subresource);
  const collectionPath = (namespace?: string, selector: Selector = {}) => {
    const q = new URLSearchParams();
    if (selector.label) q.set('labelSelector', selector.label);
    if (selector.field) q.set('fieldSelector', selector.field);
    const qs = q.toString();
    return `${path(namespace)}${qs ? `?${qs}` : ''}`;
  };
  return {
    ...descriptor, schema: typed, keys: resourceKeys(descriptor), path, collectionPath, parse,
    list: (namespace, opts = {}) => apiRequest(collectionPath(namespace, opts.selector), { signal: opts.signal, parse: (body) => parseList(typed, body) }),
    listItems: async (namespace, opts = {}) => (await apiRequest(collectionPath(namespace, opts.selector), { signal: opts.signal, parse: (body) => parseList(typed, body) })).items.sort((a, b) => compareByName(a as Named, b as Named)),
    read,
    get: (namespace, name, signal) => apiRequest(path(namespace, name), { signal, parse: read }),
  };
}

/** LiveListOptions: `selector` narrows the list; `key` overrides the default `list(ns, selector)` key (a named view). */
export interface LiveListOptions { selector?: Selector; key?: QueryKey }

const selectorKey = (s: Selector | undefined) => (s?.label || s?.field ? [`${s.label ?? ''}|${s.field ?? ''}`] : []);

/**
 * liveListQueryOptions read a list that never goes stale on its own: a watch (useLiveList) keeps the
 * cached list current, and relists when the server says the list is too old to follow.
 */
export function liveListQueryOptions<T>(api: ResourceApi<T>, namespace: string, opts: LiveListOptions = {}) {
  return queryOptions({
    queryKey: opts.key ?? api.keys.list(namespace, ...selectorKey(opts.selector)),
    queryFn: ({ signal }) => api.list(namespace, { signal, selector: opts.selector }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/**
 * useResourceWatch keeps the cached list `list` of `api` in `namespace` current (see useListWatch) once
 * `enabled` (pass "the list has loaded": a failed background relist keeps the last list on screen and
 * the watch retrying).
 */
export function useResourceWatch<T extends Named>(
  api: ResourceApi<T>, namespace: string, list: ListQuery, enabled: boolean, selector?: Selector,
): WatchState {
  return useListWatch({ list, path: api.collectionPath(namespace, selector), parse: api.parse, enabled });
}

/** useLiveList reads a list of `api` and follows it with a watch once it has loaded; `enabled: false` reads nothing. */
export function useLiveList<T extends Named>(api: ResourceApi<T>, namespace: string, opts: LiveListOptions & { enabled?: boolean } = {}) {
  const enabled = opts.enabled ?? true;
  const options = liveListQueryOptions(api, namespace, opts);
  const query = useQuery({ ...options, enabled });
  const watch = useResourceWatch(api, namespace, options, enabled && query.data !== undefined, opts.selector);
  return { query, watch };
}
