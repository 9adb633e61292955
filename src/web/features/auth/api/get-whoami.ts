import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { authKeys } from './keys';

// SelfSubjectReview (`kubectl auth whoami`). src/shared has no response schema for it yet, so the
// fields the console reads are described here, loosely.
const selfSubjectReviewSchema = z.looseObject({
  status: z.looseObject({
    userInfo: z.looseObject({ username: z.string(), uid: z.string().optional(), groups: z.array(z.string()).nullable().optional() }),
  }),
});

/** Whoami is the signed-in identity as the API sees it. */
export interface Whoami { username: string; groups: string[] }

const selfSubjectReviews = findResource('authentication.k8s.io', 'selfsubjectreviews')!;

/**
 * getWhoami asks the API who the caller is; a 401 means nobody is signed in. During "view as" that
 * is the viewed user, unless `asSelf` asks for the signed-in person.
 */
export async function getWhoami(signal?: AbortSignal, asSelf = false): Promise<Whoami> {
  const review = await apiRequest(toPath(selfSubjectReviews), {
    method: 'POST',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    signal,
    asSelf,
    parse: (v) => selfSubjectReviewSchema.parse(v),
  });
  const u = review.status.userInfo;
  return { username: u.username, groups: u.groups ?? [] };
}

/** getWhoamiQueryOptions caches the identity for 5 minutes (it changes only by signing in or out, which clears the cache). */
export const getWhoamiQueryOptions = () => queryOptions({
  queryKey: authKeys.whoami(),
  queryFn: ({ signal }) => getWhoami(signal),
  staleTime: 5 * 60_000,
});

/** useWhoami reads the signed-in identity. */
export const useWhoami = () => useQuery(getWhoamiQueryOptions());

/** useSignedInUser reads who is signed in, even during "view as" (whoami then names the viewed user). */
export const useSignedInUser = () => useQuery({
  queryKey: authKeys.signedIn(),
  queryFn: ({ signal }) => getWhoami(signal, true),
  staleTime: 5 * 60_000,
});
