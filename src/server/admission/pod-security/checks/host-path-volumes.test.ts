import { runCheckTable } from '../testing';
import { hostPathVolumes } from './host-path-volumes';

runCheckTable(hostPathVolumes, [
  { name: 'no volumes', input: { spec: {} } },
  { name: 'other volumes', input: { spec: { volumes: [{ name: 'e', emptyDir: {} }, { name: 's', secret: { secretName: 'x' } }] } } },
  { name: 'hostPath null counts as unset', input: { spec: { volumes: [{ name: 'n', hostPath: null, emptyDir: {} }] } } },
  {
    name: 'one hostPath',
    input: { spec: { volumes: [{ name: 'e', emptyDir: {} }, { name: 'h', hostPath: { path: '/a' } }] } },
    expectReason: 'hostPath volumes',
    expectDetail: 'volume "h"',
  },
  {
    name: 'two hostPaths, in spec order',
    input: { spec: { volumes: [{ name: 'z', hostPath: { path: '/a' } }, { name: 'b', hostPath: { path: '/b' } }] } },
    expectReason: 'hostPath volumes',
    expectDetail: 'volumes "z", "b"',
  },
]);
