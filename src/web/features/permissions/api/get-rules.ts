import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import type { ResourceRule } from '../../../../shared/api/reviews';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { can, type Permission } from '../../../lib/authz';
import { permissionKeys, PERMISSIONS_FRESHNESS } from './keys';

const names = z.array(z.string()).nullable().optional().transform((v) => v ?? []);
const rulesReviewResponseSchema = z.looseObject({
  status: z.looseObject({
    resourceRules: z.array(z.looseObject({ verbs: names, apiGroups: names, resources: names, resourceNames: names })).nullable().optional(),
    incomplete: z.boolean().optional(),
  }),
});

const selfSubjectRulesReviews = findResource('authorization.k8s.io', 'selfsubjectrulesreviews')!;

/** getRules asks the API which resource rules apply to the caller in `namespace` (SelfSubjectRulesReview). */
export async function getRules(namespace: string, signal?: AbortSignal): Promise<ResourceRule[]> {
  const review = await apiRequest(toPath(selfSubjectRulesReviews), {
    method: 'POST',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
    signal,
    parse: (v) => rulesReviewResponseSchema.parse(v),
  });
  return (review.status.resourceRules ?? []).map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames }));
}

/** getRulesQueryOptions re-reads the rules every 30 s and whenever the window regains focus. */
export const getRulesQueryOptions = (namespace: string) => queryOptions({
  queryKey: permissionKeys.rules(namespace),
  queryFn: ({ signal }) => getRules(namespace, signal),
  ...PERMISSIONS_FRESHNESS,
});

/** useRules reads the caller's rules in `namespace` (disabled without a namespace). */
export const useRules = (namespace: string | undefined) => useQuery({ ...getRulesQueryOptions(namespace ?? ''), enabled: !!namespace });

/**
 * useCan answers one question from the caller's rules in `namespace`: true or false once the rules are
 * read, undefined while they are being read (a failed read is "no"). Gate queries on it so the console
 * never sends a request it knows the API will refuse.
 */
export function useCan(namespace: string | undefined, p: Permission): boolean | undefined {
  const rules = useRules(namespace);
  if (rules.data) return can(rules.data, p);
  return rules.isError ? false : undefined;
}
