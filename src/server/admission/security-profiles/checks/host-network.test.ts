import { hostNetwork } from './host-network';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(hostNetwork, [
  { name: 'no host network', profile: {}, pod: { spec: { containers: [ct('a')], hostNetwork: false } }, unchanged: true },
  { name: 'hostNetwork refused', profile: {}, pod: { spec: { containers: [ct('a')], hostNetwork: true } }, expectReasons: ['spec.hostNetwork: Invalid value: true: host network is not allowed'] },
  {
    name: 'probe and lifecycle hosts refused',
    profile: { allowHostNetwork: false },
    pod: { spec: { containers: [ct('a', undefined, { livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } }, lifecycle: { preStop: { tcpSocket: { host: 'db', port: 5432 } } } })] } },
    expectReasons: [
      'spec.containers[0].livenessProbe.httpGet.host: Invalid value: "10.0.0.1": probes and lifecycle hooks may not target another host',
      'spec.containers[0].lifecycle.preStop.tcpSocket.host: Invalid value: "db": probes and lifecycle hooks may not target another host',
    ],
  },
  { name: 'probe without host is fine', profile: {}, pod: { spec: { containers: [ct('a', undefined, { readinessProbe: { httpGet: { path: '/', port: 80 } } })] } } },
  { name: 'allowed', profile: { allowHostNetwork: true }, pod: { spec: { containers: [ct('a', undefined, { startupProbe: { httpGet: { host: 'x', port: 1 } } })], hostNetwork: true } }, unchanged: true },
]);
