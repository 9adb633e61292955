import { ct, runProfileCheckTable } from './testing';
import { userNamespaces } from './user-namespaces';

runProfileCheckTable(userNamespaces, [
  { name: 'absent: AllowHostLevel', profile: {}, pod: { spec: { containers: [ct('a')], hostUsers: true } }, unchanged: true },
  { name: 'RequirePodLevel defaults hostUsers false', profile: { userNamespaceLevel: 'RequirePodLevel' }, pod: { spec: { containers: [ct('a')] } }, expect: { 'spec.hostUsers': false } },
  {
    name: 'RequirePodLevel refuses hostUsers true',
    profile: { userNamespaceLevel: 'RequirePodLevel' },
    pod: { spec: { containers: [ct('a')], hostUsers: true } },
    expectReasons: ['spec.hostUsers: Invalid value: true: must be false: the profile requires a user namespace'],
  },
]);
