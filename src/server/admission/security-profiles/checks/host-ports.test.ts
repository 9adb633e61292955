import { hostPorts } from './host-ports';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(hostPorts, [
  { name: 'container ports only', profile: {}, pod: { spec: { containers: [ct('a', undefined, { ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }] })] } }, unchanged: true },
  {
    name: 'host port refused',
    profile: {},
    pod: { spec: { containers: [ct('a', undefined, { ports: [{ containerPort: 80 }, { containerPort: 443, hostPort: 8443 }] })] } },
    expectReasons: ['spec.containers[0].ports[1].hostPort: Invalid value: 8443: host ports are not allowed'],
  },
  { name: 'host port allowed', profile: { allowHostPorts: true }, pod: { spec: { containers: [ct('a', undefined, { ports: [{ containerPort: 443, hostPort: 443 }] })] } } },
]);
