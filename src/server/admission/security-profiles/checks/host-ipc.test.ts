import { hostIPC } from './host-ipc';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(hostIPC, [
  { name: 'unset', profile: {}, pod: { spec: { containers: [ct('a')] } }, unchanged: true },
  { name: 'true refused', profile: {}, pod: { spec: { containers: [ct('a')], hostIPC: true } }, expectReasons: ['spec.hostIPC: Invalid value: true: host IPC namespace is not allowed'] },
  { name: 'true allowed', profile: { allowHostIPC: true }, pod: { spec: { containers: [ct('a')], hostIPC: true } }, unchanged: true },
]);
