import { privileged } from './privileged';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(privileged, [
  { name: 'unprivileged container is allowed', profile: {}, pod: { spec: { containers: [ct('a', { privileged: false })] } }, unchanged: true },
  {
    name: 'privileged container refused when absent',
    profile: {},
    pod: { spec: { containers: [ct('a', { privileged: true })] } },
    expectReasons: ['spec.containers[0].securityContext.privileged: Invalid value: true: privileged containers are not allowed'],
  },
  {
    name: 'init and ephemeral containers are checked, init first',
    profile: { allowPrivilegedContainer: false },
    pod: { spec: { containers: [ct('a')], initContainers: [ct('i', { privileged: true })], ephemeralContainers: [ct('e', { privileged: true })] } },
    expectReasons: [
      'spec.initContainers[0].securityContext.privileged: Invalid value: true: privileged containers are not allowed',
      'spec.ephemeralContainers[0].securityContext.privileged: Invalid value: true: privileged containers are not allowed',
    ],
  },
  {
    name: 'Windows HostProcess counts as privileged',
    profile: {},
    pod: { spec: { securityContext: { windowsOptions: { hostProcess: true } }, containers: [ct('a', { windowsOptions: { hostProcess: true } })] } },
    expectReasons: [
      'spec.securityContext.windowsOptions.hostProcess: Invalid value: true: Windows HostProcess containers are not allowed',
      'spec.containers[0].securityContext.windowsOptions.hostProcess: Invalid value: true: Windows HostProcess containers are not allowed',
    ],
  },
  { name: 'allowed with allowPrivilegedContainer', profile: { allowPrivilegedContainer: true }, pod: { spec: { containers: [ct('a', { privileged: true })] } }, unchanged: true },
]);
