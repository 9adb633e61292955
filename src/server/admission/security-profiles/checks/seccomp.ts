/*
Profile field: seccompProfiles (absent: [RuntimeDefault]).

Entries: `RuntimeDefault`, `Unconfined`, `Localhost/<path>`, `Localhost/*` (any localhost profile)
or `*` (anything, including unset). The first entry, when it names one profile, is the default.

Pod fields checked and defaulted:
  spec.securityContext.seccompProfile (defaulted when unset)
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile
  metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]
  metadata.annotations[container.seccomp.security.alpha.kubernetes.io/*]

Allowed values: the listed profiles. An unset profile is allowed only with `*` or when the default
fills it (containers inherit the pod's profile).
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, containerSecurityContext, invalidValue, isSet, matchesPattern, podSecurityContext, type ProfileCheck } from './types';

/** seccompName renders a seccompProfile as `RuntimeDefault` or `Localhost/<path>`. */
export function seccompName(p: { type?: unknown; localhostProfile?: unknown }): string {
  const type = String(p.type ?? '');
  return type === 'Localhost' ? `Localhost/${String(p.localhostProfile ?? '')}` : type;
}

/**
 * annotationProfileName maps a legacy seccomp or AppArmor annotation value (`runtime/default`,
 * `unconfined`, `localhost/<path>`) to the field form; with `dockerDefault`, `docker/default` (a seccomp
 * annotation alias) is RuntimeDefault too. Other values are returned as they are.
 */
export function annotationProfileName(v: string, dockerDefault = false): string {
  if (v === 'runtime/default' || (dockerDefault && v === 'docker/default')) return 'RuntimeDefault';
  if (v === 'unconfined') return 'Unconfined';
  if (v.startsWith('localhost/')) return `Localhost/${v.slice('localhost/'.length)}`;
  return v;
}

/** seccomp enforces `seccompProfiles`. */
export const seccomp: ProfileCheck = {
  id: 'seccomp',
  fields: ['seccompProfiles'],
  apply(profile, pod) {
    const allowed = profile.seccompProfiles ?? ['RuntimeDefault'];
    if (allowed.includes('*')) return [];
    const first = allowed[0];
    const psc = podSecurityContext(pod, true);
    if (!isSet(psc.seccompProfile) && first && !first.includes('*')) {
      psc.seccompProfile = first.startsWith('Localhost/') ? { type: 'Localhost', localhostProfile: first.slice('Localhost/'.length) } : { type: first };
    }
    const out: ProfileReason[] = [];
    const ok = (name: string): boolean => matchesPattern(name, allowed);
    const msg = `must be one of ${allowed.join(', ')}`;
    if (isSet(psc.seccompProfile) && !ok(seccompName(psc.seccompProfile))) out.push(invalidValue('spec.securityContext.seccompProfile', seccompName(psc.seccompProfile), msg));
    if (!isSet(psc.seccompProfile)) {
      for (const { c, path } of containersOf(pod.spec)) {
        if (!isSet(containerSecurityContext(c)?.seccompProfile)) out.push(invalidValue(`${path}.securityContext.seccompProfile`, null, msg));
      }
    }
    for (const { c, path } of containersOf(pod.spec)) {
      const p = containerSecurityContext(c)?.seccompProfile;
      if (isSet(p) && !ok(seccompName(p))) out.push(invalidValue(`${path}.securityContext.seccompProfile`, seccompName(p), msg));
    }
    for (const [k, v] of Object.entries(pod.metadata.annotations ?? {})) {
      if (k !== 'seccomp.security.alpha.kubernetes.io/pod' && !k.startsWith('container.seccomp.security.alpha.kubernetes.io/')) continue;
      if (!ok(annotationProfileName(v, true))) out.push(invalidValue(`metadata.annotations[${k}]`, v, msg));
    }
    return out;
  },
};
