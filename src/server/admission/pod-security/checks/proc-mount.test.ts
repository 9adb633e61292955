import { v } from '../level-version';
import { c, runCheckTable } from '../testing';
import { procMount } from './proc-mount';

runCheckTable(procMount, [
  { name: 'unset', input: { spec: { containers: [c('a'), c('b', {})] } } },
  { name: 'Default', input: { spec: { containers: [c('a', { procMount: 'Default' })] } } },
  {
    name: 'Unmasked',
    input: { spec: { containers: [c('a', { procMount: 'Unmasked' })] } },
    expectReason: 'procMount',
    expectDetail: 'container "a" must not set securityContext.procMount to "Unmasked"',
  },
  {
    name: 'Unmasked with hostUsers true',
    input: { spec: { hostUsers: true, containers: [c('a', { procMount: 'Unmasked' })] } },
    expectReason: 'procMount',
    expectDetail: 'container "a" must not set securityContext.procMount to "Unmasked"',
  },
  { name: 'Unmasked in a user namespace is relaxed from 1.35', input: { spec: { hostUsers: false, containers: [c('a', { procMount: 'Unmasked' })] } } },
  {
    name: 'Unmasked in a user namespace before 1.35',
    version: v(1, 34),
    input: { spec: { hostUsers: false, containers: [c('a', { procMount: 'Unmasked' })] } },
    expectReason: 'procMount',
    expectDetail: 'container "a" must not set securityContext.procMount to "Unmasked"',
  },
  {
    name: 'several containers, values sorted',
    input: { spec: { containers: [c('a', { procMount: 'Unmasked' }), c('b', { procMount: '' })] } },
    expectReason: 'procMount',
    expectDetail: 'containers "a", "b" must not set securityContext.procMount to "", "Unmasked"',
  },
]);
