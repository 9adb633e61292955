// Secret use (DESIGN "Secrets"): mounting a secret into a pod — as a volume, projected volume,
// envFrom, secretKeyRef, imagePullSecret or volume-plugin secretRef — requires RBAC verb `use` on
// that secret (respecting resourceNames) for the requesting user or the pod's service account.
// Only names the pod adds are checked, so updates to existing pods are unaffected.

import type { Authorizer } from '../authz/types';
import { ApiError } from '../http/status';
import { podSecretRefs } from '../../shared/pod-references';
import { mayUse, serviceAccountUser } from './security-profiles';
import type { AdmissionPlugin } from './types';

/** secretUse is the validating admission plugin that checks `use` on every secret a pod names. */
export function secretUse(deps: { authorizer: Authorizer }): AdmissionPlugin {
  return {
    name: 'SecretUse',
    validate(a) {
      if (a.group !== '' || a.resource !== 'pods' || a.subresource !== '' || !a.object) return;
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      const spec = (a.object as any).spec ?? {};
      const before = new Set(a.operation === 'UPDATE' ? podSecretRefs((a.oldObject as any)?.spec).map((r) => r.name) : []);
      const refs = podSecretRefs(spec).filter((r) => !before.has(r.name));
      if (refs.length === 0) return;
      const sa = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : 'default';
      const saUser = serviceAccountUser(a.namespace, sa);
      const denied = new Map<string, string[]>();
      const decided = new Map<string, boolean>();
      for (const r of refs) {
        let ok = decided.get(r.name);
        if (ok === undefined) {
          ok = mayUse(deps.authorizer, a.user, 'secrets', r.name, a.namespace) || mayUse(deps.authorizer, saUser, 'secrets', r.name, a.namespace);
          decided.set(r.name, ok);
        }
        if (!ok) denied.set(r.name, [...(denied.get(r.name) ?? []), r.field]);
      }
      if (denied.size === 0) return;
      const names = [...denied.keys()];
      const causes = [...denied.entries()].flatMap(([name, fields]) => fields.map((field) => ({ type: 'FieldValueForbidden', field, message: `Forbidden: no "use" permission on secret "${name}"` })));
      throw new ApiError(403, 'Forbidden',
        `pods "${a.name}" is forbidden: User "${a.user.username}" and service account "${a.namespace}/${sa}" cannot use ${names.length === 1 ? 'secret' : 'secrets'} ${names.map((n) => `"${n}"`).join(', ')} in the namespace "${a.namespace}": mounting a secret requires verb "use" on it`,
        { name: a.name, kind: 'pods', causes });
    },
  };
}
