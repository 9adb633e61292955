/*
Profile field: allowPrivilegedContainer (absent: false).

Pod fields checked:
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.privileged
  spec.securityContext.windowsOptions.hostProcess
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess

Allowed values without allowPrivilegedContainer: false, unset. A Windows HostProcess container has
the host's full privileges, so it counts as privileged. No defaults are set.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, containerSecurityContext, invalidValue, podSecurityContext, type ProfileCheck } from './types';

/** privileged enforces `allowPrivilegedContainer`. */
export const privileged: ProfileCheck = {
  id: 'privileged',
  fields: ['allowPrivilegedContainer'],
  apply(profile, pod) {
    if (profile.allowPrivilegedContainer === true) return [];
    const out: ProfileReason[] = [];
    const psc = podSecurityContext(pod);
    if (psc?.windowsOptions?.hostProcess === true) {
      out.push(invalidValue('spec.securityContext.windowsOptions.hostProcess', true, 'Windows HostProcess containers are not allowed'));
    }
    for (const { c, path } of containersOf(pod.spec)) {
      const sc = containerSecurityContext(c);
      if (sc?.privileged === true) out.push(invalidValue(`${path}.securityContext.privileged`, true, 'privileged containers are not allowed'));
      if (sc?.windowsOptions?.hostProcess === true) out.push(invalidValue(`${path}.securityContext.windowsOptions.hostProcess`, true, 'Windows HostProcess containers are not allowed'));
    }
    return out;
  },
};
