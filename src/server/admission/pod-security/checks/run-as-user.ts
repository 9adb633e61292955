/*
Containers must not set runAsUser to 0.

Restricted Fields:
  spec.securityContext.runAsUser
  spec.containers[*].securityContext.runAsUser
  spec.initContainers[*].securityContext.runAsUser
  spec.ephemeralContainers[*].securityContext.runAsUser

Allowed Values: any non-zero value, undefined/null
  anything when spec.hostUsers is false (from 1.35)

Level: restricted. Versions: 1.23, 1.35.
Mirrors k8s.io/pod-security-admission/policy/check_runAsUser.go.
*/

import { ALLOWED, defineCheck, forbid, withExemption, type CheckPodFn } from '../check';
import { badSetters, relaxForUserNamespace } from '../helpers';
import { v } from '../level-version';

/** runAsUserV1Dot23 rejects runAsUser=0 on the pod or any container. */
export const runAsUserV1Dot23: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => c.securityContext?.runAsUser === 0, (s) => s.securityContext?.runAsUser === 0);
  if (bad.who === '') return ALLOWED;
  return forbid('runAsUser=0', `${bad.who} must not set runAsUser=0`);
};

/** runAsUser is the restricted `runAsUser` check; from 1.35 user-namespace pods (hostUsers: false) are not checked. */
export const runAsUser = defineCheck({
  id: 'runAsUser',
  level: 'restricted',
  versions: withExemption({ minimumVersion: v(1, 23), check: runAsUserV1Dot23 }, v(1, 35), relaxForUserNamespace),
});
