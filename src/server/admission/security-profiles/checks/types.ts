// The shape of one security-profile check (STYLE.md §3, in the way of the Pod Security checks in
// ../checks): each check owns some SecurityProfile fields, fills the profile's defaults into a pod
// and reports the pod fields that still violate them. Each lives in its own file here, with a table
// test beside it, and is listed in ./index.ts; createProfileEngine validates the table at startup.

import type { SecurityProfile, ProfileReason } from '../../../../shared/api/security';

/** NamespaceBlock is a namespace's allocated ranges (annotations `security.gatehouse.dev/uid-range`, `supplemental-groups`, `mcs`). */
export interface NamespaceBlock {
  uid?: { start: number; size: number };
  groups?: { start: number; size: number };
  mcs?: string;
}

/** ProfileContext is what a check may read besides the profile and the pod. */
export interface ProfileContext {
  namespace: string;
  block: NamespaceBlock;
}

/**
 * PodUnderReview is a pod (or a pod template) as admission sees it: JSON-shaped and mutable. Checks
 * read it defensively (any field may be absent or null) and never throw on odd input.
 */
export interface PodUnderReview {
  metadata: { name?: string; annotations?: Record<string, string> | null; [k: string]: unknown };
  spec: Record<string, any>;
}

/**
 * ProfileCheck is one registered check. Invariants (enforced by createProfileEngine): `id` is unique
 * kebab-case; `fields` are SecurityProfile fields, and each such field is owned by exactly one check.
 * `apply` is deterministic, mutates only `pod`, sets only defaults the profile prescribes, and returns
 * `[]` when the (defaulted) pod satisfies the profile.
 */
export interface ProfileCheck {
  readonly id: string;
  readonly fields: readonly (keyof SecurityProfile)[];
  apply(profile: SecurityProfile, pod: PodUnderReview, ctx: ProfileContext): ProfileReason[];
}

import { containersOf } from '../../containers';

export { containersOf, type ContainerRef } from '../../containers';

/**
 * flagCheck is the check of one boolean `allow…` profile field: it finds nothing when the profile sets
 * the field to true, else the reasons `violations` finds in the pod. It sets no defaults.
 */
export function flagCheck(id: string, flag: keyof SecurityProfile, violations: (pod: PodUnderReview) => ProfileReason[]): ProfileCheck {
  return { id, fields: [flag], apply: (profile, pod) => (profile[flag] === true ? [] : violations(pod)) };
}

/** podFlag is the reason a pod sets the pod-level flag `spec.<field>` to true, or none. */
export function podFlag(pod: PodUnderReview, field: string, detail: string): ProfileReason[] {
  return pod.spec[field] === true ? [invalidValue(`spec.${field}`, true, detail)] : [];
}

/** render prints a value the way Kubernetes field errors do (strings quoted, others as JSON). */
export function render(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** invalidValue is a field error `Invalid value: <value>: <detail>`. */
export function invalidValue(field: string, value: unknown, detail: string): ProfileReason {
  return { field, message: `Invalid value: ${render(value)}: ${detail}` };
}

/** forbiddenField is a field error `Forbidden: <detail>`. */
export function forbiddenField(field: string, detail: string): ProfileReason {
  return { field, message: `Forbidden: ${detail}` };
}

/** podSecurityContext returns the pod's securityContext, creating it when `create` is set. */
export function podSecurityContext(pod: PodUnderReview, create: true): Record<string, any>;
export function podSecurityContext(pod: PodUnderReview, create?: false): Record<string, any> | undefined;
export function podSecurityContext(pod: PodUnderReview, create = false): Record<string, any> | undefined {
  const sc = pod.spec.securityContext;
  if (sc && typeof sc === 'object') return sc;
  if (!create) return undefined;
  pod.spec.securityContext = {};
  return pod.spec.securityContext;
}

/** containerSecurityContext returns a container's securityContext, creating it when `create` is set. */
export function containerSecurityContext(c: Record<string, any>, create: true): Record<string, any>;
export function containerSecurityContext(c: Record<string, any>, create?: false): Record<string, any> | undefined;
export function containerSecurityContext(c: Record<string, any>, create = false): Record<string, any> | undefined {
  const sc = c.securityContext;
  if (sc && typeof sc === 'object') return sc;
  if (!create) return undefined;
  c.securityContext = {};
  return c.securityContext;
}

/** SecurityContextRef is a set securityContext of the pod or of one container, with its field path. */
export interface SecurityContextRef {
  sc: Record<string, any>;
  /** path is `spec.securityContext` or `spec.containers[0].securityContext`. */
  path: string;
  /** container is the container it belongs to; undefined for the pod's. */
  container?: Record<string, any>;
}

/** securityContexts lists the pod's securityContext, then every container's in visiting order; unset ones are left out. */
export function securityContexts(pod: PodUnderReview): SecurityContextRef[] {
  const out: SecurityContextRef[] = [];
  const psc = podSecurityContext(pod);
  if (psc) out.push({ sc: psc, path: 'spec.securityContext' });
  for (const { c, path } of containersOf(pod.spec)) {
    const sc = containerSecurityContext(c);
    if (sc) out.push({ sc, path: `${path}.securityContext`, container: c });
  }
  return out;
}

/** isSet is true for a value other than undefined and null. */
export function isSet<T>(x: T | null | undefined): x is T {
  return x !== undefined && x !== null;
}

/** inRanges is true when id lies in one of the inclusive ranges. */
export function inRanges(id: number, ranges: readonly { min: number; max: number }[]): boolean {
  return ranges.some((r) => id >= r.min && id <= r.max);
}

/** describeRanges renders `[1000, 1999]` lists for messages. */
export function describeRanges(ranges: readonly { min: number; max: number }[]): string {
  return ranges.map((r) => `[${r.min}, ${r.max}]`).join(', ');
}

/** outOfRanges is the field error of an ID outside the allowed ranges. */
export function outOfRanges(field: string, value: unknown, ranges: readonly { min: number; max: number }[]): ProfileReason {
  return invalidValue(field, value, `must be in the ranges: ${describeRanges(ranges)}`);
}

/**
 * withGroupRanges applies a group strategy (fsGroup, supplementalGroups; absent: MustRunAs): RunAsAny
 * finds nothing; MustRunAs hands `check` its ranges, or without any the namespace's group block
 * (`security.gatehouse.dev/supplemental-groups`), and is refused in a namespace with neither.
 */
export function withGroupRanges(
  strategy: SecurityProfile['fsGroup'] | SecurityProfile['supplementalGroups'],
  ctx: ProfileContext,
  check: (ranges: readonly { min: number; max: number }[]) => ProfileReason[],
): ProfileReason[] {
  if (strategy?.type === 'RunAsAny') return [];
  const ranges = strategy?.ranges?.length ? strategy.ranges : ctx.block.groups ? [blockRange(ctx.block.groups)] : undefined;
  if (!ranges) return [forbiddenField('metadata.namespace', `namespace "${ctx.namespace}" has no group range (annotation security.gatehouse.dev/supplemental-groups)`)];
  return check(ranges);
}

/** blockRange turns a namespace block `{start, size}` into an inclusive range. */
export function blockRange(b: { start: number; size: number }): { min: number; max: number } {
  return { min: b.start, max: b.start + b.size - 1 };
}

/** matchesPattern matches `*`, an exact value, or a `prefix*` pattern. */
export function matchesPattern(value: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === '*' || p === value || (p.endsWith('*') && value.startsWith(p.slice(0, -1))));
}
