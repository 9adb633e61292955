import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { podSchema, type Pod } from '../../../../shared/api/core';
import { findResource, toPath } from '../../../../shared/api/resources';
import { secretSummarySchema, securityProfileSchema, type SecurityProfile } from '../../../../shared/api/security';
import { apiRequest } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { serviceAccountGroups, serviceAccountUser } from '../../../utils/subjects';
import { serviceAccountKeys } from './keys';

// What a service account may use: each security profile and each secret of its namespace is one
// LocalSubjectAccessReview for verb `use` as the service account (its username and groups), the same
// question admission asks when a pod runs as it. Secrets are named from secret summaries: the console
// never reads a secret's value.

const reviewSchema = z.looseObject({ status: z.looseObject({ allowed: z.boolean() }).optional() });

/** Usable is one profile or secret and whether the service account may use it. */
export interface Usable<T = undefined> { name: string; allowed: boolean; item: T }

/** ServiceAccountUsage is what one service account may use; undefined lists could not be read by the caller. */
export interface ServiceAccountUsage {
  profiles?: Usable<SecurityProfile>[];
  secrets?: Usable[];
}

/** mayUse asks whether the service account may `use` the named object (LocalSubjectAccessReview). */
export async function mayUse(namespace: string, sa: string, group: string, resource: string, name: string, signal?: AbortSignal): Promise<boolean> {
  const r = await apiRequest(toPath(findResource('authorization.k8s.io', 'localsubjectaccessreviews')!, namespace), {
    method: 'POST', signal,
    body: {
      apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace },
      spec: { user: serviceAccountUser(namespace, sa), groups: serviceAccountGroups(namespace), resourceAttributes: { namespace, verb: 'use', group, resource, name } },
    },
    parse: (v) => reviewSchema.parse(v),
  });
  return r.status?.allowed === true;
}

/**
 * UsageAccess is what the reader may ask (from the permission hooks): LocalSubjectAccessReviews in the
 * namespace, the security profiles, the namespace's secret summaries. Nothing they may not is asked.
 */
export interface UsageAccess { review: boolean; profiles: boolean; secrets: boolean }

/** getServiceAccountUsage checks every profile and every secret of the namespace (those the reader may list) for `sa`. */
export async function getServiceAccountUsage(namespace: string, sa: string, access: UsageAccess, signal?: AbortSignal): Promise<ServiceAccountUsage> {
  const [profiles, secrets] = await Promise.all([
    access.profiles ? apiRequest(toPath(findResource('security.gatehouse.dev', 'securityprofiles')!), { signal, parse: (b) => parseList(securityProfileSchema, b).items }) : undefined,
    access.secrets ? apiRequest(toPath(findResource('security.gatehouse.dev', 'secretsummaries')!, namespace), { signal, parse: (b) => parseList(secretSummarySchema, b).items.map((s) => s.metadata.name ?? '') }) : undefined,
  ]);
  const check = (group: string, resource: string) => async (name: string) => mayUse(namespace, sa, group, resource, name, signal);
  const [p, s] = await Promise.all([
    profiles ? Promise.all(profiles.map(async (item) => ({ name: item.metadata.name ?? '', item, allowed: await check('security.gatehouse.dev', 'securityprofiles')(item.metadata.name ?? '') }))) : undefined,
    secrets ? Promise.all(secrets.filter(Boolean).map(async (name) => ({ name, item: undefined, allowed: await check('', 'secrets')(name) }))) : undefined,
  ]);
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  return { profiles: p?.sort(byName), secrets: s?.sort(byName) };
}

/**
 * useServiceAccountUsage reads which profiles and secrets `sa` may use; it waits for `access` (undefined
 * while being checked) and asks nothing when the reader may not review access here.
 */
export const useServiceAccountUsage = (namespace: string, sa: string, access: UsageAccess | undefined) => useQuery({
  queryKey: serviceAccountKeys.usage(namespace, sa, access ? `${access.profiles}/${access.secrets}` : ''),
  queryFn: ({ signal }) => getServiceAccountUsage(namespace, sa, access!, signal),
  enabled: !!access?.review,
});

/** usePodsRunningAs lists the pods of `namespace` whose spec.serviceAccountName is `sa` (a field selector). */
export const usePodsRunningAs = (namespace: string, sa: string) => useQuery({
  queryKey: serviceAccountKeys.pods(namespace, sa),
  queryFn: ({ signal }): Promise<Pod[]> => apiRequest(toPath(findResource('', 'pods')!, namespace), {
    signal, query: { fieldSelector: `spec.serviceAccountName=${sa}` }, parse: (b) => parseList(podSchema, b).items,
  }),
  refetchInterval: 15_000,
});
