// The pure parts of the workload controllers: rolling-update arithmetic as upstream resolves it, the
// pod-template-hash, EndpointSlice content, the work queue's once-at-a-time guarantee.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { resolveIntOrPercent, surgeAndUnavailable, templateHash } from './deployment-controller';
import { desiredSlice, slicePorts } from './endpointslice-controller';
import { WorkQueue } from './workqueue';
import { ChildIndex } from './controller-kit';
import { planClaim } from './owner-controller';
import { matchPodFailurePolicy } from './job-controller';
import { compressIndexes, parseIndexes, withCompletionIndex } from '../../shared/api/workloads';
import { duration, jobStatusText } from '../registry/workloads';

const deploy = (replicas: number, strategy: Record<string, unknown>): KubeObject => ({ metadata: { name: 'd' }, spec: { replicas, strategy } } as KubeObject);

describe('rolling update arithmetic', () => {
  const cases = [
    { name: '25% of 10 surge rounds up', got: resolveIntOrPercent('25%', 10, true), want: 3 },
    { name: '25% of 10 unavailable rounds down', got: resolveIntOrPercent('25%', 10, false), want: 2 },
    { name: 'an integer is itself', got: resolveIntOrPercent(4, 10, true), want: 4 },
    { name: 'a numeric string is a number', got: resolveIntOrPercent('2', 10, true), want: 2 },
    { name: 'defaults for 3 replicas: surge 1, unavailable 0', got: surgeAndUnavailable(deploy(3, { type: 'RollingUpdate' })), want: { surge: 1, unavailable: 0 } },
    { name: 'both 0 means unavailable 1 (upstream)', got: surgeAndUnavailable(deploy(3, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })), want: { surge: 0, unavailable: 1 } },
    { name: 'Recreate: no surge, all may go', got: surgeAndUnavailable(deploy(5, { type: 'Recreate' })), want: { surge: 0, unavailable: 5 } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(c.got, c.want));
});

describe('templateHash', () => {
  const t = { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
  test('is 10 characters of upstream\'s safe alphabet', () => assert.match(templateHash(t), /^[bcdfghjklmnpqrstvwxz2456789]{10}$/));
  test('does not depend on key order', () => assert.equal(templateHash(t), templateHash({ spec: t.spec, metadata: { labels: { tier: 'fe', app: 'web' } } })));
  test('changes with the image', () => assert.notEqual(templateHash(t), templateHash({ ...t, spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } })));
});

