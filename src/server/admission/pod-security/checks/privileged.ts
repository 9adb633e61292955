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
import { containerName, isSet, joinQuote, pluralize, visitContainers } from '../helpers';
import { v } from '../level-version';

/** privilegedV1Dot0 rejects any container with securityContext.privileged=true. */
export const privilegedV1Dot0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    if (isSet(c.securityContext?.privileged)) bad.push(containerName(c));
  });
  if (bad.length === 0) return ALLOWED;
  return forbid('privileged', `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true`);
};

/** privileged is the baseline `privileged` check. */
export const privileged = defineCheck({
  id: 'privileged',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: privilegedV1Dot0 }],
});
