import { ct, runProfileCheckTable } from './testing';
import { sysctls } from './sysctls';

runProfileCheckTable(sysctls, [
  { name: 'safe sysctls always pass', profile: {}, pod: { spec: { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] }, containers: [ct('a')] } }, unchanged: true },
  {
    name: 'absent: unsafe refused',
    profile: {},
    pod: { spec: { securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] }, containers: [ct('a')] } },
    expectReasons: ['spec.securityContext.sysctls[0].name: Invalid value: "kernel.msgmax": unsafe sysctl is not allowed'],
  },
  { name: 'prefix pattern', profile: { allowedUnsafeSysctls: ['kernel.msg*'] }, pod: { spec: { securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] }, containers: [ct('a')] } } },
  { name: '*', profile: { allowedUnsafeSysctls: ['*'] }, pod: { spec: { securityContext: { sysctls: [{ name: 'vm.swappiness', value: '1' }] }, containers: [ct('a')] } } },
]);
