import type { KubeObject } from '../../shared/api/meta';
import type { PolicyRule, Role, RoleBinding } from '../../shared/api/rbac';
import type { AdmissionPlugin } from './types';
import type { UserInfo } from '../authn/user';
import { forbidden } from '../http/status';
import { allows, type Attributes, type Authorizer } from '../authz/types';
import { aggregatedRules } from '../authz/rbac-sync';
import { matchesRequirements, selectorToRequirements } from '../../shared/api/labels';

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

/** RoleGetter reads the role a binding's roleRef points at (undefined when the role does not exist). */
export type RoleGetter = (kind: string, namespace: string, name: string) => Role | undefined;

/** BindDecision is whether a subject may bind a role: by the `bind` verb, by holding every rule, or not (and why). */
export type BindDecision =
  | { allowed: true; reason: 'bind' | 'covered' }
  | { allowed: false; reason: 'roleNotFound' }
  | { allowed: false; reason: 'missingRules'; missingRules: PolicyRule[] };

/**
 * bindDecision judges a binding of `ref` in `namespace` ("" = a ClusterRoleBinding) by `user` as
 * Kubernetes' escalation prevention does: the `bind` verb on the role, or else every rule of the role
 * held; a role that does not exist needs `bind`. Admission and the grant review both ask it.
 */
export function bindDecision(authorizer: Authorizer, getRole: RoleGetter, user: UserInfo, namespace: string, ref: { kind: string; name: string }): BindDecision {
  const resource = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
  const bind = allows(authorizer, user, { verb: 'bind', group: RBAC, resource, name: ref.name, namespace });
  if (bind) return { allowed: true, reason: 'bind' };
  const role = getRole(ref.kind, namespace, ref.name);
  if (!role) return { allowed: false, reason: 'roleNotFound' };
  const missing = uncoveredRules(authorizer, user, namespace, role.rules ?? []);
  return missing.length ? { allowed: false, reason: 'missingRules', missingRules: missing } : { allowed: true, reason: 'covered' };
}

/** FULL_AUTHORITY is `*` on everything: what upstream requires of whoever sets an aggregationRule. */
const FULL_AUTHORITY: PolicyRule[] = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }];

const hasAggregation = (o: KubeObject | undefined) => !!o && (o as Role).aggregationRule != null;

/**
 * widenedRoles lists the aggregated ClusterRoles (other than `role` itself) whose selectors pick up
 * `role` by its labels, each with the rules it would gain: `role`'s effective rules (computed from its
 * own aggregationRule when it has one) that it does not hold yet.
 */
export function widenedRoles(role: Role, all: Role[]): { name: string; added: PolicyRule[] }[] {
  const name = role.metadata.name;
  const others = all.filter((r) => r.metadata.name !== name);
  const effective = role.aggregationRule ? aggregatedRules(role, others) ?? [] : role.rules ?? [];
  const out: { name: string; added: PolicyRule[] }[] = [];
  for (const target of others) {
    if (!target.aggregationRule) continue;
    const picks = (target.aggregationRule.clusterRoleSelectors ?? []).some((sel) => matchesRequirements(role.metadata.labels, selectorToRequirements(sel)));
    if (!picks) continue;
    const held = new Set((target.rules ?? []).map((r) => JSON.stringify(r)));
    const added = effective.filter((r) => !held.has(JSON.stringify(r)));
    if (added.length) out.push({ name: target.metadata.name!, added });
  }
  return out;
}

/**
 * rbacEscalation is the admission check that keeps RBAC from being an escalation path (upstream's
 * policy-based RBAC storage, plus what aggregation makes possible):
 * - a Role or ClusterRole may only contain rules its author holds, unless the author has `escalate` on it;
 * - setting, changing or keeping a ClusterRole's aggregationRule needs full authority (`*` on `*`,
 *   as upstream) unless the author has `escalate` on that role;
 * - a ClusterRole whose labels make an aggregated ClusterRole pick it up may only add to that role
 *   rules the author holds, or the author needs `escalate` on that aggregated role: `escalate` on one's
 *   own role must not widen `developer` or `admin`;
 * - a binding may only reference a role whose rules its author holds, or the author needs `bind` on
 *   it; a binding to a role that does not exist needs `bind` (it would grant whatever that name later holds).
 */
export function rbacEscalation(authorizer: Authorizer, getRole: RoleGetter, clusterRoles: () => Role[] = () => []): AdmissionPlugin {
  const can = (user: UserInfo, verb: string, resource: string, namespace: string, name: string) =>
    allows(authorizer, user, { verb, group: RBAC, resource, name, namespace });
  return {
    name: 'RBACEscalation',
    validate(a) {
      if (a.group !== RBAC || (a.operation !== 'CREATE' && a.operation !== 'UPDATE') || !a.object) return;
      const ns = a.namespace;
      const obj = a.object as KubeObject;
      const who = () => `user "${a.user.username}" (groups=[${a.user.groups.map((g) => `"${g}"`).join(' ')}])`;
      const refuse = (why: string): never => { throw forbidden(`${a.resource}.${RBAC} "${a.name}" is forbidden: ${why}`, a.resource, RBAC, a.name); };
      const deny = (missing: PolicyRule[]) => refuse(`${who()} is attempting to grant RBAC permissions not currently held:\n${missing.map(describe).join('\n')}`);
      if (a.resource === 'roles' || a.resource === 'clusterroles') {
        const escalate = can(a.user, 'escalate', a.resource, ns, a.name);
        if (!escalate) {
          const missing = uncoveredRules(authorizer, a.user, ns, (obj as Role).rules ?? []);
          if (missing.length) deny(missing);
          if (a.resource === 'clusterroles' && (hasAggregation(obj) || hasAggregation(a.oldObject)) && uncoveredRules(authorizer, a.user, '', FULL_AUTHORITY).length) {
            refuse('must have cluster-admin privileges to use the aggregationRule');
          }
        }
        if (a.resource === 'clusterroles') {
          for (const w of widenedRoles(obj as Role, clusterRoles())) {
            if (can(a.user, 'escalate', 'clusterroles', '', w.name)) continue;
            const missing = uncoveredRules(authorizer, a.user, '', w.added);
            if (missing.length) refuse(`its labels aggregate it into ClusterRole "${w.name}", and ${who()} is attempting to add to that role RBAC permissions not currently held:\n${missing.map(describe).join('\n')}`);
          }
        }
        return;
      }
      if (a.resource === 'rolebindings' || a.resource === 'clusterrolebindings') {
        const ref = (obj as RoleBinding).roleRef;
        const d = bindDecision(authorizer, getRole, a.user, ns, ref);
        if (d.reason === 'roleNotFound') {
          refuse(`${ref.kind} "${ref.name}" does not exist${ref.kind === 'Role' ? ` in namespace "${ns}"` : ''}; binding a role that does not exist needs the bind verb on it, because the binding would grant whatever that role later holds`);
        }
        if (d.reason === 'missingRules') deny(d.missingRules);
      }
    },
  };
}
