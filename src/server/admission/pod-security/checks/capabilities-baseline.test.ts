import { c, runCheckTable } from '../testing';
import { capabilitiesBaseline } from './capabilities-baseline';

const DEFAULT_SET = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

runCheckTable(capabilitiesBaseline, [
  { name: 'no capabilities', input: { spec: { containers: [c('a'), c('b', {}), c('c', { capabilities: null })] } } },
  { name: 'empty capabilities', input: { spec: { containers: [c('a', { capabilities: {} })] } } },
  { name: 'drop anything', input: { spec: { containers: [c('a', { capabilities: { drop: ['ALL', 'NET_RAW'] } })] } } },
  { name: 'the whole default set', input: { spec: { containers: [c('a', { capabilities: { add: DEFAULT_SET } })] } } },
  {
    name: 'NET_RAW',
    input: { spec: { containers: [c('a', { capabilities: { add: ['NET_RAW'] } })] } },
    expectReason: 'non-default capabilities',
    expectDetail: 'container "a" must not include "NET_RAW" in securityContext.capabilities.add',
  },
  {
    name: 'lowercase is not the same capability',
    input: { spec: { containers: [c('a', { capabilities: { add: ['chown'] } })] } },
    expectReason: 'non-default capabilities',
    expectDetail: 'container "a" must not include "chown" in securityContext.capabilities.add',
  },
  {
    name: 'CAP_ prefix is not the same capability',
    input: { spec: { containers: [c('a', { capabilities: { add: ['CAP_CHOWN'] } })] } },
    expectReason: 'non-default capabilities',
    expectDetail: 'container "a" must not include "CAP_CHOWN" in securityContext.capabilities.add',
  },
  {
    name: 'several containers and capabilities: capabilities sorted and deduplicated',
    input: {
      spec: {
        containers: [c('a', { capabilities: { add: ['SYS_ADMIN', 'CHOWN', 'NET_RAW'] } })],
        initContainers: [c('i', { capabilities: { add: ['NET_RAW'] } })],
      },
    },
    expectReason: 'non-default capabilities',
    expectDetail: 'containers "i", "a" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
  },
]);
