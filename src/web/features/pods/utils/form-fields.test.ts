import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldPath, parseFieldPath } from '../../../utils/field-path';
import { formFieldOf, groupByField } from './form-fields';

const m = {
  metadata: { name: 'web' },
  spec: {
    volumes: [{ name: 'cache', emptyDir: {} }, { name: 'secret-db', secret: { secretName: 'db' } }],
    containers: [{ name: 'main', image: 'x', volumeMounts: [{ name: 'cache', mountPath: '/c' }, { name: 'secret-db', mountPath: '/db', readOnly: true }] }, { name: 'side' }],
  },
};

test('fieldPath and parseFieldPath are inverses', () => {
  const path = ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 1];
  assert.equal(fieldPath(path), 'spec.containers[0].securityContext.capabilities.add[1]');
  assert.deepEqual(parseFieldPath(fieldPath(path)), path);
  assert.equal(fieldPath([]), '');
});

const cases: [string, string | undefined][] = [
  ['metadata.name', 'name'],
  ['metadata.annotations', 'profile'],
  ['metadata.labels.app', undefined],
  ['spec.containers[0].image', 'image'],
  ['spec.containers', 'image'],
  ['spec.containers[1].image', undefined],
  ['spec.containers[0].env[2].name', 'env.2.name'],
  ['spec.containers[0].env[2].valueFrom.secretKeyRef.key', 'env.2.secret'],
  ['spec.containers[0].env[2].value', 'env.2.value'],
  ['spec.containers[0].ports[1].hostPort', 'ports.1'],
  ['spec.containers[0].resources.limits.memory', 'resources.memoryLimit'],
  ['spec.containers[0].securityContext.privileged', 'security.privileged'],
  ['spec.containers[0].securityContext.capabilities.add', 'security.addCapabilities'],
  ['spec.containers[0].securityContext.runAsUser', 'security.runAsUser'],
  ['spec.securityContext.runAsUser', 'security.runAsUser'],
  ['spec.hostNetwork', 'security.hostNetwork'],
  ['spec.hostPID', undefined],
  ['spec.serviceAccountName', 'serviceAccountName'],
  ['spec.volumes[1].secret.secretName', 'mounts.0.secret'],
  ['spec.volumes[1].secret.items[0].key', 'mounts.0.keys'],
  ['spec.volumes[0].emptyDir', undefined],
  ['spec.containers[0].volumeMounts[1].mountPath', 'mounts.0.path'],
  ['spec.containers[0].volumeMounts[0].mountPath', undefined],
];
for (const [path, expect] of cases) test(`formFieldOf: ${path}`, () => assert.equal(formFieldOf(path, m), expect));

test('groupByField separates issues the form can show from the rest', () => {
  const { byField, other } = groupByField([{ path: 'metadata.name', message: 'a' }, { path: 'spec.hostPID', message: 'b' }, { path: 'metadata.name', message: 'c' }], m);
  assert.deepEqual([...byField.entries()], [['name', [{ path: 'metadata.name', message: 'a' }, { path: 'metadata.name', message: 'c' }]]]);
  assert.deepEqual(other, [{ path: 'spec.hostPID', message: 'b' }]);
});
