// Policy levels and versions, mirroring k8s.io/pod-security-admission/api
// (constants.go, helpers.go): the label values a namespace may carry and how
// they order.

/** PolicyLevel is a Pod Security Standards level; `privileged` admits everything. */
export type PolicyLevel = 'privileged' | 'baseline' | 'restricted';

/** CheckLevel is a level a check may belong to: only baseline and restricted have checks. */
export type CheckLevel = 'baseline' | 'restricted';

/** MajorMinor is a concrete policy version such as v1.25. */
export interface MajorMinor {
  readonly major: number;
  readonly minor: number;
}

/** PolicyVersion is a concrete version or `latest`, which is newer than every version, even future ones. */
export type PolicyVersion = 'latest' | MajorMinor;

/** POLICY_LEVELS lists the valid level label values, in upstream's order (used in error messages). */
export const POLICY_LEVELS: readonly PolicyLevel[] = ['privileged', 'baseline', 'restricted'];

/** isPolicyLevel reports whether s is exactly one of the three level names (case-sensitive, as upstream). */
export function isPolicyLevel(s: unknown): s is PolicyLevel {
  return s === 'privileged' || s === 'baseline' || s === 'restricted';
}

/** v builds the MajorMinor version major.minor. */
export function v(major: number, minor: number): MajorMinor {
  return { major, minor };
}

/** isMajorMinor reports whether x is a well-formed concrete version (non-negative integers). */
export function isMajorMinor(x: unknown): x is MajorMinor {
  if (typeof x !== 'object' || x === null) return false;
  const { major, minor } = x as { major?: unknown; minor?: unknown };
  return Number.isInteger(major) && Number.isInteger(minor) && (major as number) >= 0 && (minor as number) >= 0;
}

/** older reports whether a is strictly older than b; `latest` is never older and always newer. */
export function older(a: PolicyVersion, b: PolicyVersion): boolean {
  if (a === 'latest') return false;
  if (b === 'latest') return true;
  if (a.major !== b.major) return a.major < b.major;
  return a.minor < b.minor;
}

/** formatVersion renders `latest` or `v1.25`, as upstream's Version.String. */
export function formatVersion(version: PolicyVersion): string {
  return version === 'latest' ? 'latest' : `v${version.major}.${version.minor}`;
}

/** formatLevelVersion renders `restricted:latest`, the form used in every PodSecurity message and annotation. */
export function formatLevelVersion(level: PolicyLevel, version: PolicyVersion): string {
  return `${level}:${formatVersion(version)}`;
}

const VERSION_RE = /^v1\.([0-9]|[1-9][0-9]*)$/;

/** LEVEL_ERROR is upstream's ParseLevel error text. */
export const LEVEL_ERROR = `must be one of ${POLICY_LEVELS.join(', ')}`;
/** VERSION_ERROR is upstream's ParseVersion error text. */
export const VERSION_ERROR = 'must be "latest" or "v1.x"';

/**
 * parseVersion parses a `-version` label value: `latest` or `v1.<minor>` with no
 * leading zeros (v1.0 is valid, v1.01 is not). Anything else is an error and,
 * as upstream, falls back to `latest`.
 */
export function parseVersion(s: string): { version: PolicyVersion; error?: string } {
  if (s === 'latest') return { version: 'latest' };
  const m = VERSION_RE.exec(s);
  if (!m) return { version: 'latest', error: VERSION_ERROR };
  const minor = Number(m[1]);
  // Beyond 2^53 the minor is no longer exact; upstream's Atoi fails there too.
  if (!Number.isSafeInteger(minor)) return { version: 'latest', error: VERSION_ERROR };
  return { version: v(1, minor) };
}

/** parseLevel parses a level label value; an invalid value is an error and, as upstream, falls back to `restricted`. */
export function parseLevel(s: string): { level: PolicyLevel; error?: string } {
  return isPolicyLevel(s) ? { level: s } : { level: 'restricted', error: LEVEL_ERROR };
}

/** compareLevels is -1, 0 or 1 as a is less strict than, as strict as, or stricter than b. */
export function compareLevels(a: PolicyLevel, b: PolicyLevel): number {
  const rank = { privileged: 0, baseline: 1, restricted: 2 } as const;
  return Math.sign(rank[a] - rank[b]);
}
