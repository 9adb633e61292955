import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRecord } from './json';

test('isRecord: objects (also without a prototype, and parsed "__proto__" keys) are records; null, arrays and scalars are not', () => {
  for (const yes of [{}, { a: 1 }, Object.create(null), JSON.parse('{"__proto__": {"x": 1}}'), new Date(0)]) assert.equal(isRecord(yes), true);
  for (const no of [null, undefined, [], [{}], 'x', 0, true, 1n]) assert.equal(isRecord(no), false, typeof no);
});
