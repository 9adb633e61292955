import { v } from '../level-version';
import { c, runCheckTable } from '../testing';
import { runAsUser } from './run-as-user';

runCheckTable(runAsUser, [
  { name: 'unset', input: { spec: { containers: [c('a')] } } },
  { name: 'non-zero', input: { spec: { securityContext: { runAsUser: 1000 }, containers: [c('a', { runAsUser: 1 })] } } },
  {
    name: 'pod 0',
    input: { spec: { securityContext: { runAsUser: 0 }, containers: [c('a')] } },
    expectReason: 'runAsUser=0',
    expectDetail: 'pod must not set runAsUser=0',
  },
  {
    name: 'pod and containers 0',
    input: { spec: { securityContext: { runAsUser: 0 }, containers: [c('a', { runAsUser: 0 })], initContainers: [c('i', { runAsUser: 0 })] } },
    expectReason: 'runAsUser=0',
    expectDetail: 'pod and containers "i", "a" must not set runAsUser=0',
  },
  { name: 'user-namespace pods are exempt from 1.35', input: { spec: { hostUsers: false, securityContext: { runAsUser: 0 } } } },
  {
    name: 'user-namespace pods are not exempt before 1.35',
    version: v(1, 23),
    input: { spec: { hostUsers: false, containers: [c('a', { runAsUser: 0 })] } },
    expectReason: 'runAsUser=0',
    expectDetail: 'container "a" must not set runAsUser=0',
  },
]);
