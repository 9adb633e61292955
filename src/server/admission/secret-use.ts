// Secret use (DESIGN "Secrets"): mounting a secret into a pod — as a volume, projected volume,
// envFrom, secretKeyRef, imagePullSecret or volume-plugin secretRef — requires RBAC verb `use` on
// that secret (respecting resourceNames) for the requesting user or the pod's service account.
// Only names the pod adds are checked, so updates to existing pods are unaffected.

import type { UserInfo } from '../authn/user';
import type { Authorizer } from '../authz/types';
import { ApiError } from '../http/status';
import { podSecretRefs } from '../../shared/pod-references';
import { mayUse, serviceAccountUser } from './security-profiles/admission';
import type { AdmissionPlugin } from './types';

/**
 * secretUseError checks `use` on every secret a pod spec names that `oldSpec` did not, for `user` or the
 * pod's service account; it returns the Forbidden naming each refused secret and field, or undefined.
 * `what` names the object in the message (`pods "web-1"`, or a workload whose template is checked).
 */
export function secretUseError(authorizer: Authorizer, user: UserInfo, namespace: string, what: { resource: string; name: string }, spec: any, oldSpec?: any): ApiError | undefined {
  const before = new Set(oldSpec ? podSecretRefs(oldSpec).map((r) => r.name) : []);
  const refs = podSecretRefs(spec ?? {}).filter((r) => !before.has(r.name));
  if (refs.length === 0) return undefined;
  const sa = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : 'default';
  const saUser = serviceAccountUser(namespace, sa);
  const denied = new Map<string, string[]>();
  const decided = new Map<string, boolean>();
  for (const r of refs) {
    let ok = decided.get(r.name);
    if (ok === undefined) {
      ok = mayUse(authorizer, user, 'secrets', r.name, namespace) || mayUse(authorizer, saUser, 'secrets', r.name, namespace);
      decided.set(r.name, ok);
    }
    if (!ok) denied.set(r.name, [...(denied.get(r.name) ?? []), r.field]);
  }
  if (denied.size === 0) return undefined;
  const names = [...denied.keys()];
  const causes = [...denied.entries()].flatMap(([name, fields]) => fields.map((field) => ({ type: 'FieldValueForbidden', field, message: `Forbidden: no "use" permission on secret "${name}"` })));
  return new ApiError(403, 'Forbidden',
    `${what.resource} "${what.name}" is forbidden: User "${user.username}" and service account "${namespace}/${sa}" cannot use ${names.length === 1 ? 'secret' : 'secrets'} ${names.map((n) => `"${n}"`).join(', ')} in the namespace "${namespace}": mounting a secret requires verb "use" on it`,
    { name: what.name, kind: what.resource, causes });
}

/** secretUse is the validating admission plugin that checks `use` on every secret a pod names (for the human a controller acts for, if any). */
export function secretUse(deps: { authorizer: Authorizer }): AdmissionPlugin {
  return {
    name: 'SecretUse',
    validate(a) {
      if (a.group !== '' || a.resource !== 'pods' || a.subresource !== '' || !a.object) return;
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      const err = secretUseError(deps.authorizer, a.actingFor ?? a.user, a.namespace, { resource: 'pods', name: a.name }, (a.object as any).spec ?? {}, a.operation === 'UPDATE' ? (a.oldObject as any)?.spec : undefined);
      if (err) throw err;
    },
  };
}
