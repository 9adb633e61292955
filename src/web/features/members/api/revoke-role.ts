import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RoleBinding, Subject } from '../../../../shared/api/rbac';
import { toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { roleBindings } from './get-role-bindings';
import { invalidateResource } from '../../../lib/resource-keys';

/** sameSubject compares subjects the way RBAC does (a service account's namespace defaults to the binding's). */
export function sameSubject(a: Subject, b: Subject, bindingNamespace: string): boolean {
  if (a.kind !== b.kind || a.name !== b.name) return false;
  return a.kind !== 'ServiceAccount' || (a.namespace || bindingNamespace) === (b.namespace || bindingNamespace);
}

/**
 * revokeFromBinding takes `subject` out of `binding`: the binding is deleted when it names nobody else,
 * else updated without the subject (with its resourceVersion, so a concurrent change is a 409, not lost).
 */
export async function revokeFromBinding(binding: RoleBinding, subject: Subject): Promise<'deleted' | 'updated'> {
  const ns = binding.metadata.namespace ?? '';
  const name = binding.metadata.name ?? '';
  const rest = (binding.subjects ?? []).filter((s) => !sameSubject(s, subject, ns));
  if (rest.length === 0) {
    await apiRequest(toPath(roleBindings, ns, name), { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: binding.metadata.resourceVersion } } });
    return 'deleted';
  }
  await apiRequest(toPath(roleBindings, ns, name), { method: 'PUT', body: { ...binding, subjects: rest } });
  return 'updated';
}

/** useRevokeRole revokes one subject's role and refreshes the members. */
export function useRevokeRole(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { binding: RoleBinding; subject: Subject }) => revokeFromBinding(v.binding, v.subject),
    onSettled: () => invalidateResource(queryClient, roleBindings, namespace),
  });
}
