/*
Adding NET_RAW or capabilities beyond the default set must be disallowed.

Restricted Fields:
  spec.containers[*].securityContext.capabilities.add
  spec.initContainers[*].securityContext.capabilities.add
  spec.ephemeralContainers[*].securityContext.capabilities.add

Allowed Values:
  undefined/empty
  AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE,
  SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT (exact, case-sensitive; no CAP_ prefix)

Level: baseline. Versions: 1.0. Overridden at restricted by capabilities_restricted (1.22+).
Mirrors k8s.io/pod-security-admission/policy/check_capabilities_baseline.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { arrayOf, badSetters, joinQuote, sortedSet, str } from '../helpers';
import { v } from '../level-version';

/** CAPABILITIES_BASELINE_ID is the ID capabilities_restricted overrides. */
export const CAPABILITIES_BASELINE_ID = 'capabilities_baseline';

const allowed1Dot0 = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** capabilitiesBaselineV1Dot0 rejects containers adding a capability outside the default set. */
export const capabilitiesBaselineV1Dot0: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => {
    const caps: string[] = [];
    for (const cap of arrayOf(c.securityContext?.capabilities?.add)) if (!allowed1Dot0.has(cap)) caps.push(str(cap));
    return caps;
  });
  if (bad.who === '') return ALLOWED;
  return forbid('non-default capabilities', `${bad.who} must not include ${joinQuote(sortedSet(bad.values))} in securityContext.capabilities.add`);
};

/** capabilitiesBaseline is the baseline `capabilities_baseline` check. */
export const capabilitiesBaseline = defineCheck({
  id: CAPABILITIES_BASELINE_ID,
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: capabilitiesBaselineV1Dot0 }],
});
