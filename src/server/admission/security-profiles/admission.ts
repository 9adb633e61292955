// Security-profile admission (DESIGN "Security profiles"): on pod CREATE, the profile named in the
// pod annotation `security.gatehouse.dev/profile` (which must be usable), or else the most
// restrictive usable profile that admits the pod, fills in its defaults and is recorded in that
// annotation. A subject may use a profile when RBAC allows verb `use` on `securityprofiles` (by
// resourceNames) in the pod's namespace or cluster-wide; the requesting user or the pod's service
// account counts. On UPDATE the annotation is immutable; status writes are not re-admitted.

import type { KubeObject } from '../../../shared/api/meta';
import { ANNOTATIONS } from '../../../shared/api/meta';
import type { SecurityProfile } from '../../../shared/api/security';
import { serviceAccountUsername, type UserInfo } from '../../authn/user';
import { allows, type Authorizer } from '../../authz/types';
import { ApiError, invalid } from '../../http/status';
import type { Store } from '../../storage/store';
import { namespaceBlock } from '../namespace-ranges';
import { denialDetail, orderProfiles, profileEngine, selectProfile, type ProfileEngine, type ProfileEvaluation } from './engine';
import type { PodUnderReview, ProfileContext } from './checks/types';
import type { AdmissionPlugin } from '../types';

/** PROFILES_KEY is the storage key of SecurityProfiles. */
export const PROFILES_KEY = 'security.gatehouse.dev/securityprofiles';

/** serviceAccountUser is the identity a pod's service account authenticates as. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { username: serviceAccountUsername(namespace, name), groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}

/** UsableBy says which of the two subjects may use a profile. */
export type UsableBy = ('user' | 'serviceAccount')[];

/** mayUse asks the authorizer whether `user` may `use` the named profile in `namespace`. */
export function mayUse(authorizer: Authorizer, user: UserInfo, resource: 'securityprofiles' | 'secrets', name: string, namespace: string): boolean {
  return allows(authorizer, user, { verb: 'use', group: resource === 'secrets' ? '' : 'security.gatehouse.dev', resource, namespace, name });
}

/** usableBy lists who may use profile `name` for a pod of service account `sa` in `namespace`. */
export function usableBy(authorizer: Authorizer, user: UserInfo, namespace: string, sa: string, name: string): UsableBy {
  const out: UsableBy = [];
  if (mayUse(authorizer, user, 'securityprofiles', name, namespace)) out.push('user');
  if (mayUse(authorizer, serviceAccountUser(namespace, sa), 'securityprofiles', name, namespace)) out.push('serviceAccount');
  return out;
}

/** usableByEither is `usableBy(...).length > 0` without asking for the service account once the user may. */
function usableByEither(authorizer: Authorizer, user: UserInfo, namespace: string, sa: string, name: string): boolean {
  return mayUse(authorizer, user, 'securityprofiles', name, namespace) || mayUse(authorizer, serviceAccountUser(namespace, sa), 'securityprofiles', name, namespace);
}

/**
 * ProfileCache keeps the stored profiles in admission order, reloaded only after a profile changes
 * (decoding them from the store on every pod create would cost more than the evaluation itself).
 */
export class ProfileCache {
  private ordered: SecurityProfile[] | undefined;

  constructor(private readonly store: Store) {
    store.subscribe((e) => { if (e.res === PROFILES_KEY) this.ordered = undefined; });
  }

  /** list returns every profile, most preferred first (do not mutate). */
  list(): readonly SecurityProfile[] {
    this.ordered ??= orderProfiles(this.store.list(PROFILES_KEY) as SecurityProfile[]);
    return this.ordered;
  }
}

/** ProfileDecision is the outcome of profile admission for one pod. */
export interface ProfileDecision {
  chosen?: ProfileEvaluation;
  /** error is the Forbidden to return when no profile admits the pod. */
  error?: ApiError;
}

function podForbidden(name: string, why: string, causes?: { field: string; message: string }[]): ApiError {
  return new ApiError(403, 'Forbidden', `pods "${name}" is forbidden: ${why}`, { name, kind: 'pods', ...(causes && causes.length ? { causes: causes.map((c) => ({ type: 'FieldValueForbidden', ...c })) } : {}) });
}

/**
 * decideProfile runs profile selection for a pod about to be created (the pod is not changed):
 * the requested profile only (it must exist and be usable), or else every usable profile from most
 * to least restrictive until one admits the pod.
 */
