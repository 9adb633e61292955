import { v } from '../level-version';
import { c, runCheckTable, windowsExemptionCases } from '../testing';
import { seccompProfileRestricted } from './seccomp-profile-restricted';

runCheckTable(seccompProfileRestricted, [
  { name: 'pod RuntimeDefault', input: { spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [c('a')] } } },
  {
    name: 'every container set',
    input: { spec: { containers: [c('a', { seccompProfile: { type: 'RuntimeDefault' } })], initContainers: [c('i', { seccompProfile: { type: 'Localhost', localhostProfile: 'p' } })] } },
  },
  {
    name: 'unset',
    input: { spec: { containers: [c('a')], initContainers: [c('i')] } },
    expectReason: 'seccompProfile',
    expectDetail: 'pod or containers "i", "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
  },
  {
    name: 'pod Unconfined does not cover containers',
    input: { spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [c('a')] } },
    expectReason: 'seccompProfile',
    expectDetail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
  },
  {
    name: 'container Unconfined overrides pod RuntimeDefault',
    input: { spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [c('a', { seccompProfile: { type: 'Unconfined' } })] } },
    expectReason: 'seccompProfile',
    expectDetail: 'container "a" must not set securityContext.seccompProfile.type to "Unconfined"',
  },
  {
    name: 'explicit bad values are reported before missing ones',
    input: { spec: { containers: [c('a', { seccompProfile: { type: 'RuntimeDefault' } }), c('b')], initContainers: [c('i', { seccompProfile: { type: 'Unconfined' } })] } },
    expectReason: 'seccompProfile',
    expectDetail: 'container "i" must not set securityContext.seccompProfile.type to "Unconfined"',
  },
  ...windowsExemptionCases(v(1, 19), 'seccompProfile', 'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'),
]);
