import { ct, runProfileCheckTable } from './testing';
import { seLinux } from './se-linux';

runProfileCheckTable(seLinux, [
  { name: 'absent means MustRunAs the namespace MCS level: defaulted', profile: {}, pod: { spec: { containers: [ct('a')] } }, expect: { 'spec.securityContext.seLinuxOptions': { level: 's0:c3,c2' } } },
  {
    name: 'another level is refused (pod and container)',
    profile: { seLinuxContext: { type: 'MustRunAs' } },
    pod: { spec: { securityContext: { seLinuxOptions: { level: 's0:c1,c0' } }, containers: [ct('a', { seLinuxOptions: { level: 's0' } })] } },
    expectReasons: [
      'spec.securityContext.seLinuxOptions.level: Invalid value: "s0:c1,c0": must be "s0:c3,c2"',
      'spec.containers[0].securityContext.seLinuxOptions.level: Invalid value: "s0": must be "s0:c3,c2"',
    ],
  },
  { name: 'a safe type is allowed and the level still defaulted', profile: {}, pod: { spec: { securityContext: { seLinuxOptions: { type: 'container_init_t' } }, containers: [ct('a')] } }, expect: { 'spec.securityContext.seLinuxOptions': { type: 'container_init_t', level: 's0:c3,c2' } } },
  {
    name: 'unsafe type, user and role are refused when the profile does not set them',
    profile: {},
    pod: { spec: { containers: [ct('a', { seLinuxOptions: { type: 'spc_t', user: 'system_u', role: 'system_r' } })] } },
    expectReasons: [
      'spec.containers[0].securityContext.seLinuxOptions.user: Invalid value: "system_u": must not be set',
      'spec.containers[0].securityContext.seLinuxOptions.role: Invalid value: "system_r": must not be set',
      'spec.containers[0].securityContext.seLinuxOptions.type: Invalid value: "spc_t": must be one of container_t, container_init_t, container_kvm_t, container_engine_t',
    ],
  },
  {
    name: 'the profile\'s own options are defaulted and enforced',
    profile: { seLinuxContext: { type: 'MustRunAs', seLinuxOptions: { type: 'spc_t', level: 's0:c9,c8' } } },
    pod: { spec: { containers: [ct('a', { seLinuxOptions: { type: 'container_t' } })] } },
    expect: { 'spec.securityContext.seLinuxOptions': { type: 'spc_t', level: 's0:c9,c8' } },
    expectReasons: ['spec.containers[0].securityContext.seLinuxOptions.type: Invalid value: "container_t": must be "spc_t"'],
  },
  {
    name: 'no MCS level anywhere',
    profile: {},
    pod: { spec: { containers: [ct('a')] } },
    block: {},
    expectReasons: ['metadata.namespace: Forbidden: namespace "ns" has no SELinux level (annotation security.gatehouse.dev/mcs)'],
  },
  { name: 'RunAsAny', profile: { seLinuxContext: { type: 'RunAsAny' } }, pod: { spec: { containers: [ct('a', { seLinuxOptions: { type: 'spc_t' } })] } }, unchanged: true },
]);
