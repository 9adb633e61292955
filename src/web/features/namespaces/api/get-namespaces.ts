import { queryOptions, useQuery } from '@tanstack/react-query';
import { namespaceSchema } from '../../../../shared/api/core';
import { findResource, toPath, type ResourceDescriptor } from '../../../../shared/api/resources';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { namespaceKeys } from './keys';

// A project (project.gatehouse.dev/v1, like an OpenShift Project) is the caller's view of a namespace:
// the API lists only those the caller can use. Its object has a Namespace's shape, so the shared
// namespace schema parses it. Older servers lack the group (404); then all namespaces are listed.
const projects: Pick<ResourceDescriptor, 'group' | 'version' | 'resource' | 'namespaced'> = findResource('project.gatehouse.dev', 'projects')
  ?? { group: 'project.gatehouse.dev', version: 'v1', resource: 'projects', namespaced: false };
const namespaces = findResource('', 'namespaces')!;

/**
 * getNamespaces returns the sorted names of the namespaces the caller can use: projects, else (404)
 * namespaces. Someone who may list neither (403) gets an empty list; the namespace in the URL still works.
 */
export async function getNamespaces(signal?: AbortSignal): Promise<string[]> {
  const names = (body: unknown) => parseList(namespaceSchema, body).items.map((n) => n.metadata.name ?? '').filter(Boolean).sort();
  try {
    return await apiRequest(toPath(projects), { signal, parse: names });
  } catch (err) {
    if (isApiError(err, 403)) return [];
    if (!isApiError(err, 404)) throw err;
  }
  try {
    return await apiRequest(toPath(namespaces), { signal, parse: names });
  } catch (err) {
    if (isApiError(err, 403)) return [];
    throw err;
  }
}

/** getNamespacesQueryOptions refreshes every 30 s and on focus like permissions do, since both follow bindings. */
export const getNamespacesQueryOptions = () => queryOptions({
  queryKey: namespaceKeys.list(),
  queryFn: ({ signal }) => getNamespaces(signal),
  staleTime: 5_000,
  refetchInterval: 30_000,
  refetchOnWindowFocus: 'always',
});

/** useNamespaces reads the namespaces the caller can use. */
export const useNamespaces = () => useQuery(getNamespacesQueryOptions());

/** preferredNamespace picks where to land: `default` if the caller has it, else the first one. */
export function preferredNamespace(names: readonly string[]): string | undefined {
  return names.includes('default') ? 'default' : names[0];
}
