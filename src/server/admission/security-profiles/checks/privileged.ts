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
import { flagCheck, invalidValue, securityContexts } from './types';

/** privileged enforces `allowPrivilegedContainer`. */
export const privileged = flagCheck('privileged', 'allowPrivilegedContainer', (pod) => {
  const out: ProfileReason[] = [];
  for (const { sc, path, container } of securityContexts(pod)) {
    if (container && sc.privileged === true) out.push(invalidValue(`${path}.privileged`, true, 'privileged containers are not allowed'));
    if (sc.windowsOptions?.hostProcess === true) out.push(invalidValue(`${path}.windowsOptions.hostProcess`, true, 'Windows HostProcess containers are not allowed'));
  }
  return out;
});