describe('EndpointSlice content', () => {
  const svc = { metadata: { name: 's', namespace: 'n' }, spec: { ports: [{ port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, protocol: 'TCP' }] } } as unknown as KubeObject;
  const pod = (name: string, ip: string | undefined, ready: boolean, extra: Record<string, unknown> = {}) => ({
    metadata: { name, namespace: 'n', uid: `u-${name}`, ...extra },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: { phase: 'Running', ...(ip ? { podIP: ip } : {}), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  } as unknown as KubeObject);
  test('a named targetPort resolves to the container port; a missing one to the service port', () => {
    assert.deepEqual(slicePorts(svc, pod('a', '10.0.0.1', true)), [{ name: '', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }]);
  });
  test('pods without an IP are left out; not-ready and terminating pods are marked', () => {
    const s = desiredSlice(svc, [pod('b', '10.0.0.2', false), pod('a', '10.0.0.1', true), pod('c', undefined, true), pod('d', '10.0.0.4', true, { deletionTimestamp: '2026-01-01T00:00:00Z' })]);
    assert.deepEqual(s.endpoints.map((e: any) => [e.targetRef.name, e.conditions.ready, e.conditions.serving, e.conditions.terminating]), [['a', true, true, false], ['b', false, false, false], ['d', false, false, true]]);
  });
});

describe('job table', () => {
  const cases = [
    { name: 'seconds', got: duration(45_000), want: '45s' },
    { name: 'minutes and seconds under 10 min', got: duration(192_000), want: '3m12s' },
    { name: 'hours and minutes', got: duration(3 * 3600_000 + 5 * 60_000), want: '3h5m' },
    { name: 'complete', got: jobStatusText({ metadata: {}, status: { conditions: [{ type: 'Complete', status: 'True' }] } } as KubeObject), want: 'Complete' },
    { name: 'failed', got: jobStatusText({ metadata: {}, status: { conditions: [{ type: 'Failed', status: 'True' }] } } as KubeObject), want: 'Failed' },
    { name: 'running', got: jobStatusText({ metadata: {} } as KubeObject), want: 'Running' },
  ];
  for (const c of cases) test(c.name, () => assert.equal(c.got, c.want));
});

describe('WorkQueue', () => {
  test('a key is never processed twice at once, and a key added meanwhile runs once more', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const done: (() => void)[] = [];
    const q = new WorkQueue(async () => {
      running++; runs++;
      maxRunning = Math.max(maxRunning, running);
      if (runs === 1) await gate;
      running--;
      done.splice(0).forEach((d) => d());
    }, () => {}, 4);
    q.add('a');
    q.add('a');
    q.add('a');
    release();
    await new Promise<void>((r) => done.push(r));
    await new Promise<void>((r) => setTimeout(r, 20));
    assert.equal(maxRunning, 1);
    assert.equal(runs, 2);
    q.stop();
  });

  test('of two delayed adds the earlier deadline wins (a retry is not held back by a long timer)', async (t) => {
    // Mocked timers: the order of deadlines is what is tested, not how fast a loaded machine runs them.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const seen: string[] = [];
    const q = new WorkQueue(async (k) => { seen.push(k); }, () => {}, 1);
    const settle = () => new Promise<void>((r) => setImmediate(r));
    q.addAfter('d', 60_000); // the deployment controller's progress timer
    q.addAfter('d', 30); // a failed sync's retry
    q.addAfter('d', 5_000); // a later deadline changes nothing
    t.mock.timers.tick(29);
    await settle();
    assert.deepEqual(seen, [], 'not before the short delay');
    t.mock.timers.tick(1);
    await settle();
    assert.deepEqual(seen, ['d'], 'ran once, after the short delay');
    t.mock.timers.tick(60_000);
    await settle();
    assert.deepEqual(seen, ['d'], 'the long timer was replaced, not kept beside it');
    q.stop();
  });

  test('retry backs off 250 ms doubling, and forget resets it', () => {
    const q = new WorkQueue(async () => {}, () => {}, 1);
    assert.deepEqual([q.retry('k'), q.retry('k'), q.retry('k')], [250, 500, 1000]);
    q.forget('k');
    assert.equal(q.retry('k'), 250);
    q.stop();
  });
});

describe('claiming children (upstream ControllerRefManager)', () => {
  const rs = { metadata: { name: 'rs', namespace: 'n', uid: 'rs-uid' }, spec: { selector: { matchLabels: { app: 'web' } } } } as unknown as KubeObject;
  const ref = (uid: string, kind = 'ReplicaSet') => [{ apiVersion: 'apps/v1', kind, name: uid, uid, controller: true }];
  const pod = (name: string, labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({ metadata: { name, namespace: 'n', uid: `u-${name}`, labels, ...extra } } as unknown as KubeObject);
  const names = (p: { adopt: KubeObject[]; release: KubeObject[] }) => ({ adopt: p.adopt.map((o) => o.metadata.name), release: p.release.map((o) => o.metadata.name) });
  const cases = [
    { name: 'a matching orphan is adopted', owned: [], orphans: [pod('a', { app: 'web' })], want: { adopt: ['a'], release: [] } },
    { name: 'a non-matching orphan is left alone', owned: [], orphans: [pod('a', { app: 'db' })], want: { adopt: [], release: [] } },
    { name: 'an orphan of another namespace is left alone', owned: [], orphans: [pod('a', { app: 'web' }, { namespace: 'other' })], want: { adopt: [], release: [] } },
    { name: 'an orphan being deleted is not adopted', owned: [], orphans: [pod('a', { app: 'web' }, { deletionTimestamp: '2026-01-01T00:00:00Z' })], want: { adopt: [], release: [] } },
    { name: 'a pod of another controller is never adopted', owned: [], orphans: [pod('a', { app: 'web' }, { ownerReferences: ref('other') })], want: { adopt: [], release: [] } },
    { name: 'an owned child that no longer matches is released', owned: [pod('b', { app: 'db' }, { ownerReferences: ref('rs-uid') }), pod('c', { app: 'web' }, { ownerReferences: ref('rs-uid') })], orphans: [], want: { adopt: [], release: ['b'] } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(names(planClaim(rs, (rs as any).spec.selector, c.owned, c.orphans)), c.want));
  test('an owner being deleted neither adopts nor releases', () => {
    const gone = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } } as KubeObject;
    assert.deepEqual(names(planClaim(gone, (rs as any).spec.selector, [pod('b', { app: 'db' }, { ownerReferences: ref('rs-uid') })], [pod('a', { app: 'web' })])), { adopt: [], release: [] });
  });
  test('an empty selector adopts nothing', () => assert.deepEqual(names(planClaim(rs, {}, [], [pod('a', {})])), { adopt: [], release: [] }));

  test('the index moves a released child out of its former owner and into the orphans', () => {
    const idx = new ChildIndex();
    const owned = pod('a', { app: 'web' }, { ownerReferences: ref('rs-uid') });
    assert.deepEqual(idx.update('ADDED', owned), { before: undefined, after: 'rs-uid' });
    assert.deepEqual(idx.of('rs-uid').map((p) => p.metadata.name), ['a']);
    assert.deepEqual(idx.update('MODIFIED', pod('a', { app: 'db' })), { before: 'rs-uid', after: undefined });
    assert.deepEqual(idx.of('rs-uid'), []);
    assert.deepEqual(idx.orphansIn('n').map((p) => p.metadata.name), ['a']);
    idx.update('MODIFIED', owned);
    assert.deepEqual(idx.orphansIn('n'), []);
    idx.update('DELETED', owned);
    assert.deepEqual([idx.of('rs-uid'), idx.orphansIn('n')], [[], []]);
  });
});

