/*
Profile field: seLinuxContext (absent: {type: MustRunAs}).

Pod fields checked and defaulted:
  spec.securityContext.seLinuxOptions
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seLinuxOptions

Strategies:
  MustRunAs  `level` must equal the profile's level, or without one the namespace's MCS level
             (`security.gatehouse.dev/mcs`), and is defaulted on the pod. `user`, `role` and `type`
             must equal the profile's values where it sets them (and are defaulted on the pod);
             where it does not, `user` and `role` must be unset and `type` unset or one of
             container_t, container_init_t, container_kvm_t, container_engine_t (the Pod Security
             baseline set).
  RunAsAny   anything; nothing is defaulted.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { forbiddenField, invalidValue, podSecurityContext, securityContexts, type ProfileCheck } from './types';

/** SAFE_SELINUX_TYPES are the types Pod Security baseline allows. */
export const SAFE_SELINUX_TYPES = ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

/** checkOne adds the reasons one seLinuxOptions (at field path `at`) differs from `want` (a module function: no closure per pod). */
function checkOne(o: Record<string, any> | undefined | null, at: string, want: Record<string, string | undefined>, out: ProfileReason[]): void {
  if (!o || typeof o !== 'object') return;
  for (const k of ['user', 'role', 'type', 'level']) {
    const v = o[k];
    if (v === undefined || v === null || v === '') continue;
    if (want[k] !== undefined) {
      if (v !== want[k]) out.push(invalidValue(`${at}.${k}`, v, `must be ${JSON.stringify(want[k])}`));
    } else if (k === 'type') {
      if (!SAFE_SELINUX_TYPES.includes(v)) out.push(invalidValue(`${at}.type`, v, `must be one of ${SAFE_SELINUX_TYPES.join(', ')}`));
    } else {
      out.push(invalidValue(`${at}.${k}`, v, 'must not be set'));
    }
  }
}

/** seLinux enforces the `seLinuxContext` strategy. */
export const seLinux: ProfileCheck = {
  id: 'se-linux',
  fields: ['seLinuxContext'],
  apply(profile, pod, ctx) {
    const strategy = profile.seLinuxContext ?? { type: 'MustRunAs' as const };
    if (strategy.type === 'RunAsAny') return [];
    const want: Record<string, string | undefined> = { ...(strategy.seLinuxOptions ?? {}) };
    want.level ??= ctx.block.mcs;
    if (!want.level) return [forbiddenField('metadata.namespace', `namespace "${ctx.namespace}" has no SELinux level (annotation security.gatehouse.dev/mcs)`)];
    const psc = podSecurityContext(pod, true);
    const opts = (psc.seLinuxOptions ??= {});
    for (const k of ['user', 'role', 'type', 'level']) if (want[k] !== undefined && (opts[k] === undefined || opts[k] === '')) opts[k] = want[k];

    const out: ProfileReason[] = [];
    for (const { sc, path } of securityContexts(pod)) checkOne(sc.seLinuxOptions, `${path}.seLinuxOptions`, want, out);
    return out;
  },
};
