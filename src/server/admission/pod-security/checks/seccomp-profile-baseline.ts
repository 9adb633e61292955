/*
If seccomp profiles are specified, only runtime default and localhost profiles
are allowed.

v1.0 - v1.18:
Restricted Fields:
  metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']
  metadata.annotations['container.seccomp.security.alpha.kubernetes.io/<container name>']
Allowed Values: 'runtime/default', 'docker/default', 'localhost/*', undefined

v1.19+:
Restricted Fields:
  spec.securityContext.seccompProfile.type
  spec.containers[*].securityContext.seccompProfile.type
  spec.initContainers[*].securityContext.seccompProfile.type
  spec.ephemeralContainers[*].securityContext.seccompProfile.type
Allowed Values: 'RuntimeDefault', 'Localhost', undefined

Level: baseline. Versions: 1.0, 1.19. Overridden at restricted from 1.19 by
seccompProfile_restricted.
Mirrors k8s.io/pod-security-admission/policy/check_seccompProfile_baseline.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { badProfileType, badSetters, containerName, goQuote, isRecord, joinQuote, pluralize, sortedSet, str, visitContainers } from '../helpers';
import { v } from '../level-version';

/** SECCOMP_PROFILE_BASELINE_ID is the ID seccompProfile_restricted overrides. */
export const SECCOMP_PROFILE_BASELINE_ID = 'seccompProfile_baseline';

const ANNOTATION_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const ANNOTATION_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** seccompProfileBaselineV1Dot0 checks the alpha seccomp annotations, for the pod and each container by name. */
export const seccompProfileBaselineV1Dot0: CheckPodFn = (meta, spec) => {
  const annotations = isRecord(meta?.annotations) ? meta.annotations : {};
  const forbidden: string[] = [];
  const checkKey = (key: string): void => {
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) return;
    const value = str(annotations[key]);
    if (!validAnnotationValue(value)) forbidden.push(`${key}=${goQuote(value)}`);
  };
  checkKey(ANNOTATION_POD);
  visitContainers(spec, (c) => checkKey(ANNOTATION_CONTAINER_PREFIX + containerName(c)));
  const list = sortedSet(forbidden);
  if (list.length === 0) return ALLOWED;
  return forbid('seccompProfile', `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`);
};

/** seccompProfileBaselineV1Dot19 rejects an explicitly set seccompProfile.type other than RuntimeDefault or Localhost. */
export const seccompProfileBaselineV1Dot19: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => badProfileType(c.securityContext?.seccompProfile), (s) => badProfileType(s.securityContext?.seccompProfile));
  if (bad.who === '') return ALLOWED;
  return forbid('seccompProfile', `${bad.who} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(bad.values))}`);
};

/** seccompProfileBaseline is the baseline `seccompProfile_baseline` check. */
export const seccompProfileBaseline = defineCheck({
  id: SECCOMP_PROFILE_BASELINE_ID,
  level: 'baseline',
  versions: [
    { minimumVersion: v(1, 0), check: seccompProfileBaselineV1Dot0 },
    { minimumVersion: v(1, 19), check: seccompProfileBaselineV1Dot19 },
  ],
});
