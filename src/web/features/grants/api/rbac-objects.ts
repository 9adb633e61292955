import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { namespaceSchema } from '../../../../shared/api/core';
import { clusterRoleSchema, roleBindingSchema, roleSchema, type Role, type RoleBinding, type Subject } from '../../../../shared/api/rbac';
import { findResource, toPath } from '../../../../shared/api/resources';
import { securityProfileSchema } from '../../../../shared/api/security';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { parseLenient, parseList } from '../../../lib/parse';
import { isUseRoleFor, useRuleFor, type RbacObjects } from './compute-grants';
import { grantKeys } from './keys';
import { invalidateResource } from '../../../lib/resource-keys';

const RBAC = 'rbac.authorization.k8s.io';
const R = {
  clusterRoles: findResource(RBAC, 'clusterroles')!,
  roles: findResource(RBAC, 'roles')!,
  clusterRoleBindings: findResource(RBAC, 'clusterrolebindings')!,
  roleBindings: findResource(RBAC, 'rolebindings')!,
  profiles: findResource('security.gatehouse.dev', 'securityprofiles')!,
  namespaces: findResource('', 'namespaces')!,
};

/** getRbacObjects lists, in parallel, every (cluster) role, (cluster) role binding and profile (roles and bindings across namespaces). */
export async function getRbacObjects(signal?: AbortSignal): Promise<RbacObjects> {
  const [clusterRoles, roles, clusterRoleBindings, roleBindings, profiles] = await Promise.all([
    apiRequest(toPath(R.clusterRoles), { signal, parse: (b) => parseList(clusterRoleSchema, b).items }),
    apiRequest(toPath(R.roles), { signal, parse: (b) => parseList(roleSchema, b).items }),
    apiRequest(toPath(R.clusterRoleBindings), { signal, parse: (b) => parseList(roleBindingSchema, b).items }),
    apiRequest(toPath(R.roleBindings), { signal, parse: (b) => parseList(roleBindingSchema, b).items }),
    apiRequest(toPath(R.profiles), { signal, parse: (b) => parseList(securityProfileSchema, b).items }),
  ]);
  return { clusterRoles, roles, clusterRoleBindings, roleBindings, profiles };
}

/** useRbacObjects reads what the grants are computed from (refreshed every 30 s and after changes). */
export const useRbacObjects = () => useQuery({ queryKey: grantKeys.rbac(), queryFn: ({ signal }) => getRbacObjects(signal), refetchInterval: 30_000 });

/** useNamespaceNames lists namespace names for the grant form. */
export const useNamespaceNames = () => useQuery({
  queryKey: grantKeys.namespaces(),
  queryFn: ({ signal }) => apiRequest(toPath(R.namespaces), { signal, parse: (b) => parseList(namespaceSchema, b).items.map((n) => n.metadata.name ?? '').filter(Boolean).sort() }),
});

const bindingResource = (kind: 'RoleBinding' | 'ClusterRoleBinding') => (kind === 'RoleBinding' ? R.roleBindings : R.clusterRoleBindings);

/** getBinding reads one binding and the role it references (the role may be missing). */
export async function getBinding(kind: 'RoleBinding' | 'ClusterRoleBinding', namespace: string | undefined, name: string, signal?: AbortSignal): Promise<{ binding: RoleBinding; role?: Role }> {
  const binding = await apiRequest(toPath(bindingResource(kind), namespace, name), { signal, parse: (v) => parseLenient(roleBindingSchema, v)!.data });
  const ref = binding.roleRef;
  let role: Role | undefined;
  try {
    role = await apiRequest(ref.kind === 'ClusterRole' ? toPath(R.clusterRoles, undefined, ref.name) : toPath(R.roles, namespace, ref.name), { signal, parse: (v) => parseLenient(clusterRoleSchema, v)?.data });
  } catch (err) {
    if (!isApiError(err, 404) && !isApiError(err, 403)) throw err;
  }
  return { binding, role };
}

/** useBinding reads one binding and its role. */
export const useBinding = (kind: 'RoleBinding' | 'ClusterRoleBinding', namespace: string | undefined, name: string) => useQuery({
  queryKey: grantKeys.binding(kind, namespace ?? '', name),
  queryFn: ({ signal }) => getBinding(kind, namespace, name, signal),
});

/** sameSubject compares subjects as RBAC does (a service account's namespace defaults to the binding's). */
function sameSubject(a: Subject, b: Subject, ns: string): boolean {
  return a.kind === b.kind && a.name === b.name && (a.kind !== 'ServiceAccount' || (a.namespace || ns) === (b.namespace || ns));
}

