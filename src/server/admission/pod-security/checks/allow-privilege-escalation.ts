/*
Privilege escalation (such as via set-user-ID or set-group-ID file mode) should
not be allowed.

Restricted Fields:
  spec.containers[*].securityContext.allowPrivilegeEscalation
  spec.initContainers[*].securityContext.allowPrivilegeEscalation
  spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation

Allowed Values: false (must be set explicitly)

Exemption: from 1.25, pods with spec.os.name == "windows" are exempt (the field
cannot be set on Windows pods).

Level: restricted. Versions: 1.8, 1.25.
Mirrors k8s.io/pod-security-admission/policy/check_allowPrivilegeEscalation.go.
*/

import { ALLOWED, defineCheck, forbid, withExemption, type CheckPodFn } from '../check';
import { badSetters, isWindowsPod } from '../helpers';
import { v } from '../level-version';

/** allowPrivilegeEscalationV1Dot8 requires every container to set allowPrivilegeEscalation=false. */
export const allowPrivilegeEscalationV1Dot8: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => c.securityContext?.allowPrivilegeEscalation !== false);
  if (bad.who === '') return ALLOWED;
  return forbid('allowPrivilegeEscalation != false', `${bad.who} must set securityContext.allowPrivilegeEscalation=false`);
};

/** allowPrivilegeEscalation is the restricted `allowPrivilegeEscalation` check; from 1.25 Windows pods are exempt. */
export const allowPrivilegeEscalation = defineCheck({
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: withExemption({ minimumVersion: v(1, 8), check: allowPrivilegeEscalationV1Dot8 }, v(1, 25), isWindowsPod),
});
