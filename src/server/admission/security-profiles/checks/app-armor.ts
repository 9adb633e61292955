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
import { containersOf, containerSecurityContext, invalidValue, isSet, matchesPattern, podSecurityContext, type ProfileCheck } from './types';
import { seccompName } from './seccomp';

function annotationName(v: string): string {
  if (v === 'runtime/default') return 'RuntimeDefault';
  if (v === 'unconfined') return 'Unconfined';
  if (v.startsWith('localhost/')) return `Localhost/${v.slice('localhost/'.length)}`;
  return v;
}

/** appArmor enforces `appArmorProfiles`. */
export const appArmor: ProfileCheck = {
  id: 'app-armor',
  fields: ['appArmorProfiles'],
  apply(profile, pod) {
    const allowed = profile.appArmorProfiles ?? ['RuntimeDefault', 'Localhost/*'];
    if (allowed.includes('*')) return [];
    const out: ProfileReason[] = [];
    const msg = `must be one of ${allowed.join(', ')}`;
    const p = podSecurityContext(pod)?.appArmorProfile;
    if (isSet(p) && !matchesPattern(seccompName(p), allowed)) out.push(invalidValue('spec.securityContext.appArmorProfile', seccompName(p), msg));
    for (const { c, path } of containersOf(pod.spec)) {
      const cp = containerSecurityContext(c)?.appArmorProfile;
      if (isSet(cp) && !matchesPattern(seccompName(cp), allowed)) out.push(invalidValue(`${path}.securityContext.appArmorProfile`, seccompName(cp), msg));
    }
    for (const [k, v] of Object.entries(pod.metadata.annotations ?? {})) {
      if (!k.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
      if (!matchesPattern(annotationName(v), allowed)) out.push(invalidValue(`metadata.annotations[${k}]`, v, msg));
    }
    return out;
  },
};
