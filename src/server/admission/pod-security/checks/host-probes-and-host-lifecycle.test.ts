import { v } from '../level-version';
import { c, runCheckTable } from '../testing';
import { hostProbesAndHostLifecycle } from './host-probes-and-host-lifecycle';

runCheckTable(hostProbesAndHostLifecycle, [
  { name: 'no probes', input: { spec: { containers: [c('a')] } } },
  {
    name: 'probes and handlers without host',
    input: {
      spec: {
        containers: [
          c('a', undefined, {
            livenessProbe: { httpGet: { port: 8080 } },
            readinessProbe: { tcpSocket: { port: 8080, host: '' } },
            lifecycle: { preStop: { exec: { command: ['true'] } } },
          }),
        ],
      },
    },
  },
  {
    name: 'httpGet host on a liveness probe',
    input: { spec: { containers: [c('a', undefined, { livenessProbe: { httpGet: { host: 'bad.host', port: 8080 } } })] } },
    expectReason: 'probe or lifecycle host',
    expectDetail: 'container "a" uses probe or lifecycle host "bad.host"',
  },
  {
    name: 'localhost is still a host',
    version: v(1, 34),
    input: { spec: { containers: [c('a', undefined, { readinessProbe: { tcpSocket: { host: '::1', port: 8080 } } })] } },
    expectReason: 'probe or lifecycle host',
    expectDetail: 'container "a" uses probe or lifecycle host "::1"',
  },
  {
    name: 'containers and hosts are sorted sets',
    input: {
      spec: {
        containers: [
          c('zeta', undefined, { startupProbe: { httpGet: { host: 'b.example' } }, lifecycle: { postStart: { httpGet: { host: 'a.example' } } } }),
          c('alpha', undefined, { lifecycle: { preStop: { tcpSocket: { host: 'b.example' } } } }),
        ],
        initContainers: [c('init', undefined, { readinessProbe: { tcpSocket: { host: '8.8.8.8' } } })],
      },
    },
    expectReason: 'probe or lifecycle host',
    expectDetail: 'containers "alpha", "init", "zeta" use probe or lifecycle hosts "8.8.8.8", "a.example", "b.example"',
  },
]);
