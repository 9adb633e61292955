import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { serviceAccountSchema } from '../../../../shared/api/core';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { serviceAccountKeys } from './keys';

/** ServiceAccount is core/v1 ServiceAccount, as the shared schema reads it. */
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;

/** serviceAccounts is the shared descriptor the URLs are built from. */
export const serviceAccounts = findResource('', 'serviceaccounts')!;

/** getServiceAccounts lists the service accounts of `namespace`, sorted by name. */
export async function getServiceAccounts(namespace: string, signal?: AbortSignal): Promise<ServiceAccount[]> {
  const list = await apiRequest(toPath(serviceAccounts, namespace), { signal, parse: (b) => parseList(serviceAccountSchema, b).items });
  return list.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

/** getServiceAccountsQueryOptions: refreshed by the create and delete mutations. */
export const getServiceAccountsQueryOptions = (namespace: string) => queryOptions({
  queryKey: serviceAccountKeys.list(namespace),
  queryFn: ({ signal }) => getServiceAccounts(namespace, signal),
});

/** useServiceAccounts reads the service accounts of `namespace`. */
export const useServiceAccounts = (namespace: string) => useQuery(getServiceAccountsQueryOptions(namespace));

/** useCreateServiceAccount creates a service account named `name`. */
export function useCreateServiceAccount(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest(toPath(serviceAccounts, namespace), { method: 'POST', body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceAccountKeys.list(namespace) }),
  });
}

/** useDeleteServiceAccount deletes a service account (its tokens stop working; pods using it keep running). */
export function useDeleteServiceAccount(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest(toPath(serviceAccounts, namespace, name), { method: 'DELETE' }),
    onSuccess: (_r, name) => {
      void queryClient.invalidateQueries({ queryKey: serviceAccountKeys.list(namespace) });
      queryClient.removeQueries({ queryKey: serviceAccountKeys.usage(namespace, name) });
    },
  });
}
