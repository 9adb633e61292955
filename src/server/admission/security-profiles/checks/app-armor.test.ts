import { appArmor } from './app-armor';
import { ct, runProfileCheckTable } from './testing';

runProfileCheckTable(appArmor, [
  { name: 'unset is allowed, nothing defaulted', profile: {}, pod: { spec: { containers: [ct('a')] } }, unchanged: true },
  {
    name: 'absent: Unconfined refused (field and annotation)',
    profile: {},
    pod: {
      metadata: { name: 'p', annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' } },
      spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [ct('a')] },
    },
    expectReasons: [
      'spec.securityContext.appArmorProfile: Invalid value: "Unconfined": must be one of RuntimeDefault, Localhost/*',
      'metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]: Invalid value: "unconfined": must be one of RuntimeDefault, Localhost/*',
    ],
  },
  { name: 'localhost allowed by default', profile: {}, pod: { metadata: { name: 'p', annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'localhost/x' } }, spec: { containers: [ct('a', { appArmorProfile: { type: 'Localhost', localhostProfile: 'x' } })] } } },
  {
    name: 'a narrower list',
    profile: { appArmorProfiles: ['RuntimeDefault'] },
    pod: { spec: { containers: [ct('a', { appArmorProfile: { type: 'Localhost', localhostProfile: 'x' } })] } },
    expectReasons: ['spec.containers[0].securityContext.appArmorProfile: Invalid value: "Localhost/x": must be one of RuntimeDefault'],
  },
  { name: '*', profile: { appArmorProfiles: ['*'] }, pod: { spec: { containers: [ct('a', { appArmorProfile: { type: 'Unconfined' } })] } } },
]);
