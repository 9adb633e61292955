import { ct, runProfileCheckTable } from './testing';
import { fsGroup } from './fs-group';

runProfileCheckTable(fsGroup, [
  { name: 'absent means MustRunAs the namespace block: defaulted', profile: {}, pod: { spec: { containers: [ct('a')] } }, expect: { 'spec.securityContext.fsGroup': 1_000_050_000 } },
  { name: 'in the block is kept', profile: { fsGroup: { type: 'MustRunAs' } }, pod: { spec: { securityContext: { fsGroup: 1_000_050_007 }, containers: [ct('a')] } }, expect: { 'spec.securityContext.fsGroup': 1_000_050_007 } },
  {
    name: 'outside the block is refused',
    profile: { fsGroup: { type: 'MustRunAs' } },
    pod: { spec: { securityContext: { fsGroup: 0 }, containers: [ct('a')] } },
    expectReasons: ['spec.securityContext.fsGroup: Invalid value: 0: must be in the ranges: [1000050000, 1000059999]'],
  },
  { name: 'explicit ranges win over the block', profile: { fsGroup: { type: 'MustRunAs', ranges: [{ min: 5000, max: 5999 }] } }, pod: { spec: { containers: [ct('a')] } }, expect: { 'spec.securityContext.fsGroup': 5000 } },
  {
    name: 'no block and no ranges',
    profile: { fsGroup: { type: 'MustRunAs' } },
    pod: { spec: { containers: [ct('a')] } },
    block: {},
    expectReasons: ['metadata.namespace: Forbidden: namespace "ns" has no group range (annotation security.gatehouse.dev/supplemental-groups)'],
  },
  { name: 'RunAsAny', profile: { fsGroup: { type: 'RunAsAny' } }, pod: { spec: { securityContext: { fsGroup: 0 }, containers: [ct('a')] } }, unchanged: true },
]);
