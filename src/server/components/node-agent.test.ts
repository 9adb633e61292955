import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { nodeIndex, nodeObject, podNeeds, qosClass, runningStatus, terminatedStatus, waitingStatus } from './node-agent';

const pod = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: '0123-4567-89ab' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec } } as KubeObject);

describe('node agent', () => {
  test('nodeIndex is the trailing number, else a stable hash in 1..250', () => {
    assert.equal(nodeIndex('node-1'), 1);
    assert.equal(nodeIndex('node-42'), 42);
    const h = nodeIndex('edge-west');
    assert.ok(h >= 1 && h <= 250);
    assert.equal(nodeIndex('edge-west'), h);
  });

  test('the registered Node has the promised capacity and is Ready', () => {
    const n = nodeObject('node-2', 2) as any;
    assert.deepEqual({ cpu: n.status.capacity.cpu, memory: n.status.capacity.memory, pods: n.status.capacity.pods }, { cpu: '4', memory: '8Gi', pods: '110' });
    assert.equal(n.status.conditions.find((c: any) => c.type === 'Ready').status, 'True');
    assert.equal(n.spec.podCIDR, '10.244.2.0/24');
    assert.deepEqual(n.status.addresses[0], { type: 'InternalIP', address: '172.18.0.3' });
  });

  test('podNeeds finds every secret, config map and token a pod references', () => {
    const needs = podNeeds(pod({
      serviceAccountName: 'builder',
      imagePullSecrets: [{ name: 'pull' }],
      volumes: [
        { name: 'a', secret: { secretName: 's1' } },
        { name: 'b', configMap: { name: 'cm1', optional: true } },
        { name: 'c', projected: { sources: [{ secret: { name: 's2' } }, { configMap: { name: 'cm2' } }, { serviceAccountToken: { audience: 'vault', expirationSeconds: 900, path: 't' } }] } },
        { name: 'd', emptyDir: {} },
      ],
      initContainers: [{ name: 'i', image: 'x', envFrom: [{ secretRef: { name: 's3' } }] }],
      containers: [{ name: 'c', image: 'x', env: [{ name: 'E', valueFrom: { secretKeyRef: { name: 's4', key: 'k' } } }, { name: 'F', valueFrom: { configMapKeyRef: { name: 'cm3', key: 'k', optional: true } } }], envFrom: [{ configMapRef: { name: 'cm4' } }] }],
    }));
    assert.deepEqual(needs.mounts.map((m) => `${m.volume}:${m.kind}/${m.name}${m.optional ? '?' : ''}`), ['a:secret/s1', 'b:configmap/cm1?', 'c:secret/s2', 'c:configmap/cm2', 'c:token/builder']);
    assert.equal(needs.mounts[4].audience, 'vault');
    assert.deepEqual(needs.env.map((e) => `${e.container}:${e.kind}/${e.name}${e.key ? `[${e.key}]` : ''}`), ['i:secret/s3', 'c:secret/s4[k]', 'c:configmap/cm3[k]', 'c:configmap/cm4']);
    assert.deepEqual(needs.pullSecrets, ['pull']);
    assert.equal(needs.defaultToken, true);
    assert.equal(podNeeds(pod({ automountServiceAccountToken: false })).defaultToken, false);
  });

  test('qosClass follows requests and limits', () => {
    assert.equal(qosClass(pod({})), 'BestEffort');
    assert.equal(qosClass(pod({ containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] })), 'Burstable');
    assert.equal(qosClass(pod({ containers: [{ name: 'c', resources: { limits: { cpu: '1', memory: '1Gi' } } }] })), 'Guaranteed');
  });

  test('statuses: ContainerCreating, Running, terminated', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'busybox' }] });
    const w = waitingStatus(p, '172.18.0.2', 't0', 'ContainerCreating') as any;
    assert.equal(w.phase, 'Pending');
    assert.deepEqual(w.containerStatuses[0].state, { waiting: { reason: 'ContainerCreating' } });
    const r = runningStatus(p, '172.18.0.2', '10.244.1.2', 't0', 't1') as any;
    assert.equal(r.phase, 'Running');
    assert.equal(r.podIP, '10.244.1.2');
    assert.equal(r.hostIP, '172.18.0.2');
    assert.equal(r.startTime, 't0');
    assert.deepEqual(r.conditions.map((c: any) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    assert.equal(r.containerStatuses[0].ready, true);
    assert.deepEqual(r.containerStatuses[0].state, { running: { startedAt: 't1' } });
    assert.equal(r.initContainerStatuses[0].state.terminated.reason, 'Completed');
    const t = terminatedStatus({ ...p, status: r } as KubeObject, 't2') as any;
    assert.equal(t.containerStatuses[0].state.terminated.startedAt, 't1');
    assert.equal(t.containerStatuses[0].ready, false);
    assert.equal(t.podIP, '10.244.1.2');
  });
});
