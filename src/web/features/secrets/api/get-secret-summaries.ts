import { queryOptions, useQuery } from '@tanstack/react-query';
import { findResource, toPath } from '../../../../shared/api/resources';
import { secretSummarySchema, type SecretSummary } from '../../../../shared/api/security';
import { apiRequest } from '../../../lib/api-client';
import { parseLenient, parseList, type ObjectList } from '../../../lib/parse';
import { useListWatch, type WatchState } from '../../../lib/use-list-watch';
import { secretKeys } from './keys';

// Secrets are read only as SecretSummaries (security.gatehouse.dev/v1): name, type, keys, creator and
// mounting pods, never a value. The console never requests /api/v1/.../secrets (DESIGN "Secrets").

/** secretSummaries is the shared descriptor the summary URLs are built from. */
export const secretSummaries = findResource('security.gatehouse.dev', 'secretsummaries')!;

/** getSecretSummaries lists the secret summaries of `namespace`. */
export function getSecretSummaries(namespace: string, signal?: AbortSignal): Promise<ObjectList<SecretSummary>> {
  return apiRequest(toPath(secretSummaries, namespace), { signal, parse: (body) => parseList(secretSummarySchema, body) });
}

/** getSecretSummariesQueryOptions: kept current by useSecretSummariesWatch where a view shows them live. */
export const getSecretSummariesQueryOptions = (namespace: string) => queryOptions({
  queryKey: secretKeys.list(namespace),
  queryFn: ({ signal }) => getSecretSummaries(namespace, signal),
  staleTime: 10_000,
});

/** useSecretSummaries reads the secret summaries of `namespace` (disabled for an empty namespace). */
export const useSecretSummaries = (namespace: string) => useQuery({ ...getSecretSummariesQueryOptions(namespace), enabled: namespace !== '' });

const parseSummary = (raw: unknown): SecretSummary | undefined => parseLenient(secretSummarySchema, raw)?.data;

/** useSecretSummariesWatch follows the summaries (new secrets, new keys, pods mounting them) once `enabled`. */
export function useSecretSummariesWatch(namespace: string, enabled: boolean): WatchState {
  return useListWatch({ list: getSecretSummariesQueryOptions(namespace), path: toPath(secretSummaries, namespace), parse: parseSummary, enabled });
}
