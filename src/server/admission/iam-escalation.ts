import type { Group, User } from '../../shared/api/iam';
import type { PolicyRule, Role, RoleBinding } from '../../shared/api/rbac';
import type { AdmissionPlugin } from './types';
import type { UserInfo } from '../authn/user';
import { forbidden, invalid } from '../http/status';
import { uncoveredRules, type RoleGetter } from './escalation';
import { allows, type Authorizer } from '../authz/types';

const IAM = 'iam.gatehouse.dev';

/** RESERVED_PREFIX starts the names of users and groups that only the system defines (system:masters, system:nodes ...). */
export const RESERVED_PREFIX = 'system:';

/** BindingsOfGroup lists the bindings that name a group as a subject (ns "" for ClusterRoleBindings). */
export type BindingsOfGroup = (group: string) => { ns: string; name: string; binding: RoleBinding }[];

const added = (now: readonly string[] | null | undefined, before: readonly string[] | null | undefined): string[] => {
  const had = new Set(before ?? []);
  return [...new Set(now ?? [])].filter((x) => !had.has(x));
};

/**
 * iamEscalation keeps the users and groups API from being an escalation path:
 * - `system:` user and group names are reserved: nobody (not even a cluster admin) creates them
 *   through the API, and nobody adds a `system:` group (system:masters above all) to a User's
 *   spec.groups — the system's own identities come from tokens and certificates, never from here;
 * - adding a member to a group (a Group's users, or a User's spec.groups) grants that member every
 *   role bound to the group, so it is checked as a binding would be: for each binding of the group,
 *   the writer needs `bind` on its role or must hold the role's rules in the binding's scope
 *   (a binding to a role that does not exist needs `bind`). Removing members is never refused.
 */
export function iamEscalation(authorizer: Authorizer, getRole: RoleGetter, bindingsOf: BindingsOfGroup): AdmissionPlugin {
  const canBind = (user: UserInfo, b: RoleBinding, ns: string) => allows(authorizer, user, {
    verb: 'bind', group: 'rbac.authorization.k8s.io', resource: b.roleRef.kind === 'ClusterRole' ? 'clusterroles' : 'roles', namespace: ns, name: b.roleRef.name,
  });
  return {
    name: 'IAMEscalation',
    validate(a) {
      if (a.group !== IAM || (a.resource !== 'users' && a.resource !== 'groups') || a.subresource || (a.operation !== 'CREATE' && a.operation !== 'UPDATE') || !a.object) return;
      const kind = a.resource === 'users' ? 'User' : 'Group';
      if (a.operation === 'CREATE' && a.name.toLowerCase().startsWith(RESERVED_PREFIX)) {
        throw invalid(kind, IAM, a.name, [{ field: 'metadata.name', message: `Invalid value: "${a.name}": names beginning with "${RESERVED_PREFIX}" are reserved for the system`, type: 'FieldValueInvalid' }]);
      }
      let groups: string[];
      if (kind === 'User') {
        const now = (a.object as User).spec?.groups ?? [];
        groups = added(now, (a.oldObject as User | undefined)?.spec?.groups);
        const reserved = groups.filter((g) => g.toLowerCase().startsWith(RESERVED_PREFIX));
        if (reserved.length) {
          throw invalid(kind, IAM, a.name, reserved.map((g) => ({ field: `spec.groups[${now.indexOf(g)}]`, message: `Forbidden: "${g}": groups beginning with "${RESERVED_PREFIX}" are reserved for the system and cannot be granted through a User`, type: 'FieldValueForbidden' })));
        }
      } else {
        groups = added((a.object as Group).users, (a.oldObject as Group | undefined)?.users).length ? [a.name] : [];
      }
      for (const g of groups) {
        for (const { ns, name, binding } of bindingsOf(g)) {
          if (canBind(a.user, binding, ns)) continue;
          const where = ns ? `RoleBinding "${ns}/${name}"` : `ClusterRoleBinding "${name}"`;
          const role: Role | undefined = getRole(binding.roleRef.kind, ns, binding.roleRef.name);
          const refuse = (why: string): never => { throw forbidden(`${a.resource}.${IAM} "${a.name}" is forbidden: adding a member to group "${g}" grants ${binding.roleRef.kind} "${binding.roleRef.name}" through ${where}, and user "${a.user.username}" ${why}`, a.resource, IAM, a.name); };
          if (!role) refuse(`may not bind that role (it does not exist; binding it needs the bind verb)`);
          const missing: PolicyRule[] = uncoveredRules(authorizer, a.user, ns, role!.rules ?? []);
          if (missing.length) refuse(`does not hold its permissions (nor bind on it): ${missing.length} rule(s) not held, e.g. verbs [${missing[0].verbs.join(' ')}] on ${missing[0].nonResourceURLs?.length ? missing[0].nonResourceURLs.join(' ') : `${(missing[0].resources ?? []).join(' ')} in groups [${(missing[0].apiGroups ?? []).map((x) => `"${x}"`).join(' ')}]`}`);
        }
      }
    },
  };
}
