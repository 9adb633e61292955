/*
Seccomp profiles must be specified, and only runtime default and localhost
profiles are allowed.

Restricted Fields:
  spec.securityContext.seccompProfile.type
  spec.containers[*].securityContext.seccompProfile.type
  spec.initContainers[*].securityContext.seccompProfile.type
  spec.ephemeralContainers[*].securityContext.seccompProfile.type

Allowed Values: 'RuntimeDefault', 'Localhost'
  container-level fields may be undefined if the pod-level field is allowed

Exemption: from 1.25, pods with spec.os.name == "windows" are exempt.

Level: restricted. Versions: 1.19, 1.25. Overrides seccompProfile_baseline.
Mirrors k8s.io/pod-security-admission/policy/check_seccompProfile_restricted.go.
*/

import { ALLOWED, defineCheck, forbid, withExemption, type CheckPodFn } from '../check';
import { badProfileType, counted, isWindowsPod, joinQuote, requireSetting, sortedSet } from '../helpers';
import { v } from '../level-version';
import { SECCOMP_PROFILE_BASELINE_ID } from './seccomp-profile-baseline';

/** seccompProfileRestrictedV1Dot19 requires an allowed seccompProfile on the pod or on every container. */
export const seccompProfileRestrictedV1Dot19: CheckPodFn = (_meta, spec) => {
  const setting = requireSetting(spec, (sc) => sc?.seccompProfile, (profile) => badProfileType(profile) === undefined, (profile) => badProfileType(profile) ?? '');
  if (setting.who !== '') {
    return forbid('seccompProfile', `${setting.who} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(setting.values))}`);
  }
  if (setting.unset.length > 0) {
    return forbid('seccompProfile', `pod or ${counted('container', 'containers', setting.unset)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`);
  }
  return ALLOWED;
};

/** seccompProfileRestricted is the restricted `seccompProfile_restricted` check; from 1.25 Windows pods are exempt. */
export const seccompProfileRestricted = defineCheck({
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: withExemption({ minimumVersion: v(1, 19), check: seccompProfileRestrictedV1Dot19, overrides: [SECCOMP_PROFILE_BASELINE_ID] }, v(1, 25), isWindowsPod),
});
