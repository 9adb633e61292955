import { queryOptions, useQuery } from '@tanstack/react-query';
import { liveListQueryOptions, useResourceWatch, type WatchState } from '../../../lib/resource-api';
import { resources } from '../../../lib/resources';
import { secretKeys } from './keys';

// Secrets are read only as SecretSummaries (security.gatehouse.dev/v1): name, type, keys, creator and
// mounting pods, never a value. The console never requests /api/v1/.../secrets (DESIGN "Secrets").

/** secretSummaries is the summary resource (lib/resources.ts) the URLs are built from. */
export const secretSummaries = resources.secretSummaries;

/** getSecretSummariesQueryOptions: kept current by useSecretSummariesWatch where a view shows them live, else re-read after 10 s. */
export const getSecretSummariesQueryOptions = (namespace: string) => queryOptions({
  ...liveListQueryOptions(secretSummaries, namespace, { key: secretKeys.list(namespace) }),
  staleTime: 10_000,
  refetchOnWindowFocus: true,
});

/** useSecretSummaries reads the secret summaries of `namespace` (disabled for an empty namespace). */
export const useSecretSummaries = (namespace: string) => useQuery({ ...getSecretSummariesQueryOptions(namespace), enabled: namespace !== '' });

/** useSecretSummariesWatch follows the summaries (new secrets, new keys, pods mounting them) once `enabled`. */
export function useSecretSummariesWatch(namespace: string, enabled: boolean): WatchState {
  return useResourceWatch(secretSummaries, namespace, getSecretSummariesQueryOptions(namespace), enabled);
}
