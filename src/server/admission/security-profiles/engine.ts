// The security-profile engine: pure functions that apply one profile to a pod (defaults, then the
// fields that still violate it), order profiles from most to least restrictive, and pick the first
// that admits a pod. The admission plugin (security-profiles.ts) and the review endpoint add RBAC
// and storage around it.

import { securityProfileSchema, type ProfileReason, type SecurityProfile } from '../../../shared/api/security';
import { PROFILE_CHECKS } from './checks/index';
import type { PodUnderReview, ProfileCheck, ProfileContext } from './checks/types';
import { jsonClone } from '../../../shared/api/clone';
import { CONTAINER_LISTS } from '../containers';
import { isRecord } from '../../../shared/json';

/** PROFILE_META_FIELDS are SecurityProfile fields no check owns: identity, documentation and ordering. */
const PROFILE_META_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'description', 'priority']);

/** PROFILE_FIELDS are the SecurityProfile fields that constrain pods (each owned by one check). */
export const PROFILE_FIELDS: readonly string[] = Object.keys(securityProfileSchema.shape).filter((k) => !PROFILE_META_FIELDS.has(k));

/** InvalidProfileChecksError reports a broken check registry, before the server listens. */
export class InvalidProfileChecksError extends Error {}

/** ProfileEvaluation is one profile applied to one pod: the defaulted pod and what still fails. */
export interface ProfileEvaluation {
  profile: string;
  allowed: boolean;
  reasons: ProfileReason[];
  /** pod is a defaulted copy of the input (the input is never changed). */
  pod: PodUnderReview;
}

/** ProfileEngine applies profiles with a validated set of checks. */
export interface ProfileEngine {
  readonly checks: readonly ProfileCheck[];
  evaluate(profile: SecurityProfile, pod: PodUnderReview, ctx: ProfileContext): ProfileEvaluation;
}

/**
 * createProfileEngine validates the registry (throws InvalidProfileChecksError on duplicate or
 * malformed IDs, unknown fields, or profile fields owned by no check or by two) and returns an engine.
 */
export function createProfileEngine(checks: readonly ProfileCheck[] = PROFILE_CHECKS): ProfileEngine {
  const ids = new Set<string>();
  const owner = new Map<string, string>();
  for (const c of checks) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(c.id)) throw new InvalidProfileChecksError(`profile check ID ${JSON.stringify(c.id)} is not kebab-case`);
    if (ids.has(c.id)) throw new InvalidProfileChecksError(`duplicate profile check ID ${c.id}`);
    ids.add(c.id);
    if (c.fields.length === 0) throw new InvalidProfileChecksError(`profile check ${c.id} owns no field`);
    for (const f of c.fields) {
      if (!PROFILE_FIELDS.includes(f)) throw new InvalidProfileChecksError(`profile check ${c.id}: ${f} is not a SecurityProfile field`);
      const prev = owner.get(f);
      if (prev) throw new InvalidProfileChecksError(`profile field ${f} is owned by both ${prev} and ${c.id}`);
      owner.set(f, c.id);
    }
  }
  const unowned = PROFILE_FIELDS.filter((f) => !owner.has(f));
  if (unowned.length > 0) throw new InvalidProfileChecksError(`profile fields without a check: ${unowned.join(', ')}`);
  const frozen = Object.freeze([...checks]);
  return {
    checks: frozen,
    evaluate(profile, pod, ctx) {
      const copy = reviewCopy(pod);
      const reasons: ProfileReason[] = [];
      for (const c of frozen) reasons.push(...c.apply(profile, copy, ctx));
      return { profile: profile.metadata.name ?? '', allowed: reasons.length === 0, reasons, pod: copy };
    },
  };
}

/**
 * reviewCopy is the copy of `pod` that checks default into: what a check may change — the spec's own
 * fields, the pod's securityContext, each container's own fields and its securityContext — is copied,
 * everything else (metadata, volumes, env, probes…) is shared with `pod`, read-only. A deep copy of the
 * whole pod per profile tried was 40% of the engine's time. The check tables (checks/testing.ts) run
 * every case on a reviewCopy of a frozen pod, so a check that writes anywhere else fails its tests.
 */
export function reviewCopy(pod: PodUnderReview): PodUnderReview {
  if (!isRecord(pod.spec) || (pod.metadata != null && !isRecord(pod.metadata))) {
    const copy = jsonClone(pod);
    copy.spec ??= {};
    copy.metadata ??= {};
    return copy;
  }
  const spec: Record<string, any> = { ...pod.spec };
  if (isRecord(spec.securityContext)) spec.securityContext = jsonClone(spec.securityContext);
  for (const key of CONTAINER_LISTS) {
    const list: unknown = spec[key];
    if (!Array.isArray(list)) continue;
    spec[key] = list.map((c: unknown) => {
      if (!isRecord(c)) return c;
      const copy = { ...c };
      if (isRecord(copy.securityContext)) copy.securityContext = jsonClone(copy.securityContext);
      return copy;
    });
  }
  return { ...pod, metadata: pod.metadata ?? {}, spec };
}

