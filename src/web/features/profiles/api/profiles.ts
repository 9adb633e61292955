import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { findResource, toPath } from '../../../../shared/api/resources';
import { securityProfileSchema, type SecurityProfile } from '../../../../shared/api/security';
import { apiRequest } from '../../../lib/api-client';
import { parseLenient, parseList } from '../../../lib/parse';
import { profileKeys } from './keys';

/** securityProfiles is the shared descriptor the URLs are built from (cluster-scoped). */
export const securityProfiles = findResource('security.gatehouse.dev', 'securityprofiles')!;

const parseProfile = (v: unknown): SecurityProfile => {
  const p = parseLenient(securityProfileSchema, v);
  if (!p) throw new Error('The server sent a security profile the console could not read.');
  return p.data;
};

/** getProfilesQueryOptions lists every security profile, by priority (highest first) then name. */
export const getProfilesQueryOptions = () => queryOptions({
  queryKey: profileKeys.list(),
  queryFn: async ({ signal }) => (await apiRequest(toPath(securityProfiles), { signal, parse: (b) => parseList(securityProfileSchema, b).items }))
    .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')),
});

/** useProfiles reads every security profile. */
export const useProfiles = () => useQuery(getProfilesQueryOptions());

/** useProfile reads one profile (disabled for a new one). */
export const useProfile = (name: string | undefined) => useQuery({
  queryKey: profileKeys.detail(name ?? ''),
  queryFn: ({ signal }) => apiRequest(toPath(securityProfiles, undefined, name), { signal, parse: parseProfile }),
  enabled: !!name,
});

/** useSaveProfile creates (`isNew`) or replaces a profile; a replace carries the resourceVersion read, so a concurrent edit is a 409. */
export function useSaveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { profile: SecurityProfile; isNew: boolean }) => {
      const body = { ...v.profile, apiVersion: 'security.gatehouse.dev/v1', kind: 'SecurityProfile' };
      return v.isNew
        ? apiRequest(toPath(securityProfiles), { method: 'POST', body, parse: parseProfile })
        : apiRequest(toPath(securityProfiles, undefined, v.profile.metadata.name), { method: 'PUT', body, parse: parseProfile });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(profileKeys.detail(saved.metadata.name ?? ''), saved);
      return queryClient.invalidateQueries({ queryKey: profileKeys.list() });
    },
  });
}
