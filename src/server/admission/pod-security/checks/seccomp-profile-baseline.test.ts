import { v } from '../level-version';
import { c, runCheckTable } from '../testing';
import { seccompProfileBaseline } from './seccomp-profile-baseline';

runCheckTable(seccompProfileBaseline, [
  { name: 'unset', input: { spec: { containers: [c('a')] } } },
  {
    name: 'RuntimeDefault and Localhost',
    input: { spec: { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [c('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })] } },
  },
  {
    name: 'pod Unconfined',
    input: { spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [c('a')] } },
    expectReason: 'seccompProfile',
    expectDetail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
  },
  {
    name: 'pod and containers, values sorted',
    input: {
      spec: {
        securityContext: { seccompProfile: { type: 'Unconfined' } },
        containers: [c('a', { seccompProfile: { type: 'Unconfined' } }), c('b', { seccompProfile: {} })],
      },
    },
    expectReason: 'seccompProfile',
    expectDetail: 'pod and containers "a", "b" must not set securityContext.seccompProfile.type to "", "Unconfined"',
  },
  {
    name: 'annotations are ignored from 1.19',
    input: { meta: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec: { containers: [c('a')] } },
  },
  {
    name: 'allowed annotations before 1.19',
    version: v(1, 18),
    input: {
      meta: {
        annotations: {
          'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
          'container.seccomp.security.alpha.kubernetes.io/a': 'docker/default',
          'container.seccomp.security.alpha.kubernetes.io/b': 'localhost/profile.json',
        },
      },
      spec: { containers: [c('a'), c('b')] },
    },
  },
  {
    name: 'forbidden annotations before 1.19, sorted; annotations of unknown containers ignored',
    version: v(1, 18),
    input: {
      meta: {
        annotations: {
          'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
          'container.seccomp.security.alpha.kubernetes.io/a': '',
          'container.seccomp.security.alpha.kubernetes.io/ghost': 'unconfined',
        },
      },
      spec: { containers: [c('a')] },
    },
    expectReason: 'seccompProfile',
    expectDetail: 'forbidden annotations container.seccomp.security.alpha.kubernetes.io/a="", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
  },
]);
