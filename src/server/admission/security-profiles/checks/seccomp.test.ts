import { ct, runProfileCheckTable } from './testing';
import { seccomp } from './seccomp';

runProfileCheckTable(seccomp, [
  { name: 'absent means RuntimeDefault: defaulted on the pod', profile: {}, pod: { spec: { containers: [ct('a')] } }, expect: { 'spec.securityContext.seccompProfile': { type: 'RuntimeDefault' } } },
  {
    name: 'Unconfined refused (pod, container, legacy annotation)',
    profile: { seccompProfiles: ['RuntimeDefault'] },
    pod: {
      metadata: { name: 'p', annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
      spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [ct('a', { seccompProfile: { type: 'Unconfined' } })] },
    },
    expectReasons: [
      'spec.securityContext.seccompProfile: Invalid value: "Unconfined": must be one of RuntimeDefault',
      'spec.containers[0].securityContext.seccompProfile: Invalid value: "Unconfined": must be one of RuntimeDefault',
      'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: Invalid value: "unconfined": must be one of RuntimeDefault',
    ],
  },
  {
    name: 'Localhost/* allows any localhost profile',
    profile: { seccompProfiles: ['RuntimeDefault', 'Localhost/*'] },
    pod: { spec: { containers: [ct('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } })] } },
    expect: { 'spec.securityContext.seccompProfile': { type: 'RuntimeDefault' } },
  },
  {
    name: 'a named localhost profile as the default',
    profile: { seccompProfiles: ['Localhost/strict.json'] },
    pod: { spec: { containers: [ct('a')] } },
    expect: { 'spec.securityContext.seccompProfile': { type: 'Localhost', localhostProfile: 'strict.json' } },
  },
  {
    name: 'a pattern first entry sets no default, so unset containers fail',
    profile: { seccompProfiles: ['Localhost/*'] },
    pod: { spec: { containers: [ct('a')] } },
    expectReasons: ['spec.containers[0].securityContext.seccompProfile: Invalid value: null: must be one of Localhost/*'],
  },
  { name: '* allows anything and sets nothing', profile: { seccompProfiles: ['*'] }, pod: { spec: { containers: [ct('a', { seccompProfile: { type: 'Unconfined' } })] } }, unchanged: true },
]);
