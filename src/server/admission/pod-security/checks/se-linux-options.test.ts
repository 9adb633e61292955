import { v } from '../level-version';
import { c, runCheckTable } from '../testing';
import { seLinuxOptionsCheck } from './se-linux-options';

runCheckTable(seLinuxOptionsCheck, [
  { name: 'unset', input: { spec: { containers: [c('a')] } } },
  { name: 'empty options', input: { spec: { securityContext: { seLinuxOptions: {} }, containers: [c('a', { seLinuxOptions: {} })] } } },
  {
    name: 'allowed types and a level',
    input: {
      spec: {
        securityContext: { seLinuxOptions: { type: 'container_t' } },
        containers: [c('a', { seLinuxOptions: { type: 'container_init_t', level: 's0:c1' } }), c('b', { seLinuxOptions: { type: 'container_kvm_t' } })],
      },
    },
  },
  { name: 'container_engine_t from 1.31', input: { spec: { containers: [c('a', { seLinuxOptions: { type: 'container_engine_t' } })] } } },
  {
    name: 'container_engine_t before 1.31',
    version: v(1, 30),
    input: { spec: { containers: [c('a', { seLinuxOptions: { type: 'container_engine_t' } })] } },
    expectReason: 'seLinuxOptions',
    expectDetail: 'container "a" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
  },
  {
    name: 'pod type',
    input: { spec: { securityContext: { seLinuxOptions: { type: 'somevalue' } } } },
    expectReason: 'seLinuxOptions',
    expectDetail: 'pod set forbidden securityContext.seLinuxOptions: type "somevalue"',
  },
  {
    name: 'pod user only',
    input: { spec: { securityContext: { seLinuxOptions: { user: 'somevalue' } } } },
    expectReason: 'seLinuxOptions',
    expectDetail: 'pod set forbidden securityContext.seLinuxOptions: user may not be set',
  },
  {
    name: 'pod and containers, everything wrong',
    input: {
      spec: {
        securityContext: { seLinuxOptions: { type: 'z_t', role: 'r' } },
        containers: [c('a', { seLinuxOptions: { type: 'a_t', user: 'u' } })],
        initContainers: [c('i', { seLinuxOptions: { type: 'z_t' } })],
      },
    },
    expectReason: 'seLinuxOptions',
    expectDetail: 'pod and containers "i", "a" set forbidden securityContext.seLinuxOptions: types "a_t", "z_t"; user may not be set; role may not be set',
  },
]);
