import { v } from '../level-version';
import { runCheckTable } from '../testing';
import { sysctlsCheck } from './sysctls';

const withSysctls = (...names: string[]) => ({ spec: { securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } } });

runCheckTable(sysctlsCheck, [
  { name: 'none', input: { spec: {} } },
  { name: 'original safe set', version: v(1, 0), input: withSysctls('kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start') },
  {
    name: 'unsafe, in spec order with duplicates',
    input: withSysctls('kernel.msgmax', 'net.ipv4.tcp_syncookies', 'net.core.somaxconn', 'kernel.msgmax'),
    expectReason: 'forbidden sysctls',
    expectDetail: 'kernel.msgmax, net.core.somaxconn, kernel.msgmax',
  },
  { name: 'ip_local_reserved_ports before 1.27', version: v(1, 26), input: withSysctls('net.ipv4.ip_local_reserved_ports'), expectReason: 'forbidden sysctls', expectDetail: 'net.ipv4.ip_local_reserved_ports' },
  { name: 'ip_local_reserved_ports from 1.27', version: v(1, 27), input: withSysctls('net.ipv4.ip_local_reserved_ports') },
  { name: 'tcp_keepalive_time before 1.29', version: v(1, 28), input: withSysctls('net.ipv4.tcp_keepalive_time'), expectReason: 'forbidden sysctls', expectDetail: 'net.ipv4.tcp_keepalive_time' },
  { name: 'keepalive and fin_timeout from 1.29', version: v(1, 29), input: withSysctls('net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes') },
  { name: 'tcp_rmem before 1.32', version: v(1, 31), input: withSysctls('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'), expectReason: 'forbidden sysctls', expectDetail: 'net.ipv4.tcp_rmem, net.ipv4.tcp_wmem' },
  { name: 'tcp_rmem and tcp_wmem from 1.32', version: v(1, 32), input: withSysctls('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem') },
  {
    name: 'tcp_slow_start_after_idle before 1.37',
    version: v(1, 36),
    input: withSysctls('net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'),
    expectReason: 'forbidden sysctls',
    expectDetail: 'net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat',
  },
  { name: 'tcp_slow_start_after_idle and tcp_notsent_lowat from 1.37', input: withSysctls('net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat') },
]);
