/*
Privileged Pods disable most security mechanisms and must be disallowed.

Restricted Fields:
  spec.containers[*].securityContext.privileged
  spec.initContainers[*].securityContext.privileged
  spec.ephemeralContainers[*].securityContext.privileged

Allowed Values: false, undefined/null

Level: baseline. Versions: 1.0.
Mirrors k8s.io/pod-security-admission/policy/check_privileged.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { badSetters, isSet } from '../helpers';
import { v } from '../level-version';

/** privilegedV1Dot0 rejects any container with securityContext.privileged=true. */
export const privilegedV1Dot0: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => isSet(c.securityContext?.privileged));
  if (bad.who === '') return ALLOWED;
  return forbid('privileged', `${bad.who} must not set securityContext.privileged=true`);
};

/** privileged is the baseline `privileged` check. */
export const privileged = defineCheck({
  id: 'privileged',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: privilegedV1Dot0 }],
});
