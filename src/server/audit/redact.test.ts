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
