import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyWatchEvent, newerOrEqual, splitLines } from './watch';

const obj = (name: string, rv: string, phase = 'Pending') => ({ metadata: { name, namespace: 'default', resourceVersion: rv }, status: { phase } });
const list = (...items: ReturnType<typeof obj>[]) => ({ items, resourceVersion: '10' });

test('splitLines keeps the unfinished tail', () => {
  assert.deepEqual(splitLines('{"a":1}\n{"b":2}\n{"c"'), { lines: ['{"a":1}', '{"b":2}'], rest: '{"c"' });
  assert.deepEqual(splitLines(''), { lines: [], rest: '' });
  assert.deepEqual(splitLines('x\n\n'), { lines: ['x'], rest: '' });
});

test('newerOrEqual compares numbers, treats opaque versions as newer', () => {
  assert.equal(newerOrEqual('11', '9'), true);
  assert.equal(newerOrEqual('9', '11'), false);
  assert.equal(newerOrEqual('abc', '11'), true);
  assert.equal(newerOrEqual(undefined, '11'), true);
});

const cases: { name: string; before: ReturnType<typeof list>; type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: ReturnType<typeof obj>; expectNames: string[]; expectRv: string; expectPhase?: string }[] = [
  { name: 'ADDED appends', before: list(obj('a', '5')), type: 'ADDED', object: obj('b', '11'), expectNames: ['a', 'b'], expectRv: '11' },
  { name: 'ADDED of a held object upserts', before: list(obj('a', '5')), type: 'ADDED', object: obj('a', '11', 'Running'), expectNames: ['a'], expectRv: '11', expectPhase: 'Running' },
  { name: 'MODIFIED replaces', before: list(obj('a', '5'), obj('b', '6')), type: 'MODIFIED', object: obj('a', '12', 'Running'), expectNames: ['a', 'b'], expectRv: '12', expectPhase: 'Running' },
  { name: 'stale MODIFIED is ignored', before: list(obj('a', '15', 'Running')), type: 'MODIFIED', object: obj('a', '12', 'Pending'), expectNames: ['a'], expectRv: '12', expectPhase: 'Running' },
  { name: 'DELETED removes', before: list(obj('a', '5'), obj('b', '6')), type: 'DELETED', object: obj('a', '13'), expectNames: ['b'], expectRv: '13' },
  { name: 'DELETED of an unknown object is a no-op', before: list(obj('a', '5')), type: 'DELETED', object: obj('z', '13'), expectNames: ['a'], expectRv: '13' },
  { name: 'BOOKMARK only advances the version', before: list(obj('a', '5')), type: 'BOOKMARK', object: { metadata: { resourceVersion: '40' } } as ReturnType<typeof obj>, expectNames: ['a'], expectRv: '40' },
];

for (const c of cases) {
  test(`applyWatchEvent: ${c.name}`, () => {
    const frozen = structuredClone(c.before);
    const after = applyWatchEvent(c.before, c.type, c.object);
    assert.deepEqual(after.items.map((o) => o.metadata.name), c.expectNames);
    assert.equal(after.resourceVersion, newerOrEqual(c.expectRv, '10') ? c.expectRv : '10');
    if (c.expectPhase) assert.equal(after.items.find((o) => o.metadata.name === 'a')?.status.phase, c.expectPhase);
    assert.deepEqual(c.before, frozen, 'input is not mutated');
  });
}