/** profileEngine is the process-wide engine; building it validates PROFILE_CHECKS when the module loads. */
export const profileEngine: ProfileEngine = createProfileEngine();

/**
 * restrictiveness scores how much a profile allows (lower is more restrictive), in the spirit of
 * OpenShift's SCC point values: host access and privilege weigh most, then identity strategies,
 * then capabilities and volume types. Used only to order profiles of equal priority.
 */
export function restrictiveness(p: SecurityProfile): number {
  let s = 0;
  if (p.allowPrivilegedContainer) s += 100_000;
  if (p.allowHostNetwork) s += 10_000;
  if (p.allowHostPID) s += 10_000;
  if (p.allowHostIPC) s += 10_000;
  if (p.allowHostPorts) s += 5_000;
  const vols: readonly string[] = p.volumes ?? [];
  if (vols.includes('*')) s += 11_000;
  else {
    if (vols.includes('hostPath')) s += 10_000;
    s += 10 * vols.length;
  }
  const caps = p.allowedCapabilities ?? [];
  s += caps.includes('*') ? 5_000 : 100 * caps.length;
  s += 100 * (p.defaultAddCapabilities ?? []).length;
  if (!(p.requiredDropCapabilities ?? []).includes('ALL')) s += 200;
  if ((p.allowedProcMountTypes ?? []).includes('Unmasked')) s += 5_000;
  const sysctls = p.allowedUnsafeSysctls ?? [];
  s += sysctls.includes('*') ? 5_000 : 100 * sysctls.length;
  const runAs = p.runAsUser?.type ?? 'MustRunAsRange';
  if (runAs === 'RunAsAny') s += 1_000;
  else if (runAs === 'MustRunAsNonRoot') s += 500;
  if ((p.seLinuxContext?.type ?? 'MustRunAs') === 'RunAsAny') s += 1_000;
  const seccomp = p.seccompProfiles ?? ['RuntimeDefault'];
  if (seccomp.includes('*') || seccomp.includes('Unconfined')) s += 1_000;
  const apparmor = p.appArmorProfiles ?? [];
  if (apparmor.includes('*') || apparmor.includes('Unconfined')) s += 1_000;
  if (p.allowPrivilegeEscalation) s += 500;
  if ((p.fsGroup?.type ?? 'MustRunAs') === 'RunAsAny') s += 100;
  if ((p.supplementalGroups?.type ?? 'MustRunAs') === 'RunAsAny') s += 100;
  if (p.userNamespaceLevel !== 'RequirePodLevel') s += 50;
  if (!p.readOnlyRootFilesystem) s += 10;
  return s;
}

/** orderProfiles sorts profiles as admission tries them: priority (highest first), then most restrictive, then name. */
export function orderProfiles<T extends SecurityProfile>(profiles: readonly T[]): T[] {
  const scored = profiles.map((p) => ({ p, prio: p.priority ?? 0, score: restrictiveness(p), name: p.metadata.name ?? '' }));
  scored.sort((a, b) => b.prio - a.prio || a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.map((x) => x.p);
}

/** Selection is the outcome of trying profiles in order: the first that admits the pod, and every evaluation made. */
export interface Selection {
  chosen?: ProfileEvaluation;
  tried: ProfileEvaluation[];
}

/**
 * selectProfile tries `ordered` (already usable and ordered) in turn and stops at the first that
 * admits the pod. The pod is never changed; the chosen evaluation carries the defaulted copy.
 */
export function selectProfile(engine: ProfileEngine, ordered: readonly SecurityProfile[], pod: PodUnderReview, ctx: ProfileContext): Selection {
  const tried: ProfileEvaluation[] = [];
  for (const p of ordered) {
    const e = engine.evaluate(p, pod, ctx);
    tried.push(e);
    if (e.allowed) return { chosen: e, tried };
  }
  return { tried };
}

/** denialDetail renders every failed evaluation: `profile "a": f1: msg, f2: msg; profile "b": ...`. */
export function denialDetail(tried: readonly ProfileEvaluation[]): string {
  return tried.map((e) => `profile "${e.profile}": ${e.reasons.map((r) => `${r.field}: ${r.message}`).join(', ')}`).join('; ');
}
