import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../shared/api/meta';
import { mountsOf, summarize } from './storage';

test('summarize keeps names, type, labels, creator, keys and mounting pods, and drops values and annotations', () => {
  const secret: KubeObject = {
    apiVersion: 'v1', kind: 'Secret',
    metadata: {
      name: 'db', namespace: 'team', uid: 'u1', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web' },
      annotations: { 'gatehouse.dev/created-by': 'alice', 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}' },
      managedFields: [{ manager: 'kubectl' }],
    },
    type: 'kubernetes.io/basic-auth', data: { username: 'YWRtaW4=', password: 'c2VjcmV0' }, immutable: true,
  };
  const pods: KubeObject[] = [
    { metadata: { name: 'web-2' }, spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'db' } }], env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }] } },
    { metadata: { name: 'web-1' }, spec: { volumes: [{ name: 'v', secret: { secretName: 'db' } }], containers: [{ name: 'c' }] } },
    { metadata: { name: 'other' }, spec: { volumes: [{ name: 'v', secret: { secretName: 'api' } }], containers: [{ name: 'c' }] } },
  ];
  const s = summarize(secret, mountsOf(pods));
  assert.deepEqual(s, {
    apiVersion: 'security.gatehouse.dev/v1', kind: 'SecretSummary',
    metadata: { name: 'db', namespace: 'team', uid: 'u1', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web' }, annotations: { 'gatehouse.dev/created-by': 'alice' } },
    type: 'kubernetes.io/basic-auth', keys: ['password', 'username'], creator: 'alice', immutable: true,
    mountedBy: [{ pod: 'web-1', via: ['volume'] }, { pod: 'web-2', via: ['envFrom', 'env'] }],
  });
  assert.doesNotMatch(JSON.stringify(s), /c2VjcmV0|YWRtaW4=/);
});
