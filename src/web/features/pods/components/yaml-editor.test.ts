import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseYaml, toYaml } from './yaml-editor';

test('toYaml and parseYaml round-trip a manifest', () => {
  const m = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', annotations: { 'security.gatehouse.dev/profile': 'restricted' } }, spec: { containers: [{ name: 'main', image: 'nginx', command: ['sh', '-c', 'echo "hi: there"'] }] } };
  assert.deepEqual(parseYaml(toYaml(m)).value, m);
});

const errors: [string, RegExp][] = [
  ['a: 1\nb: [\n', /^Line \d+, column \d+: /],
  ['a: 1\na: 2\n', /^Line 2, column 1: Map keys must be unique/],
];
for (const [text, expect] of errors) test(`parseYaml error: ${JSON.stringify(text)}`, () => assert.match(parseYaml(text).error ?? '', expect));
