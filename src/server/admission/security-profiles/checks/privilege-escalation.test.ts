import { privilegeEscalation } from './privilege-escalation';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(privilegeEscalation, [
  {
    name: 'absent: defaults false on every container',
    profile: {},
    pod: { spec: { containers: [ct('a'), ct('b', {})], initContainers: [ct('i')] } },
    expect: {
      'spec.containers.0.securityContext.allowPrivilegeEscalation': false,
      'spec.containers.1.securityContext.allowPrivilegeEscalation': false,
      'spec.initContainers.0.securityContext.allowPrivilegeEscalation': false,
    },
  },
  {
    name: 'explicit true refused without allowPrivilegeEscalation',
    profile: { allowPrivilegeEscalation: false },
    pod: { spec: { containers: [ct('a', { allowPrivilegeEscalation: true })] } },
    expectReasons: ['spec.containers[0].securityContext.allowPrivilegeEscalation: Invalid value: true: privilege escalation is not allowed'],
  },
  {
    name: 'a privileged container is not defaulted (false would be invalid with privileged)',
    profile: {},
    pod: { spec: { containers: [ct('a', { privileged: true })] } },
    expect: { 'spec.containers.0.securityContext': { privileged: true } },
  },
  {
    name: 'a privileged container under a profile that allows privileged but not escalation is refused here',
    profile: { allowPrivilegedContainer: true },
    pod: { spec: { containers: [ct('a', { privileged: true })] } },
    expectReasons: ['spec.containers[0].securityContext.privileged: Invalid value: true: privileged containers always allow privilege escalation, which is not allowed'],
  },
  { name: 'allowed: nothing defaulted, true accepted', profile: { allowPrivilegeEscalation: true }, pod: { spec: { containers: [ct('a'), ct('b', { allowPrivilegeEscalation: true })] } }, unchanged: true },
  {
    name: 'allowed with a default: unset containers get it, set ones keep theirs',
    profile: { allowPrivilegeEscalation: true, defaultAllowPrivilegeEscalation: false },
    pod: { spec: { containers: [ct('a'), ct('b', { allowPrivilegeEscalation: true })] } },
    expect: { 'spec.containers.0.securityContext.allowPrivilegeEscalation': false, 'spec.containers.1.securityContext.allowPrivilegeEscalation': true },
  },
]);
