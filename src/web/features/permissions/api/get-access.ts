import { queryOptions, useQueries } from '@tanstack/react-query';
import { z } from 'zod';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import type { Permission } from '../../../lib/authz';
import { permissionKeys, PERMISSIONS_FRESHNESS } from './keys';

const accessReviewResponseSchema = z.looseObject({ status: z.looseObject({ allowed: z.boolean(), reason: z.string().optional() }).optional() });

const selfSubjectAccessReviews = findResource('authorization.k8s.io', 'selfsubjectaccessreviews')!;

/** AccessQuestion is a Permission, cluster-wide unless `namespace` is set. */
export type AccessQuestion = Permission & { namespace?: string };

/**
 * getAccess asks the API one yes/no question (SelfSubjectAccessReview). Cluster-scoped questions use
 * this, not the namespace's rules: a RoleBinding's rules appear in a rules review but grant nothing
 * cluster-wide.
 */
export async function getAccess(q: AccessQuestion, signal?: AbortSignal): Promise<boolean> {
  const review = await apiRequest(toPath(selfSubjectAccessReviews), {
    method: 'POST',
    body: {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: q.verb, group: q.group, resource: q.resource, ...(q.namespace ? { namespace: q.namespace } : {}), ...(q.name ? { name: q.name } : {}) } },
    },
    signal,
    parse: (v) => accessReviewResponseSchema.parse(v),
  });
  return review.status?.allowed === true;
}

/** getAccessQueryOptions re-asks every 30 s and on window focus, like the rules. */
export const getAccessQueryOptions = (q: AccessQuestion) => queryOptions({
  queryKey: permissionKeys.access(q),
  queryFn: ({ signal }) => getAccess(q, signal),
  ...PERMISSIONS_FRESHNESS,
});

/** useAccess answers several questions at once; an unanswered (loading or failed) question reads as "no". */
export function useAccess<K extends string>(questions: Record<K, AccessQuestion>): { allowed: Record<K, boolean>; isPending: boolean } {
  const entries = Object.entries(questions) as [K, AccessQuestion][];
  const results = useQueries({ queries: entries.map(([, q]) => getAccessQueryOptions(q)) });
  const allowed = Object.fromEntries(entries.map(([k], i) => [k, results[i].data === true])) as Record<K, boolean>;
  return { allowed, isPending: results.some((r) => r.isPending) };
}

/**
 * useMayEdit answers "may I change this object with `verb`?" (`update` for a replace, `patch` for a
 * metadata-only edit) for an object page's YAML view; false while the question is open.
 */
export function useMayEdit(r: { group: string; resource: string }, verb: 'update' | 'patch', namespace: string | undefined, name: string): boolean {
  return useAccess({ edit: { verb, group: r.group, resource: r.resource, name, ...(namespace ? { namespace } : {}) } }).allowed.edit;
}
