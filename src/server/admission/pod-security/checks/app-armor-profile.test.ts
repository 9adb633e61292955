import { c, runCheckTable } from '../testing';
import { appArmorProfile } from './app-armor-profile';

const PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

runCheckTable(appArmorProfile, [
  { name: 'unset', input: { spec: { containers: [c('a')] } } },
  {
    name: 'allowed annotations',
    input: { meta: { annotations: { [`${PREFIX}a`]: 'runtime/default', [`${PREFIX}b`]: 'localhost/foo', [`${PREFIX}c`]: '', other: 'unconfined' } }, spec: { containers: [c('a')] } },
  },
  {
    name: 'allowed fields',
    input: { spec: { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } }, containers: [c('a', { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } })] } },
  },
  {
    name: 'unconfined annotation',
    input: { meta: { annotations: { [`${PREFIX}a`]: 'unconfined' } }, spec: { containers: [c('a')] } },
    expectReason: 'forbidden AppArmor profile',
    expectDetail: `annotation must not set AppArmor profile type to "${PREFIX}a="unconfined""`,
  },
  {
    name: 'Unconfined pod field',
    input: { spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [c('a')] } },
    expectReason: 'forbidden AppArmor profile',
    expectDetail: 'pod must not set AppArmor profile type to "Unconfined"',
  },
  {
    name: 'fields and annotations together',
    input: {
      meta: { annotations: { [`${PREFIX}b`]: 'unconfined', [`${PREFIX}a`]: 'foo' } },
      spec: {
        securityContext: { appArmorProfile: { type: 'Unconfined' } },
        containers: [c('a', { appArmorProfile: { type: 'Unconfined' } }), c('b', { appArmorProfile: {} })],
      },
    },
    expectReason: 'forbidden AppArmor profiles',
    expectDetail: `pod and containers "a", "b" and annotations must not set AppArmor profile type to "", "Unconfined", "${PREFIX}a="foo"", "${PREFIX}b="unconfined""`,
  },
]);
