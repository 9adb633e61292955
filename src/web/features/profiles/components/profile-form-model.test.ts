import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyProfile, fromYaml, hostPathsToText, textToHostPaths, textToList, toYaml, validateProfile, withField } from './profile-form-model';

test('an empty profile with a name is valid, and round-trips through YAML', () => {
  const p = { ...emptyProfile(), metadata: { name: 'web' } };
  assert.deepEqual(validateProfile(p), []);
  const back = fromYaml(toYaml(p));
  assert.equal(back.ok, true);
  if (back.ok) assert.deepEqual(back.value, p);
});

test('validateProfile names the fields', () => {
  assert.deepEqual(validateProfile(emptyProfile()), ['metadata.name: Required']);
  const bad = { ...emptyProfile(), metadata: { name: 'x' }, runAsUser: { type: 'Sometimes' } } as never;
  assert.match(validateProfile(bad).join('\n'), /^runAsUser\.type: /m);
  const unknown = { ...emptyProfile(), metadata: { name: 'x' }, allowEverything: true } as never;
  assert.match(validateProfile(unknown).join('\n'), /allowEverything/);
});

const yamlCases: { name: string; input: string; ok: boolean }[] = [
  { name: 'syntax error', input: 'a: [', ok: false },
  { name: 'a list', input: '- a', ok: false },
  { name: 'no metadata', input: 'description: x', ok: false },
  { name: 'an object', input: 'metadata:\n  name: x', ok: true },
];
for (const c of yamlCases) test(`fromYaml: ${c.name}`, () => assert.equal(fromYaml(c.input).ok, c.ok));

test('lists and host paths convert both ways', () => {
  assert.deepEqual(textToList(' NET_ADMIN, SYS_TIME  CHOWN,,'), ['NET_ADMIN', 'SYS_TIME', 'CHOWN']);
  const hp = textToHostPaths('/var/log:ro\n\n/data');
  assert.deepEqual(hp, [{ pathPrefix: '/var/log', readOnly: true }, { pathPrefix: '/data' }]);
  assert.equal(hostPathsToText(hp), '/var/log:ro\n/data');
});

test('withField removes empty values', () => {
  const p = withField(emptyProfile(), 'allowedCapabilities', []);
  assert.equal('allowedCapabilities' in p, false);
  assert.equal(withField(p, 'priority', 5).priority, 5);
});
