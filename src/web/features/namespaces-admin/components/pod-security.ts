// The Kubernetes Pod Security labels of a namespace: `pod-security.kubernetes.io/<mode>` with a
// level, and `<mode>-version` (a minor version such as v1.30, or latest).

/** PSS_MODES are the three modes: enforce rejects, warn returns warnings, audit annotates audit events. */
export const PSS_MODES = ['enforce', 'warn', 'audit'] as const;
/** PssMode is one mode. */
export type PssMode = (typeof PSS_MODES)[number];
/** PSS_LEVELS are the levels; '' means the label is not set. */
export const PSS_LEVELS = ['', 'privileged', 'baseline', 'restricted'] as const;

/** PodSecurity is each mode's level ('' = unset) and version ('' = unset, which means latest). */
export type PodSecurity = Record<PssMode, { level: string; version: string }>;

const PREFIX = 'pod-security.kubernetes.io/';

/** readPodSecurity reads the labels of a namespace. */
export function readPodSecurity(labels: Record<string, string> | null | undefined): PodSecurity {
  const l = labels ?? {};
  const out = {} as PodSecurity;
  for (const m of PSS_MODES) out[m] = { level: l[`${PREFIX}${m}`] ?? '', version: l[`${PREFIX}${m}-version`] ?? '' };
  return out;
}

/**
 * podSecurityPatch is the merge-patch labels that turn `current` into `desired`: changed labels set,
 * cleared ones null (removed), unchanged ones left out. A mode without a level drops its version too.
 */
export function podSecurityPatch(current: PodSecurity, desired: PodSecurity): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const m of PSS_MODES) {
    const level = desired[m].level.trim();
    const version = level ? desired[m].version.trim() : '';
    if (level !== current[m].level) patch[`${PREFIX}${m}`] = level || null;
    if (version !== current[m].version) patch[`${PREFIX}${m}-version`] = version || null;
  }
  return patch;
}
