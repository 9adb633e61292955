import { BLOCK, ct, runProfileCheckTable } from './testing';
import { runAsUser } from './run-as-user';

runProfileCheckTable(runAsUser, [
  {
    name: 'absent means MustRunAsRange: defaults the first UID of the block and runAsNonRoot',
    profile: {},
    pod: { spec: { containers: [ct('a')] } },
    expect: { 'spec.securityContext': { runAsUser: 1_000_050_000, runAsNonRoot: true } },
  },
  {
    name: 'MustRunAsRange: a UID in the block is kept',
    profile: { runAsUser: { type: 'MustRunAsRange' } },
    pod: { spec: { securityContext: { runAsUser: 1_000_059_999 }, containers: [ct('a', { runAsUser: 1_000_050_001 })] } },
    expect: { 'spec.securityContext.runAsUser': 1_000_059_999 },
  },
  {
    name: 'MustRunAsRange: UIDs outside the block are refused (pod and container)',
    profile: { runAsUser: { type: 'MustRunAsRange' } },
    pod: { spec: { securityContext: { runAsUser: 0 }, containers: [ct('a', { runAsUser: 1_000_060_000 })] } },
    expectReasons: [
      'spec.securityContext.runAsUser: Invalid value: 0: must be in the ranges: [1000050000, 1000059999]',
      'spec.containers[0].securityContext.runAsUser: Invalid value: 1000060000: must be in the ranges: [1000050000, 1000059999]',
    ],
  },
  {
    name: 'MustRunAsRange: runAsNonRoot false is refused',
    profile: { runAsUser: { type: 'MustRunAsRange' } },
    pod: { spec: { containers: [ct('a', { runAsNonRoot: false })] } },
    expectReasons: ['spec.containers[0].securityContext.runAsNonRoot: Invalid value: false: must be true or unset'],
    expect: { 'spec.securityContext': { runAsUser: 1_000_050_000 } },
  },
  {
    name: 'MustRunAsRange: a namespace without a block cannot run pods',
    profile: { runAsUser: { type: 'MustRunAsRange' } },
    pod: { spec: { containers: [ct('a')] } },
    block: {},
    expectReasons: ['metadata.namespace: Forbidden: namespace "ns" has no UID range (annotation security.gatehouse.dev/uid-range)'],
  },
  {
    name: 'MustRunAs: defaults and enforces a fixed UID',
    profile: { runAsUser: { type: 'MustRunAs', uid: 1234 } },
    pod: { spec: { containers: [ct('a'), ct('b', { runAsUser: 99 })] } },
    expect: { 'spec.securityContext': { runAsUser: 1234, runAsNonRoot: true } },
    expectReasons: ['spec.containers[1].securityContext.runAsUser: Invalid value: 99: must be in the ranges: [1234, 1234]'],
  },
  {
    name: 'MustRunAs with a min..max range',
    profile: { runAsUser: { type: 'MustRunAs', uidRangeMin: 500, uidRangeMax: 600 } },
    pod: { spec: { containers: [ct('a', { runAsUser: 550 })] } },
    expect: { 'spec.securityContext.runAsUser': 500 },
  },
  {
    name: 'MustRunAsNonRoot: runAsNonRoot defaulted, any non-zero UID kept',
    profile: { runAsUser: { type: 'MustRunAsNonRoot' } },
    pod: { spec: { containers: [ct('a', { runAsUser: 1001 })] } },
    expect: { 'spec.securityContext': { runAsNonRoot: true }, 'spec.containers.0.securityContext.runAsUser': 1001 },
  },
  {
    name: 'MustRunAsNonRoot: UID 0 and runAsNonRoot false refused',
    profile: { runAsUser: { type: 'MustRunAsNonRoot' } },
    pod: { spec: { securityContext: { runAsNonRoot: false }, containers: [ct('a', { runAsUser: 0 })] } },
    expectReasons: [
      'spec.securityContext.runAsNonRoot: Invalid value: false: must be true or unset',
      'spec.containers[0].securityContext.runAsUser: Invalid value: 0: running with the root UID is forbidden',
    ],
  },
  { name: 'RunAsAny: root is fine and nothing is defaulted', profile: { runAsUser: { type: 'RunAsAny' } }, pod: { spec: { containers: [ct('a', { runAsUser: 0 })] } }, unchanged: true, block: BLOCK },
]);
