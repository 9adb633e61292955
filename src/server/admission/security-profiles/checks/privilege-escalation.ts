/*
Profile fields: allowPrivilegeEscalation (absent: false), defaultAllowPrivilegeEscalation (absent:
false when escalation is not allowed, else unset).

Pod fields checked and defaulted:
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation

Without allowPrivilegeEscalation the allowed values are false (set as the default when unset) and
privileged containers, which always escalate, are refused (reported here only when the profile
allows privileged containers; otherwise the privileged check reports them). With it, any value; a container that
leaves it unset gets defaultAllowPrivilegeEscalation when the profile sets one.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, containerSecurityContext, invalidValue, isSet, type ProfileCheck } from './types';

/** privilegeEscalation enforces `allowPrivilegeEscalation` and defaults `defaultAllowPrivilegeEscalation`. */
export const privilegeEscalation: ProfileCheck = {
  id: 'privilege-escalation',
  fields: ['allowPrivilegeEscalation', 'defaultAllowPrivilegeEscalation'],
  apply(profile, pod) {
    const allow = profile.allowPrivilegeEscalation === true;
    const dflt = profile.defaultAllowPrivilegeEscalation ?? (allow ? undefined : false);
    const out: ProfileReason[] = [];
    for (const { c, path } of containersOf(pod.spec)) {
      const privileged = containerSecurityContext(c)?.privileged === true;
      // A privileged container escalates whatever it says; setting false on it would be invalid.
      if (dflt !== undefined && !privileged && !isSet(containerSecurityContext(c)?.allowPrivilegeEscalation)) {
        containerSecurityContext(c, true).allowPrivilegeEscalation = dflt;
      }
      if (allow) continue;
      const v = containerSecurityContext(c)?.allowPrivilegeEscalation;
      if (v === true) out.push(invalidValue(`${path}.securityContext.allowPrivilegeEscalation`, true, 'privilege escalation is not allowed'));
      // Without allowPrivilegedContainer the privileged check reports the container already.
      else if (privileged && profile.allowPrivilegedContainer === true) out.push(invalidValue(`${path}.securityContext.privileged`, true, 'privileged containers always allow privilege escalation, which is not allowed'));
    }
    return out;
  },
};
