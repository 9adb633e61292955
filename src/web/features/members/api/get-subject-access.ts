import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import type { Subject } from '../../../../shared/api/rbac';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { can } from '../../../lib/authz';
import { serviceAccountGroups, serviceAccountUser } from '../../../utils/subjects';
import { memberKeys } from './keys';

// "What can <subject> do here": a small verb × resource matrix for one namespace. With the right to
// impersonate, one SelfSubjectRulesReview sent as the subject answers it (with the subject's real
// groups); otherwise a LocalSubjectAccessReview per cell asks about the subject as named.

/** MatrixRow is one resource of the matrix and the verbs that make sense for it. */
export interface MatrixRow { label: string; group: string; resource: string; verbs: string[] }

/** MATRIX_VERBS are the matrix columns. */
export const MATRIX_VERBS = ['get', 'list', 'watch', 'create', 'update', 'delete', 'use'] as const;

const RW = ['get', 'list', 'watch', 'create', 'update', 'delete'];
/** MATRIX_ROWS are the resources people ask about in a namespace. */
export const MATRIX_ROWS: MatrixRow[] = [
  { label: 'Pods', group: '', resource: 'pods', verbs: RW },
  { label: 'Config maps', group: '', resource: 'configmaps', verbs: RW },
  { label: 'Secrets', group: '', resource: 'secrets', verbs: [...RW, 'use'] },
  { label: 'Secret summaries', group: 'security.gatehouse.dev', resource: 'secretsummaries', verbs: ['get', 'list', 'watch'] },
  { label: 'Service accounts', group: '', resource: 'serviceaccounts', verbs: RW },
  { label: 'Roles', group: 'rbac.authorization.k8s.io', resource: 'roles', verbs: RW },
  { label: 'Role bindings', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', verbs: RW },
  { label: 'Audit events', group: 'audit.gatehouse.dev', resource: 'auditevents', verbs: ['list', 'watch'] },
];

/** cellKey names one matrix cell. */
export const cellKey = (row: MatrixRow, verb: string) => `${row.group}/${row.resource}/${verb}`;

/** SubjectAccess is the matrix (cellKey → allowed) and how it was obtained. */
export interface SubjectAccess { cells: Record<string, boolean>; method: 'impersonation' | 'review' }

const rulesSchema = z.looseObject({
  status: z.looseObject({
    resourceRules: z.array(z.looseObject({
      verbs: z.array(z.string()).nullable().optional(), apiGroups: z.array(z.string()).nullable().optional(),
      resources: z.array(z.string()).nullable().optional(), resourceNames: z.array(z.string()).nullable().optional(),
    })).nullable().optional(),
  }),
});
const reviewSchema = z.looseObject({ status: z.looseObject({ allowed: z.boolean() }).optional() });

/** usernameOf is the username a User or ServiceAccount subject authenticates as (groups have none). */
export function usernameOf(s: Subject, namespace: string): string | undefined {
  if (s.kind === 'User') return s.name;
  if (s.kind === 'ServiceAccount') return serviceAccountUser(s.namespace || namespace, s.name);
  return undefined;
}

async function byImpersonation(namespace: string, username: string, signal?: AbortSignal): Promise<SubjectAccess> {
  const review = await apiRequest(toPath(findResource('authorization.k8s.io', 'selfsubjectrulesreviews')!), {
    method: 'POST', signal, headers: { 'Impersonate-User': username },
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
    parse: (v) => rulesSchema.parse(v),
  });
  const rules = (review.status.resourceRules ?? []).map((r) => ({ verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], resourceNames: r.resourceNames ?? [] }));
  const cells: Record<string, boolean> = {};
  for (const row of MATRIX_ROWS) for (const verb of row.verbs) cells[cellKey(row, verb)] = can(rules, { verb, group: row.group, resource: row.resource });
  return { cells, method: 'impersonation' };
}

async function byReviews(namespace: string, s: Subject, signal?: AbortSignal): Promise<SubjectAccess> {
  const lsar = findResource('authorization.k8s.io', 'localsubjectaccessreviews')!;
  const who = s.kind === 'Group'
    ? { groups: [s.name] }
    : s.kind === 'ServiceAccount'
      ? { user: serviceAccountUser(s.namespace || namespace, s.name), groups: serviceAccountGroups(s.namespace || namespace) }
      : { user: s.name, groups: ['system:authenticated'] };
  const cells: Record<string, boolean> = {};
  await Promise.all(MATRIX_ROWS.flatMap((row) => row.verbs.map(async (verb) => {
    const r = await apiRequest(toPath(lsar, namespace), {
      method: 'POST', signal,
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace }, spec: { ...who, resourceAttributes: { namespace, verb, group: row.group, resource: row.resource } } },
      parse: (v) => reviewSchema.parse(v),
    });
    cells[cellKey(row, verb)] = r.status?.allowed === true;
  })));
  return { cells, method: 'review' };
}

/**
 * getSubjectAccess fills the matrix for `subject` in `namespace`: by impersonation when `canImpersonate`
 * and the subject is a user or service account, else by access reviews.
 */
export function getSubjectAccess(namespace: string, subject: Subject, canImpersonate: boolean, signal?: AbortSignal): Promise<SubjectAccess> {
  const username = usernameOf(subject, namespace);
  return canImpersonate && username ? byImpersonation(namespace, username, signal) : byReviews(namespace, subject, signal);
}

/** useSubjectAccess reads the matrix for `subject` (fresh for 30 s). */
export const useSubjectAccess = (namespace: string, subject: Subject, canImpersonate: boolean) => useQuery({
  queryKey: memberKeys.access(namespace, `${subject.kind}/${subject.namespace ?? ''}/${subject.name}`, canImpersonate ? 'impersonate' : 'review'),
  queryFn: ({ signal }) => getSubjectAccess(namespace, subject, canImpersonate, signal),
  staleTime: 30_000,
});
