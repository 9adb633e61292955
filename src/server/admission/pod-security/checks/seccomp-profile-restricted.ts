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

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { containerName, isWindowsPod, joinQuote, pluralize, sortedSet, visitContainers } from '../helpers';
import { v } from '../level-version';
import { SECCOMP_PROFILE_BASELINE_ID, seccompTypeOf, validSeccompType } from './seccomp-profile-baseline';

/** seccompProfileRestrictedV1Dot19 requires an allowed seccompProfile on the pod or on every container. */
export const seccompProfileRestrictedV1Dot19: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  let podSeccompSet = false;
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile != null) {
    if (validSeccompType(podProfile.type)) podSeccompSet = true;
    else {
      badSetters.push('pod');
      badValues.push(seccompTypeOf(podProfile));
    }
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  visitContainers(spec, (c) => {
    const profile = c.securityContext?.seccompProfile;
    if (profile != null) {
      if (!validSeccompType(profile.type)) {
        explicitlyBad.push(containerName(c));
        badValues.push(seccompTypeOf(profile));
      }
    } else if (!podSeccompSet) {
      implicitlyBad.push(containerName(c));
    }
  });

  if (explicitlyBad.length > 0) badSetters.push(`${pluralize('container', 'containers', explicitlyBad.length)} ${joinQuote(explicitlyBad)}`);
  if (badSetters.length > 0) {
    return forbid('seccompProfile', `${badSetters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`);
  }
  if (implicitlyBad.length > 0) {
    return forbid(
      'seccompProfile',
      `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    );
  }
  return ALLOWED;
};

/** seccompProfileRestrictedV1Dot25 exempts Windows pods, else applies 1.19. */
export const seccompProfileRestrictedV1Dot25: CheckPodFn = (meta, spec) =>
  isWindowsPod(spec) ? ALLOWED : seccompProfileRestrictedV1Dot19(meta, spec);

/** seccompProfileRestricted is the restricted `seccompProfile_restricted` check. */
export const seccompProfileRestricted = defineCheck({
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: v(1, 19), check: seccompProfileRestrictedV1Dot19, overrides: [SECCOMP_PROFILE_BASELINE_ID] },
    { minimumVersion: v(1, 25), check: seccompProfileRestrictedV1Dot25, overrides: [SECCOMP_PROFILE_BASELINE_ID] },
  ],
});
