// The check registry and evaluator, mirroring pod-security-admission's
// policy/registry.go: validate the checks once at startup, precompute which
// revision of which check runs at every policy version, and evaluate a pod by
// running that list in a fixed order.

import { checkAt, type Check, type CheckPodFn, type CheckResult } from './check';
import { byteOrder } from './helpers';
import { formatVersion, isMajorMinor, older, v, type MajorMinor, type PolicyLevel, type PolicyVersion } from './level-version';
import type { PodMetaLike, PodSpecLike } from './types';

/** CheckOutcome is one check's result tagged with the check's ID. */
export interface CheckOutcome extends CheckResult {
  readonly id: string;
}

/**
 * Evaluator runs the registered checks for a level and version. It is built
 * once by createEvaluator and is immutable; evaluating throws only for a
 * malformed version object (a TypeError), never because of the pod.
 */
export interface Evaluator {
  /** maxVersion is the newest revision of any check; `latest` and any newer version evaluate as this one. */
  readonly maxVersion: MajorMinor;
  /** checkIds lists the IDs that run at level and version, in evaluation (and message) order. */
  checkIds(level: PolicyLevel, version: PolicyVersion): readonly string[];
  /** evaluate runs every applicable check and returns all results, passing or not; privileged runs none. */
  evaluate(level: PolicyLevel, version: PolicyVersion, podMeta: PodMetaLike | null | undefined, podSpec: PodSpecLike): CheckOutcome[];
}

/** InvalidChecksError is thrown by createEvaluator for a malformed check table. */
export class InvalidChecksError extends Error {
  override readonly name = 'InvalidChecksError';
}

interface Entry {
  readonly id: string;
  readonly fn: CheckPodFn;
}

interface Tables {
  readonly baseline: readonly Entry[];
  readonly restricted: readonly Entry[];
}

/**
 * validateChecks enforces registry.go's rules: unique IDs; level baseline or
 * restricted; a non-empty, strictly increasing list of concrete v1.x revisions;
 * overrides only on restricted checks and only of baseline (or unknown) IDs.
 */
function validateChecks(checks: readonly Check[]): void {
  const fail = (msg: string): never => {
    throw new InvalidChecksError(msg);
  };
  const levels = new Map<string, string>();
  for (const c of checks) {
    if (c === null || typeof c !== 'object') fail('check must be an object');
    if (typeof c.id !== 'string' || c.id === '') fail('check with empty ID');
    if (levels.has(c.id)) fail(`multiple checks registered for ID ${c.id}`);
    levels.set(c.id, c.level);
    if (c.level !== 'baseline' && c.level !== 'restricted') fail(`check ${c.id}: invalid level ${String(c.level)}`);
    if (typeof c.check !== 'function') fail(`check ${c.id}: check is not a function`);
    if (!Array.isArray(c.versions) || c.versions.length === 0) fail(`check ${c.id}: empty`);
    let prev: MajorMinor | undefined;
    for (const rev of c.versions) {
      const min: unknown = rev?.minimumVersion;
      if ((min as unknown) === 'latest') fail(`check ${c.id}: version cannot be 'latest'`);
      if (!isMajorMinor(min) || (min.major === 0 && min.minor === 0)) fail(`check ${c.id}: undefined version found`);
      const mm = min as MajorMinor;
      // Upstream assumes a single major version when inflating revisions; so do we.
      if (mm.major !== 1) fail(`check ${c.id}: version ${formatVersion(mm)} must be v1.x`);
      if (typeof rev.check !== 'function') fail(`check ${c.id}: ${formatVersion(mm)} has no check function`);
      if (prev && prev.minor === mm.minor) fail(`check ${c.id}: duplicate version ${formatVersion(mm)}`);
      if (prev && !older(prev, mm)) fail(`check ${c.id}: versions must be strictly increasing`);
      prev = mm;
    }
  }
  for (const c of checks) {
    for (const rev of c.versions) {
      if (!rev.overrides || rev.overrides.length === 0) continue;
      if (c.level !== 'restricted') fail(`check ${c.id}: only restricted checks may set overrides`);
      for (const o of rev.overrides) {
        const overridden = levels.get(o);
        if (overridden !== undefined && overridden !== 'baseline') fail(`check ${c.id}: overrides ${overridden} check ${o}`);
      }
    }
  }
}

/**
 * createEvaluator validates checks and precomputes, for every version from v1.0
 * to the newest revision, the ordered list of check revisions to run at
 * baseline and at restricted. It throws InvalidChecksError on a bad table, so a
 * misregistered check stops the server at startup rather than mid-request.
 *
 * Order matches upstream so aggregated messages are identical: baseline IDs
 * sorted bytewise, then restricted IDs sorted bytewise. At restricted, a
 * baseline check is dropped at any version where a restricted revision lists it
 * in `overrides`.
 */
export function createEvaluator(checks: readonly Check[]): Evaluator {
  validateChecks(checks);

  let maxVersion: MajorMinor = v(1, 0);
  for (const c of checks) {
    const last = c.versions[c.versions.length - 1].minimumVersion;
    if (older(maxVersion, last)) maxVersion = last;
  }

  const byId = (a: Check, b: Check): number => byteOrder(a.id, b.id);
  const baselineChecks = checks.filter((c) => c.level === 'baseline').sort(byId);
  const restrictedChecks = checks.filter((c) => c.level === 'restricted').sort(byId);

  const tables: Tables[] = [];
  for (let minor = 0; minor <= maxVersion.minor; minor++) {
    const at = v(1, minor);
    const baseline: Entry[] = [];
    for (const c of baselineChecks) {
      const rev = checkAt(c, at);
      if (rev) baseline.push({ id: c.id, fn: rev.check });
    }
    const overridden = new Set<string>();
    const restrictedOnly: Entry[] = [];
    for (const c of restrictedChecks) {
      const rev = checkAt(c, at);
      if (!rev) continue;
      restrictedOnly.push({ id: c.id, fn: rev.check });
      for (const o of rev.overrides ?? []) overridden.add(o);
    }
    const restricted = [...baseline.filter((e) => !overridden.has(e.id)), ...restrictedOnly];
    tables.push(Object.freeze({ baseline: Object.freeze(baseline), restricted: Object.freeze(restricted) }));
  }

  const entriesFor = (level: PolicyLevel, version: PolicyVersion): readonly Entry[] => {
    if (level === 'privileged') return [];
    if (version !== 'latest' && !isMajorMinor(version)) throw new TypeError(`invalid policy version ${JSON.stringify(version)}`);
    // `latest` and anything newer than the newest revision evaluate as the newest revision.
    const resolved = older(maxVersion, version) ? maxVersion : (version as MajorMinor);
    if (older(resolved, v(1, 0))) return [];
    const t = tables[resolved.minor];
    return level === 'baseline' ? t.baseline : t.restricted;
  };

  return Object.freeze({
    maxVersion,
    checkIds: (level: PolicyLevel, version: PolicyVersion) => entriesFor(level, version).map((e) => e.id),
    evaluate: (level: PolicyLevel, version: PolicyVersion, podMeta: PodMetaLike | null | undefined, podSpec: PodSpecLike) =>
      entriesFor(level, version).map((e) => ({ id: e.id, ...e.fn(podMeta, podSpec) })),
  });
}
