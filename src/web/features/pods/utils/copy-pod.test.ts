import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyManifest, missingSecrets, podSecretNames } from './copy-pod';

const spec = {
  nodeName: 'node-1',
  serviceAccountName: 'builder', serviceAccount: 'builder',
  imagePullSecrets: [{ name: 'pull' }],
  securityContext: { runAsUser: 1000040000, runAsNonRoot: true, fsGroup: 1000040000, supplementalGroups: [1000040000], seLinuxOptions: { level: 's0:c1,c0' }, seccompProfile: { type: 'RuntimeDefault' } },
  volumes: [{ name: 'a', secret: { secretName: 'tls' } }, { name: 'b', projected: { sources: [{ secret: { name: 'ca' } }, { serviceAccountToken: { path: 't' } }] } }, { name: 'c', emptyDir: {} }],
  containers: [{ name: 'main', image: 'x', env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }], envFrom: [{ secretRef: { name: 'db' } }] }],
};

test('podSecretNames finds every way a pod names a secret, volume plugins included', () => {
  assert.deepEqual(podSecretNames(spec), ['ca', 'db', 'pull', 'tls']);
  // The shared walker also sees volume plugins' secret references, which the console's own copy missed.
  assert.deepEqual(podSecretNames({ volumes: [{ name: 'v', csi: { driver: 'd', nodePublishSecretRef: { name: 'csi-creds' } } }] }), ['csi-creds']);
  assert.deepEqual(podSecretNames(undefined), []);
});

test('missingSecrets lists what the target lacks', () => {
  assert.deepEqual(missingSecrets(spec, ['db', 'pull', 'other']), ['ca', 'tls']);
  assert.deepEqual(missingSecrets(spec, ['ca', 'db', 'pull', 'tls']), []);
});

test('copyManifest drops the node, namespace ranges and admission annotations, keeps the rest', () => {
  const pod = { metadata: { name: 'web', namespace: 'a', uid: 'u', resourceVersion: '9', labels: { app: 'web' }, annotations: { 'gatehouse.dev/created-by': 'alice', 'security.gatehouse.dev/profile': 'restricted', note: 'keep' } }, spec };
  const frozen = structuredClone(pod);
  const out = copyManifest(pod);
  assert.deepEqual(pod, frozen, 'input is not mutated');
  assert.deepEqual(out.metadata, { name: 'web', labels: { app: 'web' }, annotations: { note: 'keep' } });
  assert.equal(out.spec.nodeName, undefined);
  assert.equal(out.spec.serviceAccount, undefined);
  assert.equal(out.spec.serviceAccountName, 'builder');
  assert.deepEqual(out.spec.securityContext, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  assert.deepEqual(out.spec.volumes, spec.volumes, 'secrets stay references by name');
});
