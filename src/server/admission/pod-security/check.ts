// The shape of one Pod Security Standards check, mirroring
// k8s.io/pod-security-admission/policy/checks.go: an ID, a level, and one or
// more versioned implementations. Each check lives in its own file under
// ../checks and is listed in ../checks/index.ts.

import type { CheckLevel, MajorMinor } from './level-version';
import type { PodMetaLike, PodSpecLike } from './types';

/**
 * CheckResult is one check's verdict. When `allowed` is false, `reason` is short
 * and always shown (e.g. `privileged`); `detail` names the offenders (e.g.
 * `container "app" must not set securityContext.privileged=true`) and is shown
 * in parentheses after the reason.
 */
export interface CheckResult {
  readonly allowed: boolean;
  readonly reason?: string;
  readonly detail?: string;
}

/** CheckPodFn evaluates one pod. It must be pure and must not throw on any JSON-shaped input. */
export type CheckPodFn = (podMeta: PodMetaLike | null | undefined, podSpec: PodSpecLike) => CheckResult;

/** VersionedCheck is one revision of a check, in force from `minimumVersion` until the next revision. */
export interface VersionedCheck {
  /** minimumVersion is the first policy version this revision applies to; never `latest`. */
  readonly minimumVersion: MajorMinor;
  readonly check: CheckPodFn;
  /**
   * overrides names baseline checks this (restricted) revision replaces when
   * evaluating at restricted, because it checks the same fields more strictly.
   */
  readonly overrides?: readonly string[];
}

/**
 * Check is a registered check. Invariants (enforced by createEvaluator): `id` is
 * unique; `level` is baseline or restricted; `versions` is non-empty and
 * strictly increasing; only restricted checks override, and only baseline
 * checks. `check` is the newest revision, i.e. what `latest` runs.
 */
export interface Check {
  readonly id: string;
  readonly level: CheckLevel;
  readonly versions: readonly VersionedCheck[];
  readonly check: CheckPodFn;
}

/** ALLOWED is the shared passing result. */
export const ALLOWED: CheckResult = Object.freeze({ allowed: true });

/** forbid builds a failing result. */
export function forbid(reason: string, detail?: string): CheckResult {
  return detail === undefined ? { allowed: false, reason } : { allowed: false, reason, detail };
}

/**
 * withExemption lists `first` and the revision that, from `from`, allows every pod `exempt` matches and
 * applies `first` (its check and overrides) to the rest: upstream's "from 1.25 Windows pods are exempt"
 * and "from 1.35 user-namespace pods are relaxed" revisions.
 */
export function withExemption(first: VersionedCheck, from: MajorMinor, exempt: (spec: PodSpecLike) => boolean): VersionedCheck[] {
  const check: CheckPodFn = (meta, spec) => (exempt(spec) ? ALLOWED : first.check(meta, spec));
  return [first, { ...first, minimumVersion: from, check }];
}

/** defineCheck builds a Check whose `check` is its newest revision. */
export function defineCheck(spec: { id: string; level: CheckLevel; versions: readonly VersionedCheck[] }): Check {
  const newest = spec.versions[spec.versions.length - 1];
  const check: CheckPodFn = newest
    ? newest.check
    : () => {
      throw new Error(`check ${spec.id}: empty`);
    };
  return Object.freeze({ id: spec.id, level: spec.level, versions: Object.freeze([...spec.versions]), check });
}

/** checkAt returns the revision of `c` in force at `version`, or undefined when the check did not exist yet. */
export function checkAt(c: Check, version: MajorMinor): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const rev of c.versions) {
    const m = rev.minimumVersion;
    if (m.major < version.major || (m.major === version.major && m.minor <= version.minor)) found = rev;
  }
  return found;
}
