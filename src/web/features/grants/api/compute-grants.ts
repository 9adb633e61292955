import { ANNOTATIONS } from '../../../../shared/api/meta';
import type { PolicyRule, Role, RoleBinding, Subject } from '../../../../shared/api/rbac';
import type { SecurityProfile } from '../../../../shared/api/security';
import { profileRisks, type ProfileRisk } from '../../../utils/profile-risks';

// Capability grants (DESIGN "Security profiles and capability grants"): who may use which security
// profile where, computed from the RBAC objects exactly as the authorizer reads them. A rule grants
// `use` of profiles when its apiGroups hold security.gatehouse.dev (or *), its resources
// securityprofiles (or *), its verbs use (or *); its resourceNames name the profiles (none = all).
// A RoleBinding grants in its namespace, a ClusterRoleBinding everywhere.

const GROUP = 'security.gatehouse.dev';
const has = (list: readonly string[] | null | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));

/** ALL_PROFILES marks a rule (or grant) that covers every profile. */
export const ALL_PROFILES = '*';

/** profilesGrantedBy returns the profile names a rule lets its subjects use, ALL_PROFILES, or none. */
export function profilesGrantedBy(rule: PolicyRule): string[] | typeof ALL_PROFILES | undefined {
  if ((rule.nonResourceURLs ?? []).length > 0 && (rule.resources ?? []).length === 0) return undefined;
  if (!has(rule.apiGroups, GROUP) || !has(rule.resources, 'securityprofiles') || !has(rule.verbs, 'use')) return undefined;
  const names = rule.resourceNames ?? [];
  return names.length === 0 ? ALL_PROFILES : [...names];
}

/** profilesGrantedByRole unions its rules' answers. */
export function profilesGrantedByRole(role: Role | undefined): string[] | typeof ALL_PROFILES {
  const out = new Set<string>();
  for (const rule of role?.rules ?? []) {
    const r = profilesGrantedBy(rule);
    if (r === ALL_PROFILES) return ALL_PROFILES;
    r?.forEach((n) => out.add(n));
  }
  return [...out].sort();
}

/** BindingRef locates the binding behind a grant. */
export interface BindingRef { kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace?: string; name: string; object: RoleBinding }

/** Grant is one subject allowed to use one profile (or all) in one namespace (or all), through one binding. */
export interface Grant {
  key: string;
  subject: Subject;
  /** profile is a profile name or ALL_PROFILES. */
  profile: string;
  /** namespace is where the grant applies; undefined means every namespace. */
  namespace?: string;
  binding: BindingRef;
  role: { kind: 'Role' | 'ClusterRole'; name: string };
  /** otherRules is true when the role grants more than using profiles (revoking removes that too). */
  otherRules: boolean;
  expiresAt?: string;
  expired: boolean;
  /** risks are the risky powers of the profile (for ALL_PROFILES, of every known profile). */
  risks: ProfileRisk[];
  /** unknownProfile is true when no profile of that name exists (the grant is harmless until one does). */
  unknownProfile: boolean;
}

/** RbacObjects are the lists the grants are computed from. */
export interface RbacObjects {
  clusterRoles: Role[];
  roles: Role[];
  clusterRoleBindings: RoleBinding[];
  roleBindings: RoleBinding[];
  profiles: SecurityProfile[];
}

function expiredAt(at: string | undefined, now: number): boolean {
  if (!at) return false;
  const t = Date.parse(at);
  return Number.isNaN(t) || t <= now;
}

const riskRank = (g: Grant) => (g.expired ? 1000 : 0) - g.risks.length;

/**
 * computeGrants lists every (subject, profile, namespace) a binding allows, with the binding and its
 * expiry. Risky grants come first, then by profile, namespace and subject. Bindings to roles that do
 * not exist grant nothing and are left out.
 */