export function decideProfile(deps: { store: Store; authorizer: Authorizer; engine?: ProfileEngine; profiles?: Pick<ProfileCache, 'list'> }, user: UserInfo, namespace: string, pod: PodUnderReview): ProfileDecision {
  const engine = deps.engine ?? profileEngine;
  const name = pod.metadata.name ?? '';
  const sa = typeof pod.spec.serviceAccountName === 'string' && pod.spec.serviceAccountName ? pod.spec.serviceAccountName : 'default';
  const ctx: ProfileContext = { namespace, block: namespaceBlock(deps.store.getShared('/namespaces', '', namespace)) };
  const all = deps.profiles ? deps.profiles.list() : orderProfiles(deps.store.list(PROFILES_KEY) as SecurityProfile[]);
  const who = `user "${user.username}" or service account "${namespace}/${sa}"`;
  const requested = pod.metadata.annotations?.[ANNOTATIONS.profile];
  if (requested !== undefined) {
    const p = all.find((x) => x.metadata.name === requested);
    if (!p) return { error: podForbidden(name, `security profile "${requested}" does not exist`) };
    if (!usableByEither(deps.authorizer, user, namespace, sa, requested)) {
      return { error: podForbidden(name, `security profile "${requested}" is not usable by ${who} in namespace "${namespace}"`) };
    }
    const e = engine.evaluate(p, pod, ctx);
    if (!e.allowed) return { error: podForbidden(name, `unable to validate against security profile "${requested}": ${denialDetail([e])}`, causesOf([e])) };
    return { chosen: e };
  }
  // Usability is asked lazily, in order: a pod the first usable profile admits costs one or two RBAC checks.
  const tried: ProfileEvaluation[] = [];
  for (const p of all) {
    if (!usableByEither(deps.authorizer, user, namespace, sa, p.metadata.name ?? '')) continue;
    const sel = selectProfile(engine, [p], pod, ctx);
    if (sel.chosen) return { chosen: sel.chosen };
    tried.push(...sel.tried);
  }
  if (tried.length === 0) return { error: podForbidden(name, `no security profile is usable by ${who} in namespace "${namespace}"`) };
  return { error: podForbidden(name, `unable to validate against any security profile: [${denialDetail(tried)}]`, causesOf(tried)) };
}

function causesOf(tried: ProfileEvaluation[]): { field: string; message: string }[] {
  return tried.flatMap((e) => e.reasons.map((r) => ({ field: r.field, message: `profile "${e.profile}": ${r.message}` })));
}

/** validateProfile returns what is inconsistent in a SecurityProfile beyond its schema (empty ranges, a MustRunAs without a UID). */
export function validateProfile(p: SecurityProfile): { field: string; message: string; type: string }[] {
  const causes: { field: string; message: string; type: string }[] = [];
  const bad = (field: string, value: unknown, why: string) => causes.push({ field, message: `Invalid value: ${JSON.stringify(value)}: ${why}`, type: 'FieldValueInvalid' });
  const ru = p.runAsUser;
  if (ru?.type === 'MustRunAs' && ru.uid === undefined && ru.uidRangeMin === undefined) bad('runAsUser', ru, 'MustRunAs needs uid or uidRangeMin');
  if (ru && ru.uidRangeMin !== undefined && ru.uidRangeMax !== undefined && ru.uidRangeMin > ru.uidRangeMax) bad('runAsUser.uidRangeMax', ru.uidRangeMax, 'must not be less than uidRangeMin');
  for (const k of ['fsGroup', 'supplementalGroups'] as const) {
    (p[k]?.ranges ?? []).forEach((r, i) => { if (r.min > r.max) bad(`${k}.ranges[${i}].max`, r.max, 'must not be less than min'); });
  }
  return causes;
}

/** securityProfiles is the mutating admission plugin for pods (and validates SecurityProfile writes). */
export function securityProfiles(deps: { authorizer: Authorizer; engine?: ProfileEngine; profiles?: ProfileCache }): AdmissionPlugin {
  return {
    name: 'SecurityProfiles',
    validate(a) {
      if (a.group !== 'security.gatehouse.dev' || a.resource !== 'securityprofiles' || !a.object || a.subresource !== '') return;
      const causes = validateProfile(a.object as SecurityProfile);
      if (causes.length > 0) throw invalid('SecurityProfile', 'security.gatehouse.dev', a.name, causes);
    },
    admit(a) {
      if (a.group !== '' || a.resource !== 'pods' || a.subresource !== '' || !a.object) return;
      const pod = a.object as KubeObject & { spec?: Record<string, any> };
      if (a.operation === 'UPDATE' && a.oldObject) {
        const before = a.oldObject.metadata.annotations?.[ANNOTATIONS.profile];
        const after = pod.metadata.annotations?.[ANNOTATIONS.profile];
        if (after === undefined && before !== undefined) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [ANNOTATIONS.profile]: before };
        else if (after !== before) {
          throw invalid('Pod', '', a.name, [{ field: `metadata.annotations[${ANNOTATIONS.profile}]`, message: `Invalid value: ${JSON.stringify(after ?? null)}: field is immutable`, type: 'FieldValueInvalid' }]);
        }
        return;
      }
      if (a.operation !== 'CREATE') return;
      const review: PodUnderReview = { metadata: pod.metadata as PodUnderReview['metadata'], spec: pod.spec ?? {} };
      const d = decideProfile({ store: a.store, authorizer: deps.authorizer, engine: deps.engine, profiles: deps.profiles }, a.actingFor ?? a.user, a.namespace, review);
      if (d.error) throw d.error;
      pod.spec = d.chosen!.pod.spec;
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [ANNOTATIONS.profile]: d.chosen!.profile };
      a.annotations[ANNOTATIONS.profile] = d.chosen!.profile;
    },
  };
}
