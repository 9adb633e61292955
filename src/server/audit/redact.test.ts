import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJSON, REDACTED, redactBody } from './redact';

describe('redactBody', () => {
  const cases: { name: string; input: unknown; want: unknown }[] = [
    {
      name: 'a Secret keeps its keys, not its values',
      input: { kind: 'Secret', metadata: { name: 's' }, data: { password: 'c2VjcmV0' }, stringData: { token: 'plain' }, type: 'Opaque' },
      want: { kind: 'Secret', metadata: { name: 's' }, data: { password: REDACTED }, stringData: { token: REDACTED }, type: 'Opaque' },
    },
    {
      name: 'Secrets inside a list',
      input: { kind: 'List', items: [{ kind: 'Secret', data: { a: 'YQ==' } }, { kind: 'ConfigMap', data: { a: 'b' } }] },
      want: { kind: 'List', items: [{ kind: 'Secret', data: { a: REDACTED } }, { kind: 'ConfigMap', data: { a: 'b' } }] },
    },
    {
      name: "a TokenRequest's status.token",
      input: { kind: 'TokenRequest', status: { token: 'eyJ...', expirationTimestamp: 't' } },
      want: { kind: 'TokenRequest', status: { token: REDACTED, expirationTimestamp: 't' } },
    },
    {
      name: 'passwords anywhere',
      input: { username: 'a', password: 'p', nested: [{ currentPassword: 'c' }] },
      want: { username: 'a', password: REDACTED, nested: [{ currentPassword: REDACTED }] },
    },
    {
      name: 'a malformed Secret data is replaced whole',
      input: { kind: 'Secret', data: 'not-a-map' },
      want: { kind: 'Secret', data: REDACTED },
    },
    {
      name: 'ordinary objects are copied unchanged',
      input: { kind: 'Pod', spec: { containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] } },
      want: { kind: 'Pod', spec: { containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = JSON.stringify(c.input);
      assert.deepEqual(redactBody(c.input), c.want);
      assert.equal(JSON.stringify(c.input), before, 'the input must not be mutated');
    });
  }
});

describe('canonicalJSON', () => {
  it('sorts keys at every level, drops undefined, keeps arrays in order', () => {
    assert.equal(canonicalJSON({ b: 1, a: { d: [2, 1], c: undefined, e: null } }), '{"a":{"d":[2,1],"e":null},"b":1}');
  });
  it('is independent of key insertion order', () => {
    assert.equal(canonicalJSON({ x: 1, y: { p: 'q', o: 'n' } }), canonicalJSON({ y: { o: 'n', p: 'q' }, x: 1 }));
  });
  it('escapes strings as JSON does', () => {
    assert.equal(canonicalJSON({ 'k"': 'a\nb' }), JSON.stringify({ 'k"': 'a\nb' }));
  });
});
