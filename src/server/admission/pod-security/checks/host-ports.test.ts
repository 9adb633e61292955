import { c, runCheckTable } from '../testing';
import { hostPorts } from './host-ports';

runCheckTable(hostPorts, [
  { name: 'no ports', input: { spec: { containers: [c('a')] } } },
  { name: 'container ports only', input: { spec: { containers: [c('a', undefined, { ports: [{ hostPort: undefined }] })] } } },
  { name: 'hostPort 0', input: { spec: { containers: [c('a', undefined, { ports: [{ hostPort: 0 }] })] } } },
  {
    name: 'one hostPort',
    input: { spec: { containers: [c('a', undefined, { ports: [{ hostPort: 8080 }] })] } },
    expectReason: 'hostPort',
    expectDetail: 'container "a" uses hostPort 8080',
  },
  {
    name: 'several containers and ports: ports sorted as strings, deduplicated',
    input: {
      spec: {
        containers: [c('a', undefined, { ports: [{ hostPort: 9100 }, { hostPort: 12345 }] })],
        initContainers: [c('i', undefined, { ports: [{ hostPort: 9100 }] })],
      },
    },
    expectReason: 'hostPort',
    expectDetail: 'containers "i", "a" use hostPorts 12345, 9100',
  },
]);