describe('Indexed Jobs and podFailurePolicy', () => {
  test('completedIndexes compress to ranges and read back', () => {
    assert.equal(compressIndexes([5, 0, 1, 2, 2, 7, 8]), '0-2,5,7-8');
    assert.equal(compressIndexes([]), '');
    assert.deepEqual([...parseIndexes('0-2,5,x,7-8')], [0, 1, 2, 5, 7, 8]);
  });
  test("an index's template carries the index as annotation, label, env and hostname", () => {
    const t = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }, { name: 'd', env: [{ name: 'JOB_COMPLETION_INDEX', value: 'mine' }] }] } };
    const got = withCompletionIndex(t, 'job', 4);
    assert.deepEqual(got.metadata, { labels: { a: 'b', 'batch.kubernetes.io/job-completion-index': '4' }, annotations: { 'batch.kubernetes.io/job-completion-index': '4' } });
    assert.deepEqual((got.spec.containers[0] as any).env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
    assert.deepEqual((got.spec.containers[1] as any).env, [{ name: 'JOB_COMPLETION_INDEX', value: 'mine' }], 'a container\'s own value stays');
    assert.equal((got.spec as any).hostname, 'job-4');
    assert.deepEqual(t.metadata, { labels: { a: 'b' } }, 'the template itself is not changed');
  });
  const failedPod = (code: number, container = 'main', conditions: { type: string; status: string }[] = []) => ({
    metadata: { name: 'p', namespace: 'n' },
    status: { phase: 'Failed', conditions, containerStatuses: [{ name: 'side', state: { terminated: { exitCode: 0 } } }, { name: container, state: { terminated: { exitCode: code } } }] },
  } as unknown as KubeObject);
  const policy = { rules: [
    { action: 'Ignore' as const, onPodConditions: [{ type: 'DisruptionTarget' }] },
    { action: 'FailJob' as const, onExitCodes: { containerName: 'main', operator: 'In' as const, values: [42] } },
    { action: 'Count' as const, onExitCodes: { operator: 'NotIn' as const, values: [42, 7] } },
  ] };
  const cases = [
    { name: 'a matching exit code of the named container: FailJob, with upstream\'s message', pod: failedPod(42), want: { action: 'FailJob', index: 1, message: 'Container main for pod n/p failed with exit code 42 matching FailJob rule at index 1' } },
    { name: 'the same code in another container does not match the named one', pod: failedPod(42, 'other'), want: undefined },
    { name: 'NotIn matches codes outside the list', pod: failedPod(3), want: { action: 'Count', index: 2, message: 'Container main for pod n/p failed with exit code 3 matching Count rule at index 2' } },
    { name: 'a code in neither rule matches none (counted by default)', pod: failedPod(7), want: undefined },
    { name: 'a pod condition rule comes first when it is first', pod: failedPod(42, 'main', [{ type: 'DisruptionTarget', status: 'True' }]), want: { action: 'Ignore', index: 0, message: 'Pod n/p has condition DisruptionTarget matching Ignore rule at index 0' } },
    { name: 'a condition with another status does not match', pod: failedPod(7, 'main', [{ type: 'DisruptionTarget', status: 'False' }]), want: undefined },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(matchPodFailurePolicy(policy, c.pod), c.want));
  test('no policy matches nothing', () => assert.equal(matchPodFailurePolicy(undefined, failedPod(1)), undefined));
});
