import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, EndpointSlice, Job, ReplicaSet } from '../../../../shared/api/workloads';
import { countProblem, deploymentFromPod, imageProblem, deploymentRow, durationText, jobFromPod, jobRow, readyAddresses, revisionsOf, rollbackTemplate, templatePodField } from './workload-rows';

const tpl = (image: string, labels: Record<string, string> = { app: 'web' }) => ({ metadata: { labels }, spec: { containers: [{ name: 'main', image }] } });
const dep = (status: Record<string, number | undefined>, replicas = 3): Deployment => ({ metadata: { name: 'web', uid: 'd1' }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: tpl('web:2') }, status } as Deployment);
const rs = (name: string, revision: string, image: string, owner = 'd1'): ReplicaSet => ({
  metadata: { name, annotations: { 'deployment.kubernetes.io/revision': revision, 'kubernetes.io/change-cause': `set ${image}` }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner, controller: true }] },
  spec: { selector: { matchLabels: { app: 'web' } }, template: tpl(image, { app: 'web', 'pod-template-hash': 'abc' }) },
  status: { replicas: 1, readyReplicas: 1 },
} as ReplicaSet);

test('deploymentRow reads kubectl\'s columns', () => {
  const cases = [
    { name: 'rolling out', status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1, replicas: 3 }, ready: '1/3', progressing: true },
    { name: 'done', status: { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3, replicas: 3 }, ready: '3/3', progressing: false },
    { name: 'no status yet', status: {}, ready: '0/3', progressing: true },
  ];
  for (const c of cases) {
    const r = deploymentRow(dep(c.status));
    assert.equal(r.ready, c.ready, c.name);
    assert.equal(r.progressing, c.progressing, c.name);
    assert.equal(r.image, 'web:2', c.name);
  }
});

test('jobRow reads completions, duration and state', () => {
  const job = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): Job => ({ metadata: { name: 'j' }, spec: { completions: 2, template: tpl('busybox'), ...spec }, status } as Job);
  const now = Date.parse('2026-01-01T00:01:00Z');
  const cases = [
    { name: 'complete', job: job({ succeeded: 2, startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:00:05Z', conditions: [{ type: 'Complete', status: 'True' }] }), expect: { completions: '2/2', duration: '5s', status: 'Complete' } },
    { name: 'running', job: job({ active: 1, succeeded: 1, startTime: '2026-01-01T00:00:00Z' }), expect: { completions: '1/2', duration: '1m', status: 'Running' } },
    { name: 'failed', job: job({ failed: 7, conditions: [{ type: 'Failed', status: 'True' }] }), expect: { completions: '0/2', duration: '', status: 'Failed' } },
    { name: 'suspended', job: job({}, { suspend: true }), expect: { completions: '0/2', duration: '', status: 'Suspended' } },
  ];
  for (const c of cases) {
    const r = jobRow(c.job, now);
    assert.deepEqual({ completions: r.completions, duration: r.duration, status: r.status }, c.expect, c.name);
  }
  assert.equal(durationText(3725), '1h2m');
});

test('revisionsOf keeps the deployment\'s own ReplicaSets, newest first; an undo drops pod-template-hash', () => {
  const list = [rs('web-a', '1', 'web:1'), rs('web-c', '3', 'web:3'), rs('other', '9', 'x', 'd2'), rs('web-b', '2', 'web:2')];
  const revs = revisionsOf(dep({}), list);
  assert.deepEqual(revs.map((r) => [r.revision, r.image, r.changeCause]), [[3, 'web:3', 'set web:3'], [2, 'web:2', 'set web:2'], [1, 'web:1', 'set web:1']]);
  assert.deepEqual(rollbackTemplate(revs[2].replicaSet).metadata?.labels, { app: 'web' });
  assert.equal(list[0].spec.template.metadata?.labels?.['pod-template-hash'], 'abc', 'the ReplicaSet itself is not changed');
});

test('readyAddresses skips endpoints that are not ready', () => {
  const slice = { metadata: { name: 's' }, addressType: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }], endpoints: [
    { addresses: ['10.0.0.1'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'web-1' } },
    { addresses: ['10.0.0.2'], conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'web-2' } },
    { addresses: ['10.0.0.3'] },
  ] } as EndpointSlice;
  assert.deepEqual(readyAddresses([slice]), [{ address: '10.0.0.1', pod: 'web-1', ports: '80/TCP' }, { address: '10.0.0.3', pod: undefined, ports: '80/TCP' }]);
});

test('the pod form\'s pod becomes a Deployment or Job template, and server fields map back', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations: { 'security.gatehouse.dev/profile': 'restricted' } }, spec: { containers: [{ name: 'main', image: 'web:1' }] } };
  const d = deploymentFromPod(pod, 2);
  assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' } });
  assert.deepEqual(d.spec.template.metadata, { labels: { app: 'web' }, annotations: { 'security.gatehouse.dev/profile': 'restricted' } });
  assert.equal(d.spec.replicas, 2);
  const j = jobFromPod(pod, { completions: 3, parallelism: 1, backoffLimit: 0 });
  assert.equal(j.spec.template.spec.restartPolicy, 'Never');
  assert.equal(jobFromPod({ ...pod, spec: { ...pod.spec, restartPolicy: 'OnFailure' } }, { completions: 1, parallelism: 1, backoffLimit: 0 }).spec.template.spec.restartPolicy, 'OnFailure');
  for (const [field, want] of [['spec.template.spec.containers[0].image', 'spec.containers[0].image'], ['metadata.name', 'metadata.name'], ['spec.replicas', undefined]] as const) {
    assert.equal(templatePodField(field), want, field);
  }
  assert.equal(countProblem('Replicas', '3', 0), undefined);
  assert.equal(countProblem('Replicas', '-1', 0), 'Replicas must be a whole number.');
  assert.equal(countProblem('Replicas', '5000', 0, 1000), 'Replicas must be at most 1000.');
});

test('imageProblem wants an image reference without spaces', () => {
  assert.deepEqual(['', '  ', 'nginx 1.27', 'nginx:1.27', ' registry.example/web:2.0 '].map(imageProblem), ['Image is required.', 'Image is required.', 'Image must not contain spaces.', undefined, undefined]);
});
