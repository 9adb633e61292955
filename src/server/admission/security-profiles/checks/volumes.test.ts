import { ct, runProfileCheckTable } from './testing';
import { volumes } from './volumes';

runProfileCheckTable(volumes, [
  { name: 'no volumes', profile: {}, pod: { spec: { containers: [ct('a')] } }, unchanged: true },
  {
    name: 'absent: no volume type is allowed',
    profile: {},
    pod: { spec: { containers: [ct('a')], volumes: [{ name: 'v', emptyDir: {} }] } },
    expectReasons: ['spec.volumes[0]: Invalid value: "emptyDir": volumes are not allowed'],
  },
  {
    name: 'listed types pass, others are refused',
    profile: { volumes: ['configMap', 'secret'] },
    pod: { spec: { containers: [ct('a')], volumes: [{ name: 'c', configMap: { name: 'x' } }, { name: 'h', hostPath: { path: '/' } }, { name: 's', secret: { secretName: 'x' } }] } },
    expectReasons: ['spec.volumes[1]: Invalid value: "hostPath": volume type may not be used (allowed: configMap, secret)'],
  },
  { name: '* allows every type', profile: { volumes: ['*'] }, pod: { spec: { containers: [ct('a')], volumes: [{ name: 'h', hostPath: { path: '/' } }] } } },
]);
