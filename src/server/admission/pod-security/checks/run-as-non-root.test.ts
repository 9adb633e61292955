import { v } from '../level-version';
import { c, runCheckTable } from '../testing';
import { runAsNonRoot } from './run-as-non-root';

runCheckTable(runAsNonRoot, [
  { name: 'pod true', input: { spec: { securityContext: { runAsNonRoot: true }, containers: [c('a')] } } },
  { name: 'every container true', input: { spec: { containers: [c('a', { runAsNonRoot: true })], initContainers: [c('i', { runAsNonRoot: true })] } } },
  {
    name: 'unset everywhere',
    input: { spec: { containers: [c('a')], initContainers: [c('i')] } },
    expectReason: 'runAsNonRoot != true',
    expectDetail: 'pod or containers "i", "a" must set securityContext.runAsNonRoot=true',
  },
  {
    name: 'pod false',
    input: { spec: { securityContext: { runAsNonRoot: false }, containers: [c('a', { runAsNonRoot: true })] } },
    expectReason: 'runAsNonRoot != true',
    expectDetail: 'pod must not set securityContext.runAsNonRoot=false',
  },
  {
    name: 'container false overrides pod true',
    input: { spec: { securityContext: { runAsNonRoot: true }, containers: [c('a', { runAsNonRoot: false }), c('b')] } },
    expectReason: 'runAsNonRoot != true',
    expectDetail: 'container "a" must not set securityContext.runAsNonRoot=false',
  },
  {
    name: 'explicit false is reported before implicit',
    input: { spec: { securityContext: { runAsNonRoot: false }, containers: [c('a', { runAsNonRoot: false }), c('b')] } },
    expectReason: 'runAsNonRoot != true',
    expectDetail: 'pod and container "a" must not set securityContext.runAsNonRoot=false',
  },
  { name: 'user-namespace pods are exempt from 1.35', input: { spec: { hostUsers: false, containers: [c('a', { runAsNonRoot: false })] } } },
  {
    name: 'user-namespace pods are not exempt before 1.35',
    version: v(1, 34),
    input: { spec: { hostUsers: false, containers: [c('a')] } },
    expectReason: 'runAsNonRoot != true',
    expectDetail: 'pod or container "a" must set securityContext.runAsNonRoot=true',
  },
]);
