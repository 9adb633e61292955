import { v } from '../level-version';
import { c, runCheckTable, windowsExemptionCases } from '../testing';
import { capabilitiesRestricted } from './capabilities-restricted';

runCheckTable(capabilitiesRestricted, [
  { name: 'drop ALL', input: { spec: { containers: [c('a', { capabilities: { drop: ['ALL'] } })] } } },
  { name: 'drop ALL, add NET_BIND_SERVICE', input: { spec: { containers: [c('a', { capabilities: { drop: ['NET_RAW', 'ALL'], add: ['NET_BIND_SERVICE'] } })] } } },
  {
    name: 'no security context, empty capabilities, lowercase all',
    input: { spec: { containers: [c('a'), c('b', { capabilities: {} }), c('c', { capabilities: { drop: ['all'] } })] } },
    expectReason: 'unrestricted capabilities',
    expectDetail: 'containers "a", "b", "c" must set securityContext.capabilities.drop=["ALL"]',
  },
  {
    name: 'adding anything else, even from the baseline set',
    input: { spec: { containers: [c('a', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'CHOWN', 'SYS_ADMIN', 'CHOWN'] } })] } },
    expectReason: 'unrestricted capabilities',
    expectDetail: 'container "a" must not include "CHOWN", "SYS_ADMIN" in securityContext.capabilities.add',
  },
  {
    name: 'both problems',
    input: { spec: { containers: [c('a', { capabilities: { add: ['NET_RAW'] } })], initContainers: [c('i')] } },
    expectReason: 'unrestricted capabilities',
    expectDetail: 'containers "i", "a" must set securityContext.capabilities.drop=["ALL"]; container "a" must not include "NET_RAW" in securityContext.capabilities.add',
  },
  ...windowsExemptionCases(v(1, 22), 'unrestricted capabilities', 'container "a" must set securityContext.capabilities.drop=["ALL"]'),
]);
