/*
Profile field: readOnlyRootFilesystem (absent: false, i.e. not required).

Pod fields checked and defaulted:
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.readOnlyRootFilesystem
When required: defaulted to true when unset; false is refused.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, containerSecurityContext, invalidValue, isSet, type ProfileCheck } from './types';

/** readOnlyRootFilesystem enforces `readOnlyRootFilesystem`. */
export const readOnlyRootFilesystem: ProfileCheck = {
  id: 'read-only-root-filesystem',
  fields: ['readOnlyRootFilesystem'],
  apply(profile, pod) {
    if (profile.readOnlyRootFilesystem !== true) return [];
    const out: ProfileReason[] = [];
    for (const { c, path } of containersOf(pod.spec)) {
      if (!isSet(containerSecurityContext(c)?.readOnlyRootFilesystem)) containerSecurityContext(c, true).readOnlyRootFilesystem = true;
      if (containerSecurityContext(c)?.readOnlyRootFilesystem !== true) out.push(invalidValue(`${path}.securityContext.readOnlyRootFilesystem`, false, 'a read-only root filesystem is required'));
    }
    return out;
  },
};
