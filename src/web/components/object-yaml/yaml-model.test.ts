import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../shared/api/meta';
import { ApiError } from '../../lib/api-client';
import { diffCounts, editableView, identityIssues, lineDiff, serverIssues, yamlText } from './yaml-model';

const pod: KubeObject = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web', namespace: 'team', resourceVersion: '42', labels: { app: 'web' }, managedFields: [{ manager: 'kubectl' }] },
  spec: { containers: [{ name: 'main', image: 'nginx' }] },
};

test('editableView hides managedFields unless asked, keeps the resourceVersion, and copies', () => {
  const v = editableView(pod);
  assert.equal(v.metadata.managedFields, undefined);
  assert.equal(v.metadata.resourceVersion, '42');
  assert.ok(pod.metadata.managedFields, 'the loaded object is not changed');
  assert.deepEqual(editableView(pod, { managedFields: true }).metadata.managedFields, [{ manager: 'kubectl' }]);
});

test('yamlText puts the note above the YAML as comments', () => {
  const text = yamlText(editableView(pod), 'line one\nline two');
  assert.match(text, /^# line one\n# line two\napiVersion: v1\n/);
});

const identity: [string, (o: any) => void, string][] = [
  ['the name', (o) => { o.metadata.name = 'other'; }, 'metadata.name'],
  ['the namespace', (o) => { o.metadata.namespace = 'x'; }, 'metadata.namespace'],
  ['the kind', (o) => { o.kind = 'Service'; }, 'kind'],
  ['the apiVersion', (o) => { o.apiVersion = 'v2'; }, 'apiVersion'],
  ['the resourceVersion (removed)', (o) => { delete o.metadata.resourceVersion; }, 'metadata.resourceVersion'],
  ['the resourceVersion (changed)', (o) => { o.metadata.resourceVersion = '1'; }, 'metadata.resourceVersion'],
];
for (const [what, change, field] of identity) {
  test(`identityIssues: changing ${what} is refused, naming ${field}`, () => {
    const edited = structuredClone(pod);
    change(edited);
    assert.deepEqual(identityIssues(pod, edited).map((i) => i.field), [field]);
  });
}
test('identityIssues: labels and spec may change; a list or scalar is not an object', () => {
  const edited = structuredClone(pod);
  edited.metadata.labels = { app: 'web', tier: 'front' };
  (edited.spec as any).containers[0].image = 'nginx:2';
  assert.deepEqual(identityIssues(pod, edited), []);
  assert.equal(identityIssues(pod, [1, 2]).length, 1);
  assert.equal(identityIssues(pod, 'text').length, 1);
});

test('lineDiff marks changed lines, numbers them, and folds long unchanged runs', () => {
  const before = Array.from({ length: 20 }, (_, i) => `line${i + 1}`).join('\n');
  const after = before.replace('line10', 'line10 changed');
  const rows = lineDiff(before, after, 2);
  assert.deepEqual(diffCounts(rows), { added: 1, removed: 1 });
  assert.deepEqual(rows[0], { kind: 'skip', count: 7 });
  assert.deepEqual(rows.find((r) => r.kind === 'del'), { kind: 'del', text: 'line10', oldLine: 10 });
  assert.deepEqual(rows.find((r) => r.kind === 'add'), { kind: 'add', text: 'line10 changed', newLine: 10 });
  assert.deepEqual(rows[rows.length - 1], { kind: 'skip', count: 8 });
  assert.deepEqual(lineDiff('a\nb\n', 'a\nb\n'), [{ kind: 'skip', count: 2 }]);
});

test('serverIssues reads Status causes and finds each field on its line', () => {
  const text = yamlText(editableView(pod));
  const err = new ApiError({ status: 422, reason: 'Invalid', message: 'Pod "web" is invalid', details: { causes: [
    { field: 'metadata.labels', message: 'Invalid value: "not ok!"' },
    { field: 'spec.containers[0].image', message: 'Required value' },
    { field: 'spec.containers[0].ports', message: 'missing, so its container is meant' },
  ] } });
  const issues = serverIssues(err, text);
  const lines = text.split('\n');
  assert.equal(lines[issues[0].line! - 1].trim(), 'labels:');
  assert.equal(lines[issues[1].line! - 1].trim(), 'image: nginx');
  assert.equal(lines[issues[2].line! - 1].trim(), '- name: main');
  assert.deepEqual(serverIssues(new ApiError({ status: 403, reason: 'Forbidden', message: 'No.' }), text), [{ field: '', message: 'No.' }]);
});
