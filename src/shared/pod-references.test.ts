import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podSecretRefs } from './pod-references';

test('podSecretRefs finds every way a pod names a secret, in spec order', () => {
  const spec = {
    imagePullSecrets: [{ name: 'pull' }],
    initContainers: [{ name: 'i', envFrom: [{ secretRef: { name: 'init-env' } }, { configMapRef: { name: 'cm' } }] }],
    containers: [{ name: 'c', env: [{ name: 'A', value: 'x' }, { name: 'B', valueFrom: { secretKeyRef: { name: 'key-ref', key: 'k' } } }] }],
    ephemeralContainers: [{ name: 'e', envFrom: [{ secretRef: { name: 'eph' } }] }],
    volumes: [
      { name: 'v1', secret: { secretName: 'vol' } },
      { name: 'v2', projected: { sources: [{ configMap: { name: 'cm' } }, { secret: { name: 'proj' } }] } },
      { name: 'v3', csi: { driver: 'd', nodePublishSecretRef: { name: 'csi-ref' } } },
      { name: 'v4', azureFile: { secretName: 'az', shareName: 's' } },
      { name: 'v5', emptyDir: {} },
    ],
  };
  assert.deepEqual(podSecretRefs(spec).map((r) => `${r.name} ${r.via} ${r.field}`), [
    'pull imagePullSecrets spec.imagePullSecrets[0].name',
    'init-env envFrom spec.initContainers[0].envFrom[0].secretRef.name',
    'key-ref env spec.containers[0].env[1].valueFrom.secretKeyRef.name',
    'eph envFrom spec.ephemeralContainers[0].envFrom[0].secretRef.name',
    'vol volume spec.volumes[0].secret.secretName',
    'proj projected spec.volumes[1].projected.sources[1].secret.name',
    'csi-ref csi spec.volumes[2].csi.nodePublishSecretRef.name',
    'az azureFile spec.volumes[3].azureFile.secretName',
  ]);
  assert.deepEqual(podSecretRefs(undefined), []);
  assert.deepEqual(podSecretRefs({ containers: [null], volumes: [null, { name: 'x', secret: {} }] }), []);
});