/**
 * revokeGrant takes `subject` out of the binding: deleting it when nobody else is named, else
 * updating it without the subject (guarded by resourceVersion).
 */
export async function revokeGrant(kind: 'RoleBinding' | 'ClusterRoleBinding', binding: RoleBinding, subject: Subject | 'all'): Promise<'deleted' | 'updated'> {
  const ns = binding.metadata.namespace ?? undefined;
  const path = toPath(bindingResource(kind), ns, binding.metadata.name);
  const rest = subject === 'all' ? [] : (binding.subjects ?? []).filter((s) => !sameSubject(s, subject, ns ?? ''));
  if (rest.length === 0) {
    await apiRequest(path, { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: binding.metadata.resourceVersion } } });
    return 'deleted';
  }
  await apiRequest(path, { method: 'PUT', body: { ...binding, subjects: rest } });
  return 'updated';
}

/** useRevokeGrant revokes and refreshes the grants. */
export function useRevokeGrant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { kind: 'RoleBinding' | 'ClusterRoleBinding'; binding: RoleBinding; subject: Subject | 'all' }) => revokeGrant(v.kind, v.binding, v.subject),
    onSettled: (_r, _e, v) => invalidateResource(queryClient, bindingResource(v.kind), v.binding.metadata.namespace ?? undefined),
  });
}

/** NewGrant is what the "Grant profile" form collects; no namespace means every namespace. */
export interface NewGrant { subject: Subject; profile: string; namespace?: string; expiresAt?: string }

const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'x';

/**
 * ensureUseRole returns the name of a ClusterRole granting exactly `use` of `profile`: an existing one
 * (the shipped gatehouse:use-securityprofile-<name>, or any such role), else a new one.
 */
export async function ensureUseRole(profile: string, existing: Role[]): Promise<string> {
  const found = existing.find((r) => isUseRoleFor(r, profile));
  if (found?.metadata.name) return found.metadata.name;
  const body = (meta: Record<string, string>) => ({ apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: meta, rules: [useRuleFor(profile)] });
  try {
    const r = await apiRequest<Role>(toPath(R.clusterRoles), { method: 'POST', body: body({ name: `gatehouse:use-securityprofile-${profile}` }) });
    return r.metadata.name ?? '';
  } catch (err) {
    // The conventional name is taken by a role with other rules: make a new one beside it.
    if (!isApiError(err, 409)) throw err;
    const r = await apiRequest<Role>(toPath(R.clusterRoles), { method: 'POST', body: body({ generateName: `gatehouse:use-securityprofile-${profile}-` }) });
    return r.metadata.name ?? '';
  }
}

/**
 * createGrant lets a subject use a profile in one namespace (a RoleBinding) or everywhere (a
 * ClusterRoleBinding) to a use-role, with `gatehouse.dev/expires-at` when it expires.
 */
export async function createGrant(g: NewGrant, clusterRoles: Role[]): Promise<RoleBinding> {
  const role = await ensureUseRole(g.profile, clusterRoles);
  const subject: Subject = g.subject.kind === 'ServiceAccount'
    ? { kind: 'ServiceAccount', name: g.subject.name, namespace: g.subject.namespace || g.namespace }
    : { kind: g.subject.kind, apiGroup: RBAC, name: g.subject.name };
  const kind = g.namespace ? 'RoleBinding' : 'ClusterRoleBinding';
  return apiRequest<RoleBinding>(toPath(bindingResource(kind), g.namespace), {
    method: 'POST',
    body: {
      apiVersion: `${RBAC}/v1`, kind,
      metadata: {
        generateName: `use-${clean(g.profile)}-${clean(g.subject.name)}-`,
        ...(g.namespace ? { namespace: g.namespace } : {}),
        ...(g.expiresAt ? { annotations: { 'gatehouse.dev/expires-at': g.expiresAt } } : {}),
      },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
      subjects: [subject],
    },
  });
}

/** useCreateGrant creates a grant and refreshes the grants. */
export function useCreateGrant(clusterRoles: Role[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (g: NewGrant) => createGrant(g, clusterRoles),
    // A new use-role may have been made too: refresh cluster roles as well as the binding's resource.
    onSettled: (_r, _e, g) => Promise.all([invalidateResource(queryClient, R.clusterRoles), invalidateResource(queryClient, bindingResource(g.namespace ? 'RoleBinding' : 'ClusterRoleBinding'), g.namespace)]),
  });
}
