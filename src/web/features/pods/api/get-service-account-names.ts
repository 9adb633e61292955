import { queryOptions, useQuery } from '@tanstack/react-query';
import { serviceAccountSchema } from '../../../../shared/api/core';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { podKeys } from './keys';

const serviceAccounts = findResource('', 'serviceaccounts')!;

/**
 * getServiceAccountNames lists the service accounts a pod in `namespace` could run as, sorted, always
 * including `default` (which every namespace has in Kubernetes). Someone who may not list them gets
 * just `default`.
 */
export async function getServiceAccountNames(namespace: string, signal?: AbortSignal): Promise<string[]> {
  let names: string[] = [];
  try {
    names = await apiRequest(toPath(serviceAccounts, namespace), {
      signal, parse: (b) => parseList(serviceAccountSchema, b).items.map((s) => s.metadata.name ?? '').filter(Boolean),
    });
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
