import { hostPID } from './host-pid';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(hostPID, [
  { name: 'unset', profile: {}, pod: { spec: { containers: [ct('a')] } }, unchanged: true },
  { name: 'false', profile: {}, pod: { spec: { containers: [ct('a')], hostPID: false } } },
  { name: 'true refused', profile: { allowHostPID: false }, pod: { spec: { containers: [ct('a')], hostPID: true } }, expectReasons: ['spec.hostPID: Invalid value: true: host PID namespace is not allowed'] },
  { name: 'true allowed', profile: { allowHostPID: true }, pod: { spec: { containers: [ct('a')], hostPID: true } }, unchanged: true },
]);
