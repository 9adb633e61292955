/*
The default /proc masks are set up to reduce attack surface, and should be
required by the baseline policy unless the pod is in a user namespace.

Restricted Fields:
  spec.containers[*].securityContext.procMount
  spec.initContainers[*].securityContext.procMount
  spec.ephemeralContainers[*].securityContext.procMount

Allowed Values:
  undefined/null, "Default"
  any value when spec.hostUsers is false (from 1.35)

Level: baseline. Versions: 1.0, 1.35. Overridden at restricted from 1.35 by
procMount_restricted, which keeps the unconditional 1.0 rule.
Mirrors k8s.io/pod-security-admission/policy/check_procMount_baseline.go.
*/

import { ALLOWED, defineCheck, forbid, withExemption, type CheckPodFn } from '../check';
import { badSetters, joinQuote, relaxForUserNamespace, sortedSet, str } from '../helpers';
import { v } from '../level-version';

/** PROC_MOUNT_ID is the ID procMount_restricted overrides. */
export const PROC_MOUNT_ID = 'procMount';

/** procMountV1Dot0 rejects any procMount other than Default, unconditionally. */
export const procMountV1Dot0: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => {
    const pm = c.securityContext?.procMount;
    return pm != null && pm !== 'Default' && str(pm);
  });
  if (bad.who === '') return ALLOWED;
  return forbid('procMount', `${bad.who} must not set securityContext.procMount to ${joinQuote(sortedSet(bad.values))}`);
};

/** procMount is the baseline `procMount` check; from 1.35 user-namespace pods (hostUsers: false) may set any procMount. */
export const procMount = defineCheck({
  id: PROC_MOUNT_ID,
  level: 'baseline',
  versions: withExemption({ minimumVersion: v(1, 0), check: procMountV1Dot0 }, v(1, 35), relaxForUserNamespace),
});
