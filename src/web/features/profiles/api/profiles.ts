import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toPath } from '../../../../shared/api/resources';
import { IMPACT_WARNING_PREFIX, type SecurityProfile } from '../../../../shared/api/security';
import { apiFetch } from '../../../lib/api-client';
import { parseWarnings } from '../../../lib/warnings';
import { profileKeys } from './keys';
import { invalidateResource, resource } from '../../../lib/resource-keys';
import { compareByName } from '../../../lib/resource-api';
import { resources } from '../../../lib/resources';

/** securityProfiles is the profile resource (lib/resources.ts) the URLs are built from (cluster-scoped). */
export const securityProfiles = resources.securityProfiles;

/** getProfilesQueryOptions lists every security profile, by priority (highest first) then name. */
export const getProfilesQueryOptions = () => queryOptions({
  queryKey: profileKeys.list(),
  queryFn: async ({ signal }) => (await securityProfiles.listItems(undefined, { signal })).sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || compareByName(a, b)),
});

/** useProfiles reads every security profile. */
export const useProfiles = () => useQuery(getProfilesQueryOptions());

/** useProfile reads one profile (disabled for a new one). */
export const useProfile = (name: string | undefined) => useQuery({
  queryKey: profileKeys.detail(name ?? ''),
  queryFn: ({ signal }) => securityProfiles.get(undefined, name ?? '', signal),
  enabled: !!name,
});

/** SaveResult is the profile as the server stored it (or would, on a dry run) and its warnings. */
export interface SaveResult { profile: SecurityProfile; warnings: string[] }

/**
 * saveProfile creates (`isNew`) or replaces a profile; a replace carries the resourceVersion read, so a
 * concurrent edit is a 409. With `dryRun` nothing is stored, but the server's warnings still come back:
 * among them, whose automatic profile choice the write would change.
 */
export async function saveProfile(v: { profile: SecurityProfile; isNew: boolean; dryRun?: boolean }): Promise<SaveResult> {
  const body = { ...v.profile, apiVersion: 'security.gatehouse.dev/v1', kind: 'SecurityProfile' };
  const query = { dryRun: v.dryRun ? 'All' : undefined };
  const res = v.isNew
    ? await apiFetch(toPath(securityProfiles), { method: 'POST', body, query })
    : await apiFetch(toPath(securityProfiles, undefined, v.profile.metadata.name), { method: 'PUT', body, query });
  return { profile: securityProfiles.read(await res.json()), warnings: parseWarnings(res.headers.get('Warning')) };
}

/** impactOf keeps the warnings that say whose automatic profile choice changes, without their prefix. */
export const impactOf = (warnings: string[]): string[] =>
  warnings.filter((w) => w.startsWith(IMPACT_WARNING_PREFIX)).map((w) => w.slice(IMPACT_WARNING_PREFIX.length));

/** useSaveProfile saves (or, with dryRun, previews) a profile; a real save refreshes the cached profiles. */
export function useSaveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveProfile,
    onSuccess: (saved, v) => {
      if (v.dryRun) return;
      queryClient.setQueryData(profileKeys.detail(saved.profile.metadata.name ?? ''), saved.profile);
      return invalidateResource(queryClient, resource('security.gatehouse.dev', 'securityprofiles'));
    },
  });
}
