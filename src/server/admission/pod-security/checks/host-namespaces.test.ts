import { c, runCheckTable } from '../testing';
import { hostNamespaces } from './host-namespaces';

runCheckTable(hostNamespaces, [
  { name: 'none', input: { spec: { containers: [c('a')] } } },
  { name: 'all false', input: { spec: { hostNetwork: false, hostPID: false, hostIPC: false, containers: [c('a')] } } },
  { name: 'hostNetwork', input: { spec: { hostNetwork: true } }, expectReason: 'host namespaces', expectDetail: 'hostNetwork=true' },
  { name: 'hostPID', input: { spec: { hostPID: true } }, expectReason: 'host namespaces', expectDetail: 'hostPID=true' },
  { name: 'hostIPC', input: { spec: { hostIPC: true } }, expectReason: 'host namespaces', expectDetail: 'hostIPC=true' },
  {
    name: 'all three, sorted',
    input: { spec: { hostNetwork: true, hostPID: true, hostIPC: true } },
    expectReason: 'host namespaces',
    expectDetail: 'hostIPC=true, hostNetwork=true, hostPID=true',
  },
]);
