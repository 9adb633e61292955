import { c, runCheckTable } from '../testing';
import { windowsHostProcess } from './windows-host-process';

runCheckTable(windowsHostProcess, [
  { name: 'unset', input: { spec: { securityContext: { windowsOptions: {} }, containers: [c('a', { windowsOptions: {} })] } } },
  { name: 'false', input: { spec: { securityContext: { windowsOptions: { hostProcess: false } }, containers: [c('a', { windowsOptions: { hostProcess: false } })] } } },
  {
    name: 'pod',
    input: { spec: { securityContext: { windowsOptions: { hostProcess: true } }, containers: [c('a')] } },
    expectReason: 'hostProcess',
    expectDetail: 'pod must not set securityContext.windowsOptions.hostProcess=true',
  },
  {
    name: 'pod and containers',
    input: {
      spec: {
        securityContext: { windowsOptions: { hostProcess: true } },
        containers: [c('a', { windowsOptions: { hostProcess: true } })],
        initContainers: [c('i', { windowsOptions: { hostProcess: true } })],
      },
    },
    expectReason: 'hostProcess',
    expectDetail: 'pod and containers "i", "a" must not set securityContext.windowsOptions.hostProcess=true',
  },
]);
