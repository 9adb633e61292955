import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SecretSummary } from '../../../../shared/api/security';
import { labelsPatch, secretEditIssues, secretNote, secretView } from './secret-yaml';

const summary: SecretSummary = {
  apiVersion: 'security.gatehouse.dev/v1', kind: 'SecretSummary',
  metadata: { name: 'db', namespace: 'team', uid: 'u1', resourceVersion: '7', labels: { app: 'db', old: 'x' }, annotations: { 'gatehouse.dev/created-by': 'alice' } },
  type: 'Opaque', keys: ['password', 'user'], creator: 'alice', mountedBy: [],
};

test('secretView has identity, labels and type, and no data at all', () => {
  const v = secretView(summary);
  assert.deepEqual(Object.keys(v).sort(), ['apiVersion', 'kind', 'metadata', 'type']);
  assert.equal(v.kind, 'Secret');
  assert.equal(v.metadata.resourceVersion, '7');
  assert.match(secretNote(summary), /Keys: password, user\./);
});

test('secretEditIssues allows labels only, and names data as values that cannot be written here', () => {
  const v = secretView(summary);
  assert.deepEqual(secretEditIssues(v, { ...v, metadata: { ...v.metadata, labels: { app: 'db2' } } }), []);
  const withData = { ...v, data: { password: 'aGk=' } };
  assert.deepEqual(secretEditIssues(v, withData).map((i) => i.field), ['data']);
  assert.match(secretEditIssues(v, withData)[0].message, /Replace values/);
  assert.deepEqual(secretEditIssues(v, { ...v, stringData: { a: 'b' }, type: 'x' }).map((i) => i.field), ['stringData', 'type']);
  assert.deepEqual(secretEditIssues(v, { ...v, metadata: { ...v.metadata, annotations: { a: 'b' } } }).map((i) => i.field), ['metadata.annotations']);
});

test('labelsPatch sets changed labels, nulls removed ones, and carries the resourceVersion', () => {
  const v = secretView(summary);
  const edited = { ...v, metadata: { ...v.metadata, labels: { app: 'db', tier: 'data' } } };
  assert.deepEqual(labelsPatch(v, edited), { metadata: { resourceVersion: '7', labels: { old: null, tier: 'data' } } });
  assert.deepEqual(labelsPatch(v, { ...v, metadata: { ...v.metadata, labels: undefined } }).metadata.labels, { app: null, old: null });
});
