import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podMounts, podSecretEnv } from './pod-mounts';

const spec = {
  volumes: [
    { name: 'creds', secret: { secretName: 'db', items: [{ key: 'password', path: 'pw' }] } },
    { name: 'all', secret: { secretName: 'tls' } },
    { name: 'proj', projected: { sources: [{ secret: { name: 'ca' } }, { serviceAccountToken: { path: 'token' } }] } },
    { name: 'cfg', configMap: { name: 'settings' } },
    { name: 'host', hostPath: { path: '/var/log' } },
  ],
  initContainers: [{ name: 'init', volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] }],
  containers: [{
    name: 'main',
    volumeMounts: [{ name: 'creds', mountPath: '/etc/db', readOnly: true }, { name: 'all', mountPath: '/tls', subPath: 'tls.crt' }, { name: 'proj', mountPath: '/p' }, { name: 'host', mountPath: '/logs' }, { name: 'gone', mountPath: '/x' }],
    env: [{ name: 'A', value: 'plain' }, { name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    envFrom: [{ secretRef: { name: 'extra' }, prefix: 'X_' }, { configMapRef: { name: 'cm' } }],
  }],
};

test('podMounts describes each mount by source, never by value', () => {
  const m = podMounts(spec);
  assert.deepEqual(m.map((x) => [x.container, x.mountPath, x.readOnly]), [['init', '/cfg', false], ['main', '/etc/db', true], ['main', '/tls', false], ['main', '/p', false], ['main', '/logs', false], ['main', '/x', false]]);
  assert.deepEqual(m[0].source, { type: 'configMap', name: 'settings' });
  assert.deepEqual(m[1].source, { type: 'secret', secretName: 'db', items: [{ key: 'password', path: 'pw' }] });
  assert.deepEqual(m[2].source, { type: 'secret', secretName: 'tls', items: [] });
  assert.equal(m[2].subPath, 'tls.crt');
  assert.deepEqual(m[3].source, { type: 'projected', secrets: ['ca'], others: ['serviceAccountToken'] });
  assert.deepEqual(m[4].source, { type: 'other', kind: 'hostPath', detail: '/var/log' });
  assert.equal(m[5].source, undefined);
});

test('podSecretEnv lists variables taken from secrets', () => {
  assert.deepEqual(podSecretEnv(spec), [
    { container: 'main', variable: 'PW', secretName: 'db', key: 'password' },
    { container: 'main', secretName: 'extra', prefix: 'X_' },
  ]);
  assert.deepEqual(podSecretEnv(undefined), []);
});
