/*
Sysctls can disable security mechanisms or affect all containers on a host,
and should be disallowed except for an allowed "safe" subset: a sysctl that is
namespaced in the container or the pod and isolated from other pods or
processes on the same node.

Restricted Fields:
  spec.securityContext.sysctls[*].name

Allowed Values (the set grows by policy version):
  1.0:  kernel.shm_rmid_forced, net.ipv4.ip_local_port_range,
        net.ipv4.tcp_syncookies, net.ipv4.ping_group_range,
        net.ipv4.ip_unprivileged_port_start
  1.27: + net.ipv4.ip_local_reserved_ports
  1.29: + net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout,
          net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes
  1.32: + net.ipv4.tcp_rmem, net.ipv4.tcp_wmem
  1.37: + net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat

Level: baseline. Versions: 1.0, 1.27, 1.29, 1.32, 1.37.
Mirrors k8s.io/pod-security-admission/policy/check_sysctls.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { arrayOf, isRecord, str } from '../helpers';
import { v } from '../level-version';

const allowed1Dot0: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const allowed1Dot27 = [...allowed1Dot0, 'net.ipv4.ip_local_reserved_ports'];
const allowed1Dot29 = [
  ...allowed1Dot27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const allowed1Dot32 = [...allowed1Dot29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const allowed1Dot37 = [...allowed1Dot32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctls(allowedNames: readonly string[]): CheckPodFn {
  const allowed: ReadonlySet<string> = new Set(allowedNames);
  return (_meta, spec) => {
    // Listed in spec order, duplicates kept, as upstream.
    const forbidden: string[] = [];
    for (const s of arrayOf(spec.securityContext?.sysctls)) {
      if (!isRecord(s)) continue;
      const name = str(s.name);
      if (!allowed.has(name)) forbidden.push(name);
    }
    if (forbidden.length === 0) return ALLOWED;
    return forbid('forbidden sysctls', forbidden.join(', '));
  };
}

/** sysctlsV1Dot0 allows the five original safe sysctls. */
export const sysctlsV1Dot0: CheckPodFn = sysctls(allowed1Dot0);
/** sysctlsV1Dot27 adds net.ipv4.ip_local_reserved_ports. */
export const sysctlsV1Dot27: CheckPodFn = sysctls(allowed1Dot27);
/** sysctlsV1Dot29 adds the tcp keepalive and fin_timeout sysctls. */
export const sysctlsV1Dot29: CheckPodFn = sysctls(allowed1Dot29);
/** sysctlsV1Dot32 adds net.ipv4.tcp_rmem and net.ipv4.tcp_wmem. */
export const sysctlsV1Dot32: CheckPodFn = sysctls(allowed1Dot32);
/** sysctlsV1Dot37 adds net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat. */
export const sysctlsV1Dot37: CheckPodFn = sysctls(allowed1Dot37);

/** sysctlsCheck is the baseline `sysctls` check. */
export const sysctlsCheck = defineCheck({
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { minimumVersion: v(1, 0), check: sysctlsV1Dot0 },
    { minimumVersion: v(1, 27), check: sysctlsV1Dot27 },
    { minimumVersion: v(1, 29), check: sysctlsV1Dot29 },
    { minimumVersion: v(1, 32), check: sysctlsV1Dot32 },
    { minimumVersion: v(1, 37), check: sysctlsV1Dot37 },
  ],
});
