import { v } from '../level-version';
import { c, runCheckTable, windowsExemptionCases } from '../testing';
import { allowPrivilegeEscalation } from './allow-privilege-escalation';

runCheckTable(allowPrivilegeEscalation, [
  { name: 'false everywhere', input: { spec: { containers: [c('a', { allowPrivilegeEscalation: false })], initContainers: [c('i', { allowPrivilegeEscalation: false })] } } },
  {
    name: 'true',
    input: { spec: { containers: [c('a', { allowPrivilegeEscalation: true })] } },
    expectReason: 'allowPrivilegeEscalation != false',
    expectDetail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
  },
  {
    name: 'unset counts as true',
    input: { spec: { containers: [c('a'), c('b', {}), c('ok', { allowPrivilegeEscalation: false })], initContainers: [c('i', { allowPrivilegeEscalation: null })] } },
    expectReason: 'allowPrivilegeEscalation != false',
    expectDetail: 'containers "i", "a", "b" must set securityContext.allowPrivilegeEscalation=false',
  },
  ...windowsExemptionCases(v(1, 24), 'allowPrivilegeEscalation != false', 'container "a" must set securityContext.allowPrivilegeEscalation=false'),
  {
    name: 'Linux pods are not exempt',
    input: { spec: { os: { name: 'linux' }, containers: [c('a')] } },
    expectReason: 'allowPrivilegeEscalation != false',
    expectDetail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
  },
]);
