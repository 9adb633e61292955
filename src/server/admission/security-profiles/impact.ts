// Whose automatic profile choice a SecurityProfile write changes (issue 16: a new "read-only root"
// profile silently became the automatic choice for every plain pod of the cluster admins). For every
// subject some binding names (and the privileged group), in every namespace, the pod a plain
// `kubectl run` makes is put through decideProfile — the function admission itself runs — once with
// the stored profiles and once with the profile as written; each difference is one line. Writes of
// profiles are rare and the work is bounded (MAX_PAIRS), so it runs on every create and update.

import type { KubeObject } from '../../../shared/api/meta';
import type { RoleBinding } from '../../../shared/api/rbac';
import { IMPACT_WARNING_PREFIX, type SecurityProfile } from '../../../shared/api/security';
import type { UserInfo } from '../../authn/user';
import type { Authorizer } from '../../authz/types';
import type { Store } from '../../storage/store';
import { orderProfiles } from './engine';
import type { PodUnderReview } from './checks/types';
import { decideProfile, PROFILES_KEY } from './admission';
import type { AdmissionPlugin } from '../types';

/** ImpactSubject is who a change concerns: a user, a group (with its known members) or a service account. */
export interface ImpactSubject { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string; members?: string[] }

/** ProfileChoiceChange is one subject's automatic choice for a plain pod changing in some namespaces. */
export interface ProfileChoiceChange {
  subject: ImpactSubject;
  /** namespaces where the choice changes; `every` when it changes in all of them. */
  namespaces: string[] | 'every';
  /** from is the profile chosen today (undefined: the plain pod is refused today). */
  from?: string;
  /** to is the profile chosen after the write (undefined: the plain pod would be refused). */
  to?: string;
}

/** MAX_PAIRS bounds the (subject, namespace) pairs looked at; beyond it the answer says it is partial. */
export const MAX_PAIRS = 2000;

/** ImpactDeps are what the impact needs: the store, the authorizer admission uses, and users' effective identities. */
export interface ImpactDeps { store: Store; authorizer: Authorizer; userInfo: (name: string) => UserInfo | undefined; privilegedGroups?: string[] }

const plainPod = (namespace: string, sa: string): PodUnderReview => ({
  metadata: { name: 'plain', namespace },
  spec: { serviceAccountName: sa, containers: [{ name: 'app', image: 'app', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }] },
} as PodUnderReview);

/** A nobody is an authenticated person with no grants of their own: a service account's pods are made by one. */
const NOBODY: UserInfo = { username: 'gatehouse:profile-impact:nobody', groups: ['system:authenticated'] };

function candidates(deps: ImpactDeps): ImpactSubject[] {
  const seen = new Map<string, ImpactSubject>();
  const add = (s: ImpactSubject) => { const k = `${s.kind}/${s.namespace ?? ''}/${s.name}`; if (!seen.has(k)) seen.set(k, s); };
  for (const g of deps.privilegedGroups ?? []) add({ kind: 'Group', name: g });
  for (const key of ['rbac.authorization.k8s.io/clusterrolebindings', 'rbac.authorization.k8s.io/rolebindings']) {
    for (const b of deps.store.list(key) as RoleBinding[]) {
      for (const s of b.subjects ?? []) {
        if (s.kind === 'ServiceAccount') add({ kind: 'ServiceAccount', name: s.name, namespace: s.namespace || b.metadata.namespace });
        else if (!s.name.startsWith('system:node') && s.name !== 'system:kube-scheduler') add({ kind: s.kind, name: s.name });
      }
    }
  }
  const users = deps.store.list('iam.gatehouse.dev/users') as (KubeObject & { spec?: { groups?: string[] } })[];
  const groups = deps.store.list('iam.gatehouse.dev/groups') as (KubeObject & { users?: string[] })[];
  for (const s of seen.values()) {
    if (s.kind !== 'Group') continue;
    const members = new Set([...users.filter((u) => u.spec?.groups?.includes(s.name)).map((u) => u.metadata.name!), ...(groups.find((g) => g.metadata.name === s.name)?.users ?? [])]);
    if (members.size) s.members = [...members].sort();
  }
  return [...seen.values()];
}

function identityOf(deps: ImpactDeps, s: ImpactSubject): UserInfo | undefined {
  if (s.kind === 'User') return deps.userInfo(s.name);
  if (s.kind === 'Group') return { username: `gatehouse:profile-impact:member-of:${s.name}`, groups: [s.name, 'system:authenticated'] };
  return NOBODY;
}

