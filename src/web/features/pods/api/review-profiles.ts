import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { securityProfileReviewSchema, type SecurityProfileReview } from '../../../../shared/api/security';
import { findResource, toPath } from '../../../../shared/api/resources';
import { ApiError, apiRequest } from '../../../lib/api-client';
import { parseLenient } from '../../../lib/parse';
import { profileReviewKeys } from './keys';

/** ProfileVerdict is one profile's answer for the reviewed spec (see SecurityProfileReview status). */
export type ProfileVerdict = NonNullable<SecurityProfileReview['status']>['profiles'][number];
/** ReviewResult is the review's status: every profile usable here, and the one admission would pick. */
export type ReviewResult = NonNullable<SecurityProfileReview['status']>;

const reviews = findResource('security.gatehouse.dev', 'securityprofilereviews')!;

/**
 * reviewProfiles asks which profiles the caller or service account `serviceAccountName` may use in
 * `namespace`, and for each whether `spec` passes, why not, and the spec admission would store.
 */
export async function reviewProfiles(namespace: string, spec: unknown, serviceAccountName: string, signal?: AbortSignal): Promise<ReviewResult> {
  const body = {
    apiVersion: 'security.gatehouse.dev/v1', kind: 'SecurityProfileReview',
    spec: { template: { spec }, ...(serviceAccountName ? { serviceAccountName } : {}) },
  };
  return apiRequest(toPath(reviews, namespace), {
    method: 'POST', body, signal,
    parse: (v) => {
      const r = parseLenient(securityProfileReviewSchema, v)?.data;
      if (!r?.status) throw new ApiError({ status: 200, reason: 'InvalidResponse', message: 'The server sent a profile review the console could not read.' });
      return r.status;
    },
  });
}

/** getProfileReviewQueryOptions caches one review per (spec, service account) for a minute: going back to an earlier spec is instant. */
export const getProfileReviewQueryOptions = (namespace: string, spec: unknown, serviceAccountName: string) => {
  const specJson = JSON.stringify(spec ?? null);
  return queryOptions({
    queryKey: profileReviewKeys.review(namespace, specJson, serviceAccountName),
    queryFn: ({ signal }) => reviewProfiles(namespace, JSON.parse(specJson), serviceAccountName, signal),
    staleTime: 60_000,
  });
};

/**
 * useProfileReview reviews `spec` (pass a debounced, valid spec; undefined pauses). While a new review
 * loads, the previous answer stays on screen (`isPlaceholderData`).
 */
export function useProfileReview(namespace: string, spec: unknown, serviceAccountName: string) {
  return useQuery({ ...getProfileReviewQueryOptions(namespace, spec, serviceAccountName), enabled: spec !== undefined, placeholderData: keepPreviousData });
}
