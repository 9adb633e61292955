/*
Profile field: allowedProcMountTypes (absent: [Default]).

Pod fields checked:
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount
Allowed values: unset, or one of the listed types (Default, Unmasked). No defaults.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, containerSecurityContext, invalidValue, isSet, type ProfileCheck } from './types';

/** procMount enforces `allowedProcMountTypes`. */
export const procMount: ProfileCheck = {
  id: 'proc-mount',
  fields: ['allowedProcMountTypes'],
  apply(profile, pod) {
    const allowed: readonly string[] = profile.allowedProcMountTypes ?? ['Default'];
    const out: ProfileReason[] = [];
    for (const { c, path } of containersOf(pod.spec)) {
      const v = containerSecurityContext(c)?.procMount;
      if (isSet(v) && v !== '' && !allowed.includes(v)) out.push(invalidValue(`${path}.securityContext.procMount`, v, `must be one of ${allowed.join(', ')}`));
    }
    return out;
  },
};
