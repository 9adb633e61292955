/*
Profile field: allowedUnsafeSysctls (absent: none; entries are names, `prefix*` or `*`).

Pod field checked: spec.securityContext.sysctls[*].name
Allowed values: the safe set (the Pod Security baseline list) plus the listed unsafe sysctls.
No defaults.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { invalidValue, matchesPattern, podSecurityContext, type ProfileCheck } from './types';

/** SAFE_SYSCTLS are namespaced sysctls every pod may set (Pod Security baseline, latest). */
export const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
];

/** sysctls enforces `allowedUnsafeSysctls`. */
export const sysctls: ProfileCheck = {
  id: 'sysctls',
  fields: ['allowedUnsafeSysctls'],
  apply(profile, pod) {
    const allowed = profile.allowedUnsafeSysctls ?? [];
    const list = podSecurityContext(pod)?.sysctls;
    if (!Array.isArray(list)) return [];
    const out: ProfileReason[] = [];
    list.forEach((s: any, i: number) => {
      const name = String(s?.name ?? '');
      if (!SAFE_SYSCTLS.includes(name) && !matchesPattern(name, allowed)) out.push(invalidValue(`spec.securityContext.sysctls[${i}].name`, name, 'unsafe sysctl is not allowed'));
    });
    return out;
  },
};
