import { c, runCheckTable } from '../testing';
import { procMountRestricted } from './proc-mount-restricted';

runCheckTable(procMountRestricted, [
  { name: 'unset', input: { spec: { hostUsers: false, containers: [c('a')] } } },
  { name: 'Default', input: { spec: { hostUsers: false, containers: [c('a', { procMount: 'Default' })] } } },
  {
    name: 'Unmasked, even in a user namespace',
    input: { spec: { hostUsers: false, containers: [c('a', { procMount: 'Unmasked' })] } },
    expectReason: 'procMount',
    expectDetail: 'container "a" must not set securityContext.procMount to "Unmasked"',
  },
  {
    name: 'Unmasked on the host user namespace',
    input: { spec: { initContainers: [c('i', { procMount: 'Unmasked' })], containers: [c('a', { procMount: 'Unmasked' })] } },
    expectReason: 'procMount',
    expectDetail: 'containers "i", "a" must not set securityContext.procMount to "Unmasked"',
  },
]);
