import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podSchema } from '../../shared/api/core';
import { parseLenient, parseList } from './parse';

const pod = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, ...extra,
});

test('parseLenient: a valid object parses exactly', () => {
  const r = parseLenient(podSchema, pod());
  assert.equal(r?.exact, true);
  assert.equal(r?.data.metadata.name, 'web');
});

test('parseLenient: unknown fields at any depth are dropped, not fatal', () => {
  const r = parseLenient(podSchema, pod({ futureField: 1, metadata: { name: 'web', newMeta: 'x' }, spec: { containers: [{ name: 'c', sidecarMode: true }], newSpec: {} } }));
  assert.equal(r?.exact, true);
  assert.equal(r?.data.metadata.name, 'web');
  assert.equal('futureField' in (r?.data ?? {}), false);
});

test('parseLenient: an object that still does not fit is kept when it has a name', () => {
  const r = parseLenient(podSchema, pod({ spec: { containers: 'not-a-list' } }));
  assert.equal(r?.exact, false);
  assert.equal(r?.data.metadata.name, 'web');
});

test('parseLenient: garbage yields undefined', () => {
  assert.equal(parseLenient(podSchema, 42), undefined);
  assert.equal(parseLenient(podSchema, { metadata: {} }), undefined);
});

test('parseLenient: does not mutate its input', () => {
  const input = pod({ extra: true });
  parseLenient(podSchema, input);
  assert.equal((input as Record<string, unknown>).extra, true);
});

test('parseList: reads items and resourceVersion, skipping unreadable items', () => {
  const l = parseList(podSchema, { kind: 'PodList', metadata: { resourceVersion: '42' }, items: [pod(), 7] });
  assert.equal(l.resourceVersion, '42');
  assert.deepEqual(l.items.map((p) => p.metadata.name), ['web']);
});

test('parseList: null items is an empty list', () => {
  assert.deepEqual(parseList(podSchema, { metadata: {}, items: null }), { items: [], resourceVersion: '' });
});

test('parseList: a non-list body is an ApiError', () => {
  assert.throws(() => parseList(podSchema, 'nope'), { name: 'ApiError', reason: 'InvalidResponse' });
});

test('parseList: carries the next page\'s token, and names what it failed to read', () => {
  assert.equal(parseList(podSchema, { metadata: { resourceVersion: '1', continue: 'abc' }, items: [] }).continue, 'abc');
  assert.throws(() => parseList(podSchema, 'nope', 'an audit list'), { message: 'The server sent an audit list the console could not read.' });
});
