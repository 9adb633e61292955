import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta';
import { ApiError } from '../../http/status';
import { podSecurity } from './admission';
import { podRequest, testEnv, testPod, user, type TestEnv } from '../../testing/admission';
import type { AdmissionRequest } from '../types';

const label = (env: TestEnv, ns: string, labels: Record<string, string>) => {
  const cur = env.store.get('/namespaces', '', ns)!;
  env.store.update('/namespaces', '', ns, { ...cur, metadata: { ...cur.metadata, labels } });
};
const nsRequest = (env: TestEnv, op: 'CREATE' | 'UPDATE', labels: Record<string, string>, oldLabels?: Record<string, string>): AdmissionRequest => ({
  operation: op, group: '', resource: 'namespaces', subresource: '', namespace: '', name: 'team-a',
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels } },
  oldObject: oldLabels ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: oldLabels } } : undefined,
  user: user('admin'), dryRun: false, store: env.store, warnings: [], annotations: {},
});
const rootPod = (): KubeObject => testPod('p', { securityContext: { runAsUser: 0 } });

describe('Pod Security admission', () => {
  it('unlabelled: privileged:latest, recorded as the enforce policy', () => {
    const env = testEnv();
    const a = podRequest(env, user('alice'), 'team-a', rootPod());
    podSecurity().validate!(a);
    assert.deepEqual(a.annotations, { 'pod-security.kubernetes.io/enforce-policy': 'privileged:latest' });
  });
  it('enforce rejects with the upstream message; audit and warn annotate and warn', () => {
    const env = testEnv();
    label(env, 'team-a', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    assert.throws(() => podSecurity().validate!(podRequest(env, user('alice'), 'team-a', rootPod())), (e: unknown) => e instanceof ApiError && e.code === 403 && /^pods "p" is forbidden: violates PodSecurity "restricted:latest": /.test(e.message));
    label(env, 'team-b', { 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/enforce': 'baseline' });
    const a = podRequest(env, user('alice'), 'team-b', rootPod());
    podSecurity().validate!(a);
    assert.equal(a.annotations['pod-security.kubernetes.io/enforce-policy'], 'baseline:latest');
    assert.match(a.annotations['pod-security.kubernetes.io/audit-violations'], /^would violate PodSecurity "restricted:latest": /);
    assert.deepEqual(a.warnings, []);
  });
  it('insignificant pod updates are not evaluated', () => {
    const env = testEnv();
    label(env, 'team-a', { 'pod-security.kubernetes.io/enforce': 'restricted' });
    const a = podRequest(env, user('alice'), 'team-a', rootPod(), 'UPDATE', rootPod());
    podSecurity().validate!(a);
    const changedImage = testPod('p', { securityContext: { runAsUser: 0 }, containers: [{ name: 'c', image: 'img:2' }] });
    assert.throws(() => podSecurity().validate!(podRequest(env, user('alice'), 'team-a', changedImage, 'UPDATE', rootPod())), ApiError);
  });
  it('namespace labels: invalid values refused; tightening enforce warns about existing pods', () => {
    const env = testEnv();
    assert.throws(() => podSecurity().validate!(nsRequest(env, 'CREATE', { 'pod-security.kubernetes.io/enforce': 'strict' })), (e: unknown) => e instanceof ApiError && e.code === 422
      && e.message === 'Namespace "team-a" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted');
    env.store.create('/pods', 'team-a', 'p', { ...rootPod(), metadata: { name: 'p', namespace: 'team-a' } });
    const relax = nsRequest(env, 'UPDATE', { 'pod-security.kubernetes.io/enforce': 'baseline' }, { 'pod-security.kubernetes.io/enforce': 'restricted' });
    podSecurity().validate!(relax);
    assert.deepEqual(relax.warnings, []);
    const tighten = nsRequest(env, 'UPDATE', { 'pod-security.kubernetes.io/enforce': 'restricted' }, {});
    podSecurity().validate!(tighten);
    assert.equal(tighten.warnings[0], 'existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:latest"');
    assert.match(tighten.warnings[1], /^p: /);
  });
});
