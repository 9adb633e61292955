import type { KubeObject } from '../../shared/api/meta';
import type { PolicyRule, Role, RoleBinding } from '../../shared/api/rbac';
import type { AdmissionPlugin } from '../admission/types';
import type { UserInfo } from '../authn/user';
import { forbidden } from '../http/status';
import type { Attributes, Authorizer } from './types';

const RBAC = 'rbac.authorization.k8s.io';

function atomic(rule: PolicyRule): Omit<Attributes, 'user' | 'namespace'>[] {
  const out: Omit<Attributes, 'user' | 'namespace'>[] = [];
  if ((rule.nonResourceURLs ?? []).length > 0) {
    for (const verb of rule.verbs) for (const url of rule.nonResourceURLs ?? []) out.push({ verb, isResourceRequest: false, path: url, apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '' });
    return out;
  }
  const names = (rule.resourceNames ?? []).length ? rule.resourceNames! : [''];
  for (const verb of rule.verbs) for (const g of rule.apiGroups ?? []) for (const r of rule.resources ?? []) for (const name of names) {
    const slash = r.indexOf('/');
    out.push({ verb, isResourceRequest: true, path: '', apiGroup: g, apiVersion: '', resource: slash < 0 ? r : r.slice(0, slash), subresource: slash < 0 ? '' : r.slice(slash + 1), name });
  }
  return out;
}

/**
 * uncoveredRules returns the rules of `rules` that `user` does not hold in `namespace` ("" = cluster-wide),
 * as Kubernetes' `validation.Covers`: each rule is split into atomic (verb, group, resource, name) parts and
 * each part must be allowed; a wildcard in the requested rule must be a wildcard the user holds.
 */
export function uncoveredRules(authorizer: Authorizer, user: UserInfo, namespace: string, rules: PolicyRule[]): PolicyRule[] {
  return rules.filter((rule) => atomic(rule).some((a) => authorizer.authorize({ ...a, user, namespace: a.isResourceRequest ? namespace : '' }).decision !== 'allow'));
}

function describe(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:[${rule.apiGroups.map((g) => `"${g}"`).join(' ')}]`);
  if (rule.resources?.length) parts.push(`Resources:[${rule.resources.map((g) => `"${g}"`).join(' ')}]`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:[${rule.resourceNames.map((g) => `"${g}"`).join(' ')}]`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:[${rule.nonResourceURLs.map((g) => `"${g}"`).join(' ')}]`);
  parts.push(`Verbs:[${rule.verbs.map((g) => `"${g}"`).join(' ')}]`);
  return `{${parts.join(', ')}}`;
}

/** roleRules reads the rules a binding's roleRef points at (none when the role does not exist). */
export type RoleGetter = (kind: string, namespace: string, name: string) => Role | undefined;

/**
 * rbacEscalation is the admission check that keeps RBAC from being an escalation path: a Role or
 * ClusterRole may only contain rules its author holds (or the author has `escalate`), and a binding may
 * only reference a role whose rules its author holds (or the author has `bind` on that role).
 */
export function rbacEscalation(authorizer: Authorizer, getRole: RoleGetter): AdmissionPlugin {
  const can = (user: UserInfo, verb: string, resource: string, namespace: string, name: string) =>
    authorizer.authorize({ user, verb, isResourceRequest: true, path: '', apiGroup: RBAC, apiVersion: 'v1', resource, subresource: '', name, namespace }).decision === 'allow';
  return {
    name: 'RBACEscalation',
    validate(a) {
      if (a.group !== RBAC || (a.operation !== 'CREATE' && a.operation !== 'UPDATE') || !a.object) return;
      const ns = a.namespace;
      const obj = a.object as KubeObject;
      const deny = (missing: PolicyRule[]) => {
        const groups = a.user.groups.map((g) => `"${g}"`).join(' ');
        throw forbidden(`${a.resource}.${RBAC} "${a.name}" is forbidden: user "${a.user.username}" (groups=[${groups}]) is attempting to grant RBAC permissions not currently held:\n${missing.map(describe).join('\n')}`, a.resource, RBAC, a.name);
      };
      if (a.resource === 'roles' || a.resource === 'clusterroles') {
        if (can(a.user, 'escalate', a.resource, ns, a.name)) return;
        const missing = uncoveredRules(authorizer, a.user, ns, (obj as Role).rules ?? []);
        if (missing.length) deny(missing);
        return;
      }
      if (a.resource === 'rolebindings' || a.resource === 'clusterrolebindings') {
        const ref = (obj as RoleBinding).roleRef;
        const refResource = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
        if (can(a.user, 'bind', refResource, ns, ref.name)) return;
        const role = getRole(ref.kind, ns, ref.name);
        const missing = uncoveredRules(authorizer, a.user, ns, role?.rules ?? []);
        if (missing.length) deny(missing);
      }
    },
  };
}