/**
 * profileImpact lists whose automatic choice for a plain pod changes when `profile` is stored as
 * written (`deleted`: when it is removed). Only changes to or from this profile are listed.
 */
export function profileImpact(deps: ImpactDeps, profile: SecurityProfile, opts: { deleted?: boolean } = {}): { changes: ProfileChoiceChange[]; partial: boolean } {
  const name = profile.metadata.name ?? '';
  const stored = deps.store.list(PROFILES_KEY) as SecurityProfile[];
  const before = orderProfiles(stored);
  const after = orderProfiles([...stored.filter((p) => p.metadata.name !== name), ...(opts.deleted ? [] : [profile])]);
  const namespaces = deps.store.list('/namespaces').map((n) => n.metadata.name!).filter((n) => !n.startsWith('kube-'));
  let pairs = 0;
  let partial = false;
  const changes: ProfileChoiceChange[] = [];
  for (const s of candidates(deps)) {
    const user = identityOf(deps, s);
    if (!user) continue;
    const where = s.kind === 'ServiceAccount' ? [s.namespace!] : namespaces;
    const byChange = new Map<string, { from?: string; to?: string; namespaces: string[] }>();
    for (const ns of where) {
      if (++pairs > MAX_PAIRS) { partial = true; break; }
      const pod = plainPod(ns, s.kind === 'ServiceAccount' ? s.name : 'default');
      const choose = (list: SecurityProfile[]) => decideProfile({ store: deps.store, authorizer: deps.authorizer, profiles: { list: () => list } }, user, ns, pod).chosen?.profile;
      const from = choose(before);
      const to = choose(after);
      if (from === to || (from !== name && to !== name)) continue;
      const k = `${from ?? ''}→${to ?? ''}`;
      const entry = byChange.get(k) ?? { from, to, namespaces: [] };
      entry.namespaces.push(ns);
      byChange.set(k, entry);
    }
    for (const c of byChange.values()) {
      const every = s.kind !== 'ServiceAccount' && c.namespaces.length === namespaces.length && namespaces.length > 1;
      changes.push({ subject: s, namespaces: every ? 'every' : c.namespaces, from: c.from, to: c.to });
    }
    if (partial) break;
  }
  return { changes, partial };
}


/** describeSubject renders `group "system:masters" (admin)`, `user "alice"`, `service account "web/builder"`. */
export function describeSubject(s: ImpactSubject): string {
  if (s.kind === 'ServiceAccount') return `service account "${s.namespace}/${s.name}"`;
  const members = s.members?.length ? ` (${s.members.slice(0, 5).join(', ')}${s.members.length > 5 ? `, +${s.members.length - 5}` : ''})` : '';
  return `${s.kind === 'User' ? 'user' : 'group'} "${s.name}"${members}`;
}

/** describeChange renders one change as a sentence for a Warning header. */
export function describeChange(c: ProfileChoiceChange): string {
  const where = c.namespaces === 'every' ? 'in every namespace' : `in ${c.namespaces.length === 1 ? 'namespace' : 'namespaces'} ${c.namespaces.map((n) => `"${n}"`).join(', ')}`;
  const to = c.to ? `get "${c.to}"` : 'are refused';
  const from = c.from ? `instead of "${c.from}"` : 'instead of being refused';
  return `${IMPACT_WARNING_PREFIX}plain pods of ${describeSubject(c.subject)} ${where} ${to} ${from}`;
}

/**
 * profileImpactWarnings is the admission plugin that adds one `Warning` per change to every create,
 * update (server-side dry runs included) and delete of a SecurityProfile: kubectl shows them, and the
 * console asks with a dry run and shows them before saving.
 */
export function profileImpactWarnings(deps: ImpactDeps): AdmissionPlugin {
  return {
    name: 'SecurityProfileImpact',
    validate(a) {
      if (a.group !== 'security.gatehouse.dev' || a.resource !== 'securityprofiles' || a.subresource !== '') return;
      const profile = (a.operation === 'DELETE' ? a.oldObject : a.object) as SecurityProfile | undefined;
      if (!profile || (a.operation !== 'CREATE' && a.operation !== 'UPDATE' && a.operation !== 'DELETE')) return;
      const { changes, partial } = profileImpact(deps, profile, { deleted: a.operation === 'DELETE' });
      for (const c of changes) a.warnings.push(describeChange(c));
      if (partial) a.warnings.push(`${IMPACT_WARNING_PREFIX}only the first ${MAX_PAIRS} subject and namespace pairs were checked`);
    },
  };
}
