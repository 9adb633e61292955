import { readOnlyRootFilesystem } from './read-only-root-filesystem';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(readOnlyRootFilesystem, [
  { name: 'not required: nothing defaulted, false fine', profile: {}, pod: { spec: { containers: [ct('a', { readOnlyRootFilesystem: false })] } }, unchanged: true },
  { name: 'required: defaulted to true', profile: { readOnlyRootFilesystem: true }, pod: { spec: { containers: [ct('a')] } }, expect: { 'spec.containers.0.securityContext.readOnlyRootFilesystem': true } },
  {
    name: 'required: false refused',
    profile: { readOnlyRootFilesystem: true },
    pod: { spec: { containers: [ct('a', { readOnlyRootFilesystem: false })] } },
    expectReasons: ['spec.containers[0].securityContext.readOnlyRootFilesystem: Invalid value: false: a read-only root filesystem is required'],
  },
]);
