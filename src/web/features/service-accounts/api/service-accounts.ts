import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { serviceAccountSchema } from '../../../../shared/api/core';
import { toPath } from '../../../../shared/api/resources';
import { resources } from '../../../lib/resources';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountKeys } from './keys';
import { invalidateResource } from '../../../lib/resource-keys';

/** ServiceAccount is core/v1 ServiceAccount, as the shared schema reads it. */
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;

/** serviceAccounts is the service-account resource (lib/resources.ts) the URLs are built from. */
export const serviceAccounts = resources.serviceAccounts;

/** getServiceAccountsQueryOptions: refreshed by the create and delete mutations. */
export const getServiceAccountsQueryOptions = (namespace: string) => queryOptions({
  queryKey: serviceAccountKeys.list(namespace),
  queryFn: ({ signal }) => serviceAccounts.listItems(namespace, { signal }),
});

/** useServiceAccounts reads the service accounts of `namespace`. */
export const useServiceAccounts = (namespace: string) => useQuery(getServiceAccountsQueryOptions(namespace));

/** IssuedToken is a TokenRequest's answer: the token and when it expires. */
export interface IssuedToken { token: string; expires: string }

/** issueToken asks for a token of `name` valid `seconds` (a TokenRequest); the answer is never cached. */
export async function issueToken(namespace: string, name: string, seconds: number): Promise<IssuedToken> {
  const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: seconds } };
  const out = await apiRequest<{ status?: { token?: string; expirationTimestamp?: string } }>(`${toPath(serviceAccounts, namespace, name)}/token`, { method: 'POST', body });
  if (!out?.status?.token) throw new Error('The server issued no token.');
  return { token: out.status.token, expires: out.status.expirationTimestamp ?? '' };
}

/** useCreateServiceAccount creates a service account named `name`. */
export function useCreateServiceAccount(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest(toPath(serviceAccounts, namespace), { method: 'POST', body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } } }),
    // Every view of service accounts: this page, the pod form's picker, the members' subject picker.
    onSuccess: () => invalidateResource(queryClient, serviceAccounts, namespace),
  });
}

/** useDeleteServiceAccount deletes a service account (its tokens stop working; pods using it keep running). */
export function useDeleteServiceAccount(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest(toPath(serviceAccounts, namespace, name), { method: 'DELETE' }),
    onSuccess: (_r, name) => {
      void invalidateResource(queryClient, serviceAccounts, namespace);
      queryClient.removeQueries({ queryKey: serviceAccountKeys.usage(namespace, name) });
    },
  });
}
