import { queryOptions, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../lib/api-client';
import { resources } from '../../../lib/resources';
import { podKeys } from './keys';

/**
 * getServiceAccountNames lists the service accounts a pod in `namespace` could run as, sorted, always
 * including `default` (which every namespace has in Kubernetes). Someone who may not list them gets
 * just `default`.
 */
export async function getServiceAccountNames(namespace: string, signal?: AbortSignal): Promise<string[]> {
  let names: string[] = [];
  try {
    names = (await resources.serviceAccounts.list(namespace, { signal })).items.map((s) => s.metadata.name ?? '').filter(Boolean);
  } catch (err) {
    if (!isApiError(err, 403)) throw err;
  }
  return [...new Set(['default', ...names])].sort();
}

/** getServiceAccountNamesQueryOptions: service accounts change rarely; re-read after 30 s. */
export const getServiceAccountNamesQueryOptions = (namespace: string) => queryOptions({
  queryKey: podKeys.serviceAccountNames(namespace),
  queryFn: ({ signal }) => getServiceAccountNames(namespace, signal),
  staleTime: 30_000,
});

/** useServiceAccountNames reads the names a pod in `namespace` may run as. */
export const useServiceAccountNames = (namespace: string) => useQuery(getServiceAccountNamesQueryOptions(namespace));