export function computeGrants(o: RbacObjects, now: number): Grant[] {
  const clusterRoles = new Map(o.clusterRoles.map((r) => [r.metadata.name ?? '', r]));
  const roles = new Map(o.roles.map((r) => [`${r.metadata.namespace}/${r.metadata.name}`, r]));
  const profiles = new Map(o.profiles.map((p) => [p.metadata.name ?? '', p]));
  const allRisks = (() => {
    const seen = new Map<string, ProfileRisk>();
    for (const p of o.profiles) for (const r of profileRisks(p)) if (!seen.has(r.id)) seen.set(r.id, r);
    return [...seen.values()];
  })();
  const out: Grant[] = [];
  const visit = (b: RoleBinding, kind: BindingRef['kind']) => {
    const ns = kind === 'RoleBinding' ? b.metadata.namespace ?? '' : undefined;
    const role = b.roleRef.kind === 'ClusterRole' ? clusterRoles.get(b.roleRef.name) : roles.get(`${ns}/${b.roleRef.name}`);
    if (!role) return;
    const granted = profilesGrantedByRole(role);
    const names = granted === ALL_PROFILES ? [ALL_PROFILES] : granted;
    if (names.length === 0) return;
    const otherRules = (role.rules ?? []).some((r) => profilesGrantedBy(r) === undefined || !(r.verbs.length === 1 && r.verbs[0] === 'use'));
    const expiresAt = b.metadata.annotations?.[ANNOTATIONS.expiresAt] ?? undefined;
    for (const s of b.subjects ?? []) {
      const subject: Subject = s.kind === 'ServiceAccount' ? { kind: s.kind, name: s.name, namespace: s.namespace || ns || '' } : { kind: s.kind, name: s.name };
      for (const profile of names) {
        const p = profiles.get(profile);
        out.push({
          key: `${kind}/${ns ?? ''}/${b.metadata.name}/${s.kind}/${subject.namespace ?? ''}/${s.name}/${profile}`,
          subject, profile, namespace: ns,
          binding: { kind, namespace: ns, name: b.metadata.name ?? '', object: b },
          role: { kind: b.roleRef.kind, name: b.roleRef.name },
          otherRules, expiresAt, expired: expiredAt(expiresAt, now),
          risks: profile === ALL_PROFILES ? allRisks : p ? profileRisks(p) : [],
          unknownProfile: profile !== ALL_PROFILES && !p,
        });
      }
    }
  };
  for (const b of o.clusterRoleBindings) visit(b, 'ClusterRoleBinding');
  for (const b of o.roleBindings) visit(b, 'RoleBinding');
  return out.sort((a, b) => riskRank(a) - riskRank(b) || a.profile.localeCompare(b.profile)
    || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.subject.name.localeCompare(b.subject.name) || a.key.localeCompare(b.key));
}

/** subjectText renders a subject for people: `alice`, `group devs`, `service account team/builder`. */
export function subjectText(s: Subject): string {
  if (s.kind === 'Group') return `group ${s.name}`;
  if (s.kind === 'ServiceAccount') return `service account ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
  return s.name;
}

/** useRuleFor is the one rule a profile-use role holds: `use` on exactly that profile. */
export function useRuleFor(profile: string): PolicyRule {
  return { verbs: ['use'], apiGroups: [GROUP], resources: ['securityprofiles'], resourceNames: [profile] };
}

/** isUseRoleFor is true for a ClusterRole that grants exactly `use` of `profile` and nothing else (reusable). */
export function isUseRoleFor(role: Role, profile: string): boolean {
  const rules = role.rules ?? [];
  if (rules.length !== 1 || role.aggregationRule) return false;
  const r = rules[0];
  return r.verbs.length === 1 && r.verbs[0] === 'use' && (r.apiGroups ?? []).length === 1 && r.apiGroups![0] === GROUP
    && (r.resources ?? []).length === 1 && r.resources![0] === 'securityprofiles' && (r.resourceNames ?? []).length === 1 && r.resourceNames![0] === profile;
}
