import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { grantReviewSchema, type GrantReview, type PolicyRule, type RoleBinding, type Subject } from '../../../../shared/api/rbac';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { roleBindings } from './get-role-bindings';
import { memberKeys } from './keys';
import { invalidateResource } from '../../../lib/resource-keys';

const RBAC = 'rbac.authorization.k8s.io';

/** RoleRef names a role that can be granted in a namespace: a ClusterRole, or one of its Roles. */
export interface RoleRef { kind: 'ClusterRole' | 'Role'; name: string }

/** roleRefKey renders a RoleRef as `ClusterRole/developer`. */
export const roleRefKey = (r: RoleRef) => `${r.kind}/${r.name}`;

/** DEFAULT_CANDIDATES are the ClusterRoles offered everywhere; cluster-admin is checked too, to say why it is not offered. */
export const DEFAULT_CANDIDATES: RoleRef[] = ['admin', 'developer', 'view', 'cluster-admin'].map((name) => ({ kind: 'ClusterRole', name }));

/** bindingNamePrefix makes a readable generateName for a grant: `developer-alice-`. */
export function bindingNamePrefix(role: string, subjectName: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${clean(role).slice(0, 40) || 'role'}-${clean(subjectName).slice(0, 40) || 'subject'}-`.replace(/--+/g, '-');
}

/** bindingFor builds the RoleBinding that grants `role` to `subject` in `namespace`. */
export function bindingFor(namespace: string, subject: Subject, role: RoleRef): RoleBinding {
  const s: Subject = subject.kind === 'ServiceAccount'
    ? { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace || namespace }
    : { kind: subject.kind, apiGroup: RBAC, name: subject.name };
  return {
    apiVersion: `${RBAC}/v1`, kind: 'RoleBinding',
    metadata: { generateName: bindingNamePrefix(role.name, subject.name), namespace },
    roleRef: { apiGroup: RBAC, kind: role.kind, name: role.name },
    subjects: [s],
  };
}

/** createRoleBinding creates the binding that grants `role` to `subject`. */
export function createRoleBinding(namespace: string, subject: Subject, role: RoleRef): Promise<unknown> {
  return apiRequest(toPath(roleBindings, namespace), { method: 'POST', body: bindingFor(namespace, subject, role) });
}

/**
 * Grantability is whether the caller may grant one role here; `missing` are the rules they lack (from
 * the server's review), `notFound` says the role does not exist, `unknown` that the server could not
 * say (connect mode: the cluster judges the grant itself).
 */
export interface Grantability { role: RoleRef; allowed: boolean; missing?: PolicyRule[]; notFound?: boolean; unknown?: boolean }

const grantReviews = findResource('iam.gatehouse.dev', 'grantreviews')!;

/** reviewGrant asks the server (a GrantReview: nothing is written) about roles and subjects in `namespace`. */
export function reviewGrant(namespace: string, spec: { roleRefs?: RoleRef[]; subjects?: Subject[] }, signal?: AbortSignal): Promise<NonNullable<GrantReview['status']>> {
  return apiRequest(toPath(grantReviews, namespace), {
    method: 'POST', body: { apiVersion: 'iam.gatehouse.dev/v1', kind: 'GrantReview', spec }, signal,
    parse: (b) => grantReviewSchema.parse(b).status ?? { roles: [], subjects: [] },
  });
}

/**
 * checkGrantable asks which roles the caller may grant in `namespace`: one GrantReview, judged by the
 * same escalation rules as the real grant. Where reviews are not served (connect mode) every
 * candidate is offered as `unknown` and the grant itself is judged.
 */
export async function checkGrantable(namespace: string, candidates: RoleRef[], signal?: AbortSignal): Promise<Grantability[]> {
  if (candidates.length === 0) return [];
  try {
    const status = await reviewGrant(namespace, { roleRefs: candidates }, signal);
    return status.roles.map((r) => ({ role: { kind: r.kind, name: r.name }, allowed: r.allowed, missing: r.missingRules, notFound: r.reason === 'roleNotFound' }));
  } catch (err) {
    if (isApiError(err, 404)) return candidates.map((role) => ({ role, allowed: true, unknown: true }));
    throw err;
  }
}

/** useGrantable runs checkGrantable for the candidates (re-checked when they change). */
export const useGrantable = (namespace: string, candidates: RoleRef[]) => useQuery({
  queryKey: memberKeys.grantable(namespace, candidates.map(roleRefKey).join(',')),
  queryFn: ({ signal }) => checkGrantable(namespace, candidates, signal),
  staleTime: 60_000,
});

/**
 * subjectExists asks whether Gatehouse knows `subject` (undefined when it cannot say): a grant to a
 * name nobody has — a typo — is worth a warning before it is saved.
 */
export async function subjectExists(namespace: string, subject: Subject): Promise<boolean | undefined> {
  try {
    return (await reviewGrant(namespace, { subjects: [subject] })).subjects[0]?.found;
  } catch (err) {
    if (isApiError(err, 404)) return undefined;
    throw err;
  }
}

/** useGrantRole grants a role and refreshes the members. */
export function useGrantRole(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { subject: Subject; role: RoleRef }) => createRoleBinding(namespace, v.subject, v.role),
    onSuccess: () => invalidateResource(queryClient, roleBindings, namespace),
  });
}
