import { procMount } from './proc-mount';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(procMount, [
  { name: 'unset and Default pass', profile: {}, pod: { spec: { containers: [ct('a'), ct('b', { procMount: 'Default' })] } }, unchanged: true },
  {
    name: 'absent: Unmasked refused',
    profile: {},
    pod: { spec: { containers: [ct('a', { procMount: 'Unmasked' })] } },
    expectReasons: ['spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": must be one of Default'],
  },
  { name: 'Unmasked allowed when listed', profile: { allowedProcMountTypes: ['Default', 'Unmasked'] }, pod: { spec: { containers: [ct('a', { procMount: 'Unmasked' })] } } },
]);
