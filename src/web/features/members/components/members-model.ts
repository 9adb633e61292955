import { ANNOTATIONS } from '../../../../shared/api/meta';
import type { RoleBinding, Subject } from '../../../../shared/api/rbac';

// A namespace's members, read from its RoleBindings: one entry per subject with every role it holds
// here and the binding that grants it.

/** MemberRole is one role a member holds, through one binding. */
export interface MemberRole {
  binding: RoleBinding;
  roleKind: 'Role' | 'ClusterRole';
  roleName: string;
  /** expiresAt is the binding's `gatehouse.dev/expires-at`; an expired binding grants nothing. */
  expiresAt?: string;
  expired: boolean;
}

/** Member is one subject (user, group or service account) and its roles in the namespace. */
export interface Member { key: string; subject: Subject; label: string; roles: MemberRole[] }

/** memberKey identifies a subject; a service account without a namespace is in the binding's. */
export function memberKey(s: Subject, bindingNamespace: string): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount/${s.namespace || bindingNamespace}/${s.name}` : `${s.kind}/${s.name}`;
}

/** isExpired reads `gatehouse.dev/expires-at` as the API does: an unreadable time counts as expired. */
export function isExpired(expiresAt: string | undefined, now: number): boolean {
  if (!expiresAt) return false;
  const t = Date.parse(expiresAt);
  return Number.isNaN(t) || t <= now;
}

/**
 * groupMembers turns RoleBindings into members, grouped by subject and sorted by name (service
 * accounts of other namespaces are labelled `namespace/name`). Each member's roles are sorted too.
 */
export function groupMembers(bindings: RoleBinding[], namespace: string, now: number): Member[] {
  const byKey = new Map<string, Member>();
  for (const b of bindings) {
    const bns = b.metadata.namespace ?? namespace;
    const expiresAt = b.metadata.annotations?.[ANNOTATIONS.expiresAt] ?? undefined;
    for (const s of b.subjects ?? []) {
      const key = memberKey(s, bns);
      let m = byKey.get(key);
      if (!m) {
        const saNs = s.namespace || bns;
        const subject: Subject = s.kind === 'ServiceAccount' ? { kind: s.kind, name: s.name, namespace: saNs } : { kind: s.kind, name: s.name };
        m = { key, subject, label: s.kind === 'ServiceAccount' && saNs !== namespace ? `${saNs}/${s.name}` : s.name, roles: [] };
        byKey.set(key, m);
      }
      m.roles.push({ binding: b, roleKind: b.roleRef.kind, roleName: b.roleRef.name, expiresAt, expired: isExpired(expiresAt, now) });
    }
  }
  const members = [...byKey.values()];
  for (const m of members) m.roles.sort((a, b) => a.roleName.localeCompare(b.roleName) || (a.binding.metadata.name ?? '').localeCompare(b.binding.metadata.name ?? ''));
  return members.sort((a, b) => a.label.localeCompare(b.label));
}
