/*
Profile field: appArmorProfiles (absent: [RuntimeDefault, Localhost/*]).

Entries: `RuntimeDefault`, `Unconfined`, `Localhost/<path>`, `Localhost/*` or `*`. No default is set:
an unset profile means the runtime default and is always allowed.

Pod fields checked:
  spec.securityContext.appArmorProfile
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.appArmorProfile
  metadata.annotations[container.apparmor.security.beta.kubernetes.io/*]
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { invalidValue, isSet, matchesPattern, securityContexts, type ProfileCheck } from './types';
import { annotationProfileName, seccompName } from './seccomp';

/** appArmor enforces `appArmorProfiles`. */
export const appArmor: ProfileCheck = {
  id: 'app-armor',
  fields: ['appArmorProfiles'],
  apply(profile, pod) {
    const allowed = profile.appArmorProfiles ?? ['RuntimeDefault', 'Localhost/*'];
    if (allowed.includes('*')) return [];
    const out: ProfileReason[] = [];
    const msg = `must be one of ${allowed.join(', ')}`;
    for (const { sc, path } of securityContexts(pod)) {
      const p = sc.appArmorProfile;
      if (isSet(p) && !matchesPattern(seccompName(p), allowed)) out.push(invalidValue(`${path}.appArmorProfile`, seccompName(p), msg));
    }
    for (const [k, v] of Object.entries(pod.metadata.annotations ?? {})) {
      if (!k.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
      if (!matchesPattern(annotationProfileName(v), allowed)) out.push(invalidValue(`metadata.annotations[${k}]`, v, msg));
    }
    return out;
  },
};
