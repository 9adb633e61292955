import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJSON, REDACTED, redactBody, sortedKeys } from './redact';

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

describe('redactBody: which field names are secret', () => {
  // Every name of the list, as written and in other cases, is redacted; names that share its length
  // and last letter (what the quick pre-check looks at) but are not in it, are not.
  const secret = ['password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'refreshToken', 'idToken', 'bearerToken', 'clientSecret', 'privateKey'];
  const cases = [
    ...secret.flatMap((k) => [k, k.toUpperCase(), k.toLowerCase(), k[0].toUpperCase() + k.slice(1)].map((key) => ({ key, secret: true }))),
    ...['passwort', 'Passworded', 'tokens', 'xtoken', 'retoken', 'secret', 'clientSecrets', 'publicKey', 'privateKeys', 'name', 'spec', 'key', 'kind', 'ownPassword',
      'PASSWORD ', ' token', 'passwordX', 'tokeN\u0000', '', 'a'.repeat(16) + 'password', 'toke\u00f1'].map((key) => ({ key, secret: false })),
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.key)} is ${c.secret ? '' : 'not '}secret`, () => {
      const out = redactBody({ outer: { [c.key]: 'value' } }) as { outer: Record<string, unknown> };
      assert.equal(out.outer[c.key], c.secret ? REDACTED : 'value');
    });
  }
});

describe('sortedKeys', () => {
  const cases: { name: string; input: object }[] = [
    { name: 'empty', input: {} },
    { name: 'an API object', input: { spec: 1, metadata: 2, kind: 3, apiVersion: 4, status: 5 } },
    { name: 'case, digits and punctuation', input: { b: 1, B: 2, a: 3, _x: 4, '-y': 5, 'a.b': 6, 'a/b': 7, 'A': 8, '': 9 } },
    { name: 'integer-like keys (listed first by the object, sorted as strings here)', input: { 10: 1, 9: 2, 1: 3, a: 4, '01': 5, 4294967295: 6 } },
    { name: 'non-ASCII (UTF-16 code units, as the default sort)', input: { 'é': 1, 'z': 2, '\u{1F600}': 3, '\uFFFF': 4, 'É': 5 } },
    { name: 'already sorted, and reversed', input: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${String(39 - i).padStart(2, '0')}`, i])) },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(sortedKeys(c.input), Object.keys(c.input).sort()));
  }
});

describe('redactBody with omitManagedFields', () => {
  const mf = [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:data': { 'f:password': {} } } }];
  const cases: { name: string; input: unknown; want: unknown }[] = [
    {
      name: "an object's metadata.managedFields is left out, nothing else",
      input: { kind: 'Pod', metadata: { name: 'p', managedFields: mf, labels: { a: 'b' } }, spec: { managedFields: 'kept: not metadata' } },
      want: { kind: 'Pod', metadata: { labels: { a: 'b' }, name: 'p' }, spec: { managedFields: 'kept: not metadata' } },
    },
    {
      name: "each list item's, and the list's own metadata",
      input: { kind: 'PodList', metadata: { resourceVersion: '1' }, items: [{ metadata: { name: 'a', managedFields: mf } }, { kind: 'Secret', metadata: { name: 's', managedFields: mf }, data: { k: 'dg==' } }, 'odd'] },
      want: { kind: 'PodList', metadata: { resourceVersion: '1' }, items: [{ metadata: { name: 'a' } }, { kind: 'Secret', metadata: { name: 's' }, data: { k: REDACTED } }, 'odd'] },
    },
    {
      name: 'secret material is still redacted',
      input: { kind: 'Secret', metadata: { name: 's', managedFields: mf }, data: { password: 'c2VjcmV0' }, token: 't' },
      want: { kind: 'Secret', metadata: { name: 's' }, data: { password: REDACTED }, token: REDACTED },
    },
    {
      name: 'not an object: as without the option',
      input: ['a', { password: 'p' }],
      want: ['a', { password: REDACTED }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = JSON.stringify(c.input);
      const out = redactBody(c.input, true);
      assert.deepEqual(out, c.want);
      assert.equal(canonicalJSON(out), JSON.stringify(out), 'keys come out sorted');
      assert.equal(JSON.stringify(c.input), before, 'the input must not be mutated');
    });
  }
  it('without the option managedFields stay', () => {
    const input = { kind: 'Pod', metadata: { name: 'p', managedFields: mf } };
    assert.deepEqual(redactBody(input), input);
    assert.deepEqual(redactBody(input, false), input);
  });
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
