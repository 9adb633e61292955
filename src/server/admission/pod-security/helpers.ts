// Small helpers shared by the checks, mirroring pod-security-admission's
// policy/helpers.go and policy/visitor.go, plus the Go formatting bits (%q,
// sorted string sets) that upstream's messages depend on.

import type { ContainerLike, Maybe, PodSpecLike, ProfileLike, SharedSecurityContextLike } from './types';
import { forEachContainer } from '../containers';

/** joinQuote renders `"a", "b"`; an empty list renders as the empty string (upstream joinQuote). */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** pluralize picks singular when count is exactly 1. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** counted renders `containers "a", "b"`: the noun pluralized by the number of items, then the items quoted. */
export function counted(singular: string, plural: string, items: readonly string[]): string {
  return `${pluralize(singular, plural, items.length)} ${joinQuote(items)}`;
}

/** usesPhrase renders upstream's `containers "a", "b" use probe or lifecycle hosts "x"`: who, the verb agreeing with them, and what they use. */
export function usesPhrase(user: readonly [string, string], names: readonly string[], thing: readonly [string, string], items: readonly string[]): string {
  return `${counted(user[0], user[1], names)} ${pluralize('uses', 'use', names.length)} ${counted(thing[0], thing[1], items)}`;
}

/** byteOrder compares strings as Go's sort.Strings does (by code unit, not locale). */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sortedSet is a Go sets.String's List(): unique and sorted in byte order. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(byteOrder);
}

/**
 * visitContainers calls fn for every init container, then every container,
 * then every ephemeral container, in that order (upstream visitContainers).
 * Missing or null lists and null entries are skipped.
 */
export function visitContainers(spec: PodSpecLike, fn: (c: ContainerLike) => void): void {
  forEachContainer<ContainerLike>(spec, fn);
}

/** containerName is the name used in messages; Go prints an unset name as "". */
export function containerName(c: ContainerLike): string {
  return typeof c.name === 'string' ? c.name : '';
}

/** str renders a scalar as Go would print it in a message; objects become their JSON. */
export function str(x: unknown): string {
  if (typeof x === 'string') return x;
  if (x === undefined || x === null) return '';
  if (typeof x === 'object') return JSON.stringify(x);
  return String(x);
}

/**
 * isSet reports whether a "must not be true" flag is set: anything other than
 * absent, null or false. For well-typed input this is Go's `p != nil && *p`;
 * for malformed input it fails closed.
 */
export function isSet(x: unknown): boolean {
  return x !== undefined && x !== null && x !== false;
}

/** arrayOf returns x when it is an array and [] otherwise. */
export function arrayOf<T>(x: T[] | readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(x) ? x : [];
}

export { isRecord } from '../../../shared/json';

/** relaxForUserNamespace reports whether the pod runs in a user namespace (spec.hostUsers explicitly false). */
export function relaxForUserNamespace(spec: PodSpecLike): boolean {
  return spec.hostUsers === false;
}

/** isWindowsPod reports whether spec.os.name is exactly `windows`, which exempts some restricted checks from 1.25. */
export function isWindowsPod(spec: PodSpecLike): boolean {
  return spec.os != null && spec.os.name === 'windows';
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"',
};

/**
 * goQuote renders s as Go's %q does: double-quoted, with backslash escapes for
 * quotes, backslashes and control characters; printable Unicode is kept.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = GO_ESCAPES[ch];
    if (esc !== undefined) {
      out += esc;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if ((cp >= 0x80 && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfeff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * SetterVerdict is what a setter test says of the pod or of one container: nothing forbidden
 * (undefined, null, false or an empty list), forbidden (true), or forbidden naming the offending
 * value or values.
 */
export type SetterVerdict = boolean | string | readonly string[] | null | undefined;

