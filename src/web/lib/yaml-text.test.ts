import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineOfPath, parseYaml, toYaml } from './yaml-text';

test('toYaml and parseYaml round-trip a manifest', () => {
  const m = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations: { 'security.gatehouse.dev/profile': 'restricted' } }, spec: { containers: [{ name: 'main', image: 'nginx', command: ['sh', '-c', 'echo "hi: there"'] }] } };
  assert.deepEqual(parseYaml(toYaml(m)).value, m);
});

const errors: [string, RegExp][] = [
  ['a: 1\nb: [\n', /^Line \d+, column \d+: /],
  ['a: 1\na: 2\n', /^Line 2, column 1: Map keys must be unique/],
];
for (const [text, expect] of errors) test(`parseYaml error: ${JSON.stringify(text)}`, () => assert.match(parseYaml(text).error ?? '', expect));

test('lineOfPath finds a field, a list item, and the nearest ancestor of a missing field', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n    - name: main\n      image: nginx\n';
  assert.equal(lineOfPath(text, ['metadata', 'labels']), 5);
  assert.equal(lineOfPath(text, ['metadata', 'labels', 'app']), 6);
  assert.equal(lineOfPath(text, ['spec', 'containers', 0, 'image']), 10);
  assert.equal(lineOfPath(text, ['spec', 'containers', 0]), 9);
  assert.equal(lineOfPath(text, ['spec', 'containers', 0, 'ports', 1]), 9);
  assert.equal(lineOfPath(text, ['status']), undefined);
  assert.equal(lineOfPath('a: [\n', ['a']), undefined);
});
