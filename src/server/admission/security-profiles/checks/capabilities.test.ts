import { capabilities } from './capabilities';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(capabilities, [
  { name: 'absent: nothing added or dropped, no adds allowed', profile: {}, pod: { spec: { containers: [ct('a')] } }, unchanged: true },
  {
    name: 'absent: any add is refused',
    profile: {},
    pod: { spec: { containers: [ct('a', { capabilities: { add: ['NET_ADMIN'] } })] } },
    expectReasons: ['spec.containers[0].securityContext.capabilities.add[0]: Invalid value: "NET_ADMIN": adding capabilities is not allowed'],
  },
  {
    name: 'requiredDrop ALL is appended to every container',
    profile: { requiredDropCapabilities: ['ALL'] },
    pod: { spec: { containers: [ct('a'), ct('b', { capabilities: { drop: ['NET_RAW'] } })] } },
    expect: { 'spec.containers.0.securityContext.capabilities': { drop: ['ALL'] }, 'spec.containers.1.securityContext.capabilities.drop': ['NET_RAW', 'ALL'] },
  },
  {
    name: 'drop ALL already present is not duplicated',
    profile: { requiredDropCapabilities: ['ALL'] },
    pod: { spec: { containers: [ct('a', { capabilities: { drop: ['ALL'] } })] } },
    unchanged: true,
  },
  {
    name: 'an allowed capability may be added back after drop ALL',
    profile: { requiredDropCapabilities: ['ALL'], allowedCapabilities: ['NET_BIND_SERVICE'] },
    pod: { spec: { containers: [ct('a', { capabilities: { add: ['NET_BIND_SERVICE'] } })] } },
    expect: { 'spec.containers.0.securityContext.capabilities': { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } },
  },
  {
    name: 'names compare exactly, as Pod Security does',
    profile: { allowedCapabilities: ['NET_BIND_SERVICE', 'CHOWN'] },
    pod: { spec: { containers: [ct('a', { capabilities: { add: ['CAP_NET_BIND_SERVICE', 'chown'] } })] } },
    expectReasons: [
      'spec.containers[0].securityContext.capabilities.add[0]: Invalid value: "CAP_NET_BIND_SERVICE": capability may not be added (allowed: NET_BIND_SERVICE, CHOWN)',
      'spec.containers[0].securityContext.capabilities.add[1]: Invalid value: "chown": capability may not be added (allowed: NET_BIND_SERVICE, CHOWN)',
    ],
  },
  {
    name: 'a capability outside allowedCapabilities is refused',
    profile: { allowedCapabilities: ['NET_BIND_SERVICE'] },
    pod: { spec: { containers: [ct('a', { capabilities: { add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } })] } },
    expectReasons: ['spec.containers[0].securityContext.capabilities.add[0]: Invalid value: "SYS_ADMIN": capability may not be added (allowed: NET_BIND_SERVICE)'],
  },
  {
    name: 'a capability named in requiredDrop cannot be added, even if allowed',
    profile: { allowedCapabilities: ['*'], requiredDropCapabilities: ['KILL'] },
    pod: { spec: { containers: [ct('a', { capabilities: { add: ['KILL'] } })] } },
    expectReasons: ['spec.containers[0].securityContext.capabilities.add[0]: Invalid value: "KILL": capability is required to be dropped'],
  },
  { name: '* allows any', profile: { allowedCapabilities: ['*'] }, pod: { spec: { containers: [ct('a', { capabilities: { add: ['SYS_ADMIN'] } })] } }, unchanged: true },
  {
    name: 'defaultAdd is appended unless dropped, and counts as allowed',
    profile: { defaultAddCapabilities: ['CHOWN'] },
    pod: { spec: { containers: [ct('a'), ct('b', { capabilities: { drop: ['CHOWN'] } })] } },
    expect: { 'spec.containers.0.securityContext.capabilities': { add: ['CHOWN'] }, 'spec.containers.1.securityContext.capabilities': { drop: ['CHOWN'] } },
  },
]);
