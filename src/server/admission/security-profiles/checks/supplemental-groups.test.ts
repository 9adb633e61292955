import { ct, runProfileCheckTable } from './testing';
import { supplementalGroups } from './supplemental-groups';

runProfileCheckTable(supplementalGroups, [
  { name: 'absent means MustRunAs the namespace block: defaulted', profile: {}, pod: { spec: { containers: [ct('a')] } }, expect: { 'spec.securityContext.supplementalGroups': [1_000_050_000] } },
  { name: 'an empty list is defaulted too', profile: {}, pod: { spec: { securityContext: { supplementalGroups: [] }, containers: [ct('a')] } }, expect: { 'spec.securityContext.supplementalGroups': [1_000_050_000] } },
  {
    name: 'each group outside the ranges is refused',
    profile: { supplementalGroups: { type: 'MustRunAs', ranges: [{ min: 100, max: 200 }] } },
    pod: { spec: { securityContext: { supplementalGroups: [150, 0, 300] }, containers: [ct('a')] } },
    expectReasons: [
      'spec.securityContext.supplementalGroups[1]: Invalid value: 0: must be in the ranges: [100, 200]',
      'spec.securityContext.supplementalGroups[2]: Invalid value: 300: must be in the ranges: [100, 200]',
    ],
  },
  { name: 'RunAsAny', profile: { supplementalGroups: { type: 'RunAsAny' } }, pod: { spec: { securityContext: { supplementalGroups: [0] }, containers: [ct('a')] } }, unchanged: true },
]);
