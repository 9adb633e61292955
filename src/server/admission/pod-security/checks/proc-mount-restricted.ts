/*
The default /proc masks are set up to reduce attack surface, and are required
by the restricted policy even for pods in a user namespace.

Restricted Fields:
  spec.containers[*].securityContext.procMount
  spec.initContainers[*].securityContext.procMount
  spec.ephemeralContainers[*].securityContext.procMount

Allowed Values: undefined/null, "Default" (regardless of spec.hostUsers)

Level: restricted. Versions: 1.35. Overrides procMount (whose 1.35 revision
relaxes for hostUsers: false); before 1.35 the baseline procMount check was
already unconditional, so restricted needs nothing extra.
Mirrors k8s.io/pod-security-admission/policy/check_procMount_restricted.go.
*/

import { defineCheck } from '../check';
import { v } from '../level-version';
import { PROC_MOUNT_ID, procMountV1Dot0 } from './proc-mount';

/** procMountRestricted is the restricted `procMount_restricted` check. */
export const procMountRestricted = defineCheck({
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{ minimumVersion: v(1, 35), check: procMountV1Dot0, overrides: [PROC_MOUNT_ID] }],
});
