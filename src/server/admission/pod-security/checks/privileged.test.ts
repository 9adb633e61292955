import { c, runCheckTable } from '../testing';
import { privileged } from './privileged';

runCheckTable(privileged, [
  { name: 'no security context', input: { spec: { containers: [c('a')] } } },
  { name: 'privileged false', input: { spec: { containers: [c('a', { privileged: false })] } } },
  { name: 'privileged null', input: { spec: { containers: [c('a', { privileged: null })] } } },
  {
    name: 'one container privileged',
    input: { spec: { containers: [c('a', { privileged: true }), c('b')] } },
    expectReason: 'privileged',
    expectDetail: 'container "a" must not set securityContext.privileged=true',
  },
  {
    name: 'init, regular and ephemeral containers, init first',
    input: {
      spec: {
        containers: [c('app', { privileged: true })],
        initContainers: [c('init', { privileged: true })],
        ephemeralContainers: [c('debug', { privileged: true })],
      },
    },
    expectReason: 'privileged',
    expectDetail: 'containers "init", "app", "debug" must not set securityContext.privileged=true',
  },
]);
