import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64, dockerConfigJson, genericSecret, keyProblems, nameProblems, registryProblems, tlsProblems, tlsSecret, valuesPatch } from './secret-builders';

test('nameProblems', () => {
  assert.deepEqual(nameProblems('db-creds'), []);
  assert.equal(nameProblems('')[0].message, 'Enter a name');
  assert.match(nameProblems('DB')[0].message, /lower-case/);
});

const keyCases: [string[], [string, string][]][] = [
  [['a', 'b.c', 'D_e-1'], []],
  [['', 'ok'], [['key-0', 'Enter a key name']]],
  [['bad key'], [['key-0', 'Use letters, digits, "-", "_" and "." only']]],
  [['a', 'a'], [['key-1', 'Key "a" appears twice']]],
];
for (const [keys, expect] of keyCases) test(`keyProblems: ${JSON.stringify(keys)}`, () => assert.deepEqual(keyProblems(keys).map((p) => [p.field, p.message]), expect));

test('genericSecret sends values as stringData (the server encodes them)', () => {
  assert.deepEqual(genericSecret('s', [{ key: 'a', value: '1' }, { key: 'b', value: '' }]), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', stringData: { a: '1', b: '' } });
});

test('tlsProblems wants PEM files', () => {
  const cert = '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----';
  const key = '-----BEGIN EC PRIVATE KEY-----\nx\n-----END EC PRIVATE KEY-----';
  assert.deepEqual(tlsProblems(cert, key), []);
  assert.deepEqual(tlsProblems(undefined, undefined).map((p) => p.field), ['cert', 'key']);
  assert.deepEqual(tlsProblems(key, cert).map((p) => p.field), ['cert', 'key']);
  assert.deepEqual(Object.keys(tlsSecret('t', cert, key).stringData), ['tls.crt', 'tls.key']);
});

test('dockerConfigJson is what kubectl create secret docker-registry writes', () => {
  const json = JSON.parse(dockerConfigJson({ server: ' registry.example:5000 ', username: 'robot', password: 'pässword', email: 'r@example' }));
  assert.deepEqual(json, { auths: { 'registry.example:5000': { username: 'robot', password: 'pässword', email: 'r@example', auth: Buffer.from('robot:pässword', 'utf8').toString('base64') } } });
  assert.deepEqual(registryProblems({ server: '', username: '', password: '' }).map((p) => p.field), ['server', 'username', 'password']);
});

test('base64 encodes UTF-8', () => {
  assert.equal(base64('ä:€'), Buffer.from('ä:€', 'utf8').toString('base64'));
});

test('valuesPatch sets with stringData and removes with data: null', () => {
  assert.deepEqual(valuesPatch({ a: '1' }, ['b', 'a']), { stringData: { a: '1' }, data: { b: null } });
  assert.deepEqual(valuesPatch({}, ['b']), { data: { b: null } });
  assert.deepEqual(valuesPatch({}, []), {});
});
