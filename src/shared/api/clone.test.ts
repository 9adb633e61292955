import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonClone } from './clone';

test('jsonClone copies JSON data deeply, equal to structuredClone', () => {
  const v = { a: 1, b: 'x', c: null, d: [1, { e: [true, false] }], f: { g: { h: 'deep' } }, u: undefined };
  const c = jsonClone(v);
  assert.deepEqual(c, structuredClone(v));
  assert.ok('u' in c, 'a key with an undefined value stays, as with structuredClone');
  c.d.push(2);
  (c.f.g as { h: string }).h = 'changed';
  assert.deepEqual(v.d, [1, { e: [true, false] }]);
  assert.equal(v.f.g.h, 'deep');
});

test('jsonClone keeps an own __proto__ key an own property, never the prototype', () => {
  const v = JSON.parse('{"metadata":{"__proto__":{"polluted":true},"name":"x"}}') as { metadata: Record<string, unknown> };
  const c = jsonClone(v);
  assert.equal(Object.getPrototypeOf(c.metadata), Object.prototype);
  assert.equal((c.metadata as { polluted?: unknown }).polluted, undefined);
  assert.deepEqual(Object.keys(c.metadata), ['__proto__', 'name']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(c.metadata, '__proto__')?.value, { polluted: true });
});

test('jsonClone copies what is not plain data as structuredClone does', () => {
  const d = new Date(0);
  const c = jsonClone({ at: d, bytes: new Uint8Array([1, 2]) });
  assert.ok(c.at instanceof Date && c.at !== d && c.at.getTime() === 0);
  assert.deepEqual([...c.bytes], [1, 2]);
});