/** noteVerdict adds a verdict's offending values to `values` and tells whether it forbids (allocating nothing: checks run per pod write). */
function noteVerdict(verdict: SetterVerdict, values: string[]): boolean {
  if (verdict === undefined || verdict === null || verdict === false) return false;
  if (verdict === true) return true;
  if (typeof verdict === 'string') {
    values.push(verdict);
    return true;
  }
  for (const v of verdict) values.push(v);
  return verdict.length > 0;
}

/** BadSetters names who set a forbidden value, as upstream's messages do. */
export interface BadSetters {
  /** who is `pod`, `containers "a", "b"` or `pod and container "a"`; '' when nothing is forbidden. */
  readonly who: string;
  /** containers are the offending containers' names, in visiting order. */
  readonly containers: readonly string[];
  /** values are the offending values, the pod's first, then in visiting order (unsorted, duplicates kept). */
  readonly values: readonly string[];
}

/** whoSet names the offenders as upstream's messages do: `pod`, `containers "a", "b"`, `pod and container "a"`, or ''. */
function whoSet(pod: boolean, containers: readonly string[]): string {
  const who = containers.length > 0 ? counted('container', 'containers', containers) : '';
  if (!pod) return who;
  return who === '' ? 'pod' : `pod and ${who}`;
}

/**
 * badSetters runs `pod` (when given) on the pod spec, then `container` on every container in visiting
 * order, and names the offenders: the frame of upstream's "pod and containers "a", "b" must not set …"
 * messages. Without a `pod` test only containers can offend.
 */
export function badSetters(
  spec: PodSpecLike,
  container: (c: ContainerLike) => SetterVerdict,
  pod?: (spec: PodSpecLike) => SetterVerdict,
): BadSetters {
  const values: string[] = [];
  const podBad = pod !== undefined && noteVerdict(pod(spec), values);
  const containers: string[] = [];
  visitContainers(spec, (c) => {
    if (noteVerdict(container(c), values)) containers.push(containerName(c));
  });
  return { who: whoSet(podBad, containers), containers, values };
}

/** RequiredSetting is badSetters' answer for a required field, plus the containers that leave it unset. */
export interface RequiredSetting extends BadSetters {
  /** unset are the containers that leave the field unset while the pod does not set it to an allowed value. */
  readonly unset: readonly string[];
}

/**
 * requireSetting checks a field that must hold an allowed value on the pod or on every container; a
 * container may leave it unset only when the pod sets it to an allowed value (upstream's runAsNonRoot
 * and seccompProfile_restricted). `read` picks the field from a security context (null/undefined is
 * unset), `valid` judges a set value and `describe` renders a forbidden one for the message.
 */
export function requireSetting<T>(
  spec: PodSpecLike,
  read: (sc: Maybe<SharedSecurityContextLike>) => Maybe<T>,
  valid: (value: T) => boolean,
  describe: (value: T) => string = str,
): RequiredSetting {
  const values: string[] = [];
  const podValue = read(spec.securityContext);
  const podSet = podValue != null;
  const podAllowed = podSet && valid(podValue);
  if (podSet && !podAllowed) values.push(describe(podValue));
  const containers: string[] = [];
  const unset: string[] = [];
  visitContainers(spec, (c) => {
    const value = read(c.securityContext);
    if (value == null) {
      if (!podAllowed) unset.push(containerName(c));
    } else if (!valid(value)) {
      containers.push(containerName(c));
      values.push(describe(value));
    }
  });
  return { who: whoSet(podSet && !podAllowed, containers), containers, values, unset };
}

/**
 * badProfileType returns the type of a set seccomp or AppArmor profile when it is neither RuntimeDefault
 * nor Localhost (Go prints an unset type as ""), and undefined for an unset or allowed profile.
 */
export function badProfileType(profile: Maybe<ProfileLike>): string | undefined {
  if (profile == null) return undefined;
  return profile.type === 'RuntimeDefault' || profile.type === 'Localhost' ? undefined : str(profile.type);
}
