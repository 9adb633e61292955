import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RoleBinding, Subject } from '../../../../shared/api/rbac';
import { toPath } from '../../../../shared/api/resources';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { roleBindings } from './get-role-bindings';
import { memberKeys } from './keys';

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

/** createRoleBinding creates (or, with dryRun, only checks) the binding that grants `role` to `subject`. */
export function createRoleBinding(namespace: string, subject: Subject, role: RoleRef, dryRun = false): Promise<unknown> {
  return apiRequest(toPath(roleBindings, namespace), { method: 'POST', body: bindingFor(namespace, subject, role), query: { dryRun: dryRun ? 'All' : undefined } });
}

/** Grantability is whether the caller may grant one role here; `message` is the server's refusal (it names the missing rules). */
export interface Grantability { role: RoleRef; allowed: boolean; message?: string }

/** PROBE_SUBJECT stands in for the subject in the dry run: escalation checks depend only on the role. */
const PROBE_SUBJECT: Subject = { kind: 'User', name: 'gatehouse-grant-check' };

/**
 * checkGrantable asks the server, with a dry-run create per candidate, which roles the caller may grant
 * in `namespace` (RBAC escalation prevention decides, exactly as for the real grant).
 */
export async function checkGrantable(namespace: string, candidates: RoleRef[], signal?: AbortSignal): Promise<Grantability[]> {
  return Promise.all(candidates.map(async (role) => {
    try {
      await apiRequest(toPath(roleBindings, namespace), { method: 'POST', body: bindingFor(namespace, PROBE_SUBJECT, role), query: { dryRun: 'All' }, signal });
      return { role, allowed: true };
    } catch (err) {
      if (isApiError(err) && (err.status === 403 || err.status === 422 || err.status === 404)) return { role, allowed: false, message: err.message };
      throw err;
    }
  }));
}

/** useGrantable runs checkGrantable for the candidates (re-checked when they change). */
export const useGrantable = (namespace: string, candidates: RoleRef[]) => useQuery({
  queryKey: memberKeys.grantable(namespace, candidates.map(roleRefKey).join(',')),
  queryFn: ({ signal }) => checkGrantable(namespace, candidates, signal),
  staleTime: 60_000,
});

/** useGrantRole grants a role and refreshes the members. */
export function useGrantRole(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { subject: Subject; role: RoleRef }) => createRoleBinding(namespace, v.subject, v.role),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.bindings(namespace) }),
  });
}
