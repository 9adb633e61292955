import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import type { Authorizer } from '../authz/types';
import { ApiError } from '../http/status';
import { createStore, openDatabase, type Store } from '../storage/store';
import { blockAnnotations, blockIndexOf, BLOCK_COUNT, lowestFree, mcsLabel, namespaceBlock, namespaceRanges, parseRange, RangeAllocator, usedBlocks } from './namespace-ranges';
import type { AdmissionRequest } from './types';

const UID = 'security.gatehouse.dev/uid-range';
const SG = 'security.gatehouse.dev/supplemental-groups';
const MCS = 'security.gatehouse.dev/mcs';

const newStore = (): Store => createStore(openDatabase(':memory:'));
const ns = (name: string, annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(annotations ? { annotations } : {}) } });

test('mcsLabel enumerates distinct category pairs like OpenShift (higher category first)', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(mcsLabel), ['s0:c1,c0', 's0:c2,c0', 's0:c2,c1', 's0:c3,c0', 's0:c3,c1', 's0:c3,c2']);
  const seen = new Set<string>();
  for (let i = 0; i < BLOCK_COUNT; i += 1) seen.add(mcsLabel(i));
  assert.equal(seen.size, BLOCK_COUNT, 'every block has its own MCS label');
  assert.match(mcsLabel(BLOCK_COUNT - 1), /^s0:c(\d+),c(\d+)$/);
  assert.ok(Number(/c(\d+),/.exec(mcsLabel(BLOCK_COUNT - 1))![1]) < 1024, 'categories stay below c1024');
});

test('block annotations, parsing and the block grid', () => {
  assert.deepEqual(blockAnnotations(10), { [UID]: '1000100000/10000', [SG]: '1000100000/10000', [MCS]: 's0:c5,c0' });
  assert.deepEqual(parseRange('1000100000/10000'), { start: 1_000_100_000, size: 10_000 });
  for (const bad of ['', '1/0', 'x/1', '1000/', '-1/10', '2147483647/2']) assert.equal(parseRange(bad), undefined, bad);
  assert.equal(blockIndexOf('1000100000/10000'), 10);
  assert.equal(blockIndexOf('1000100001/10000'), undefined);
  assert.deepEqual(namespaceBlock(ns('a', blockAnnotations(2))), { uid: { start: 1_000_020_000, size: 10_000 }, groups: { start: 1_000_020_000, size: 10_000 }, mcs: 's0:c2,c1' });
  assert.deepEqual(namespaceBlock(ns('a', { [MCS]: 'not a level' })), { uid: undefined, groups: undefined, mcs: undefined });
});

test('usedBlocks and lowestFree: off-grid ranges occupy every block they touch', () => {
  const used = usedBlocks([ns('a', blockAnnotations(0)), ns('b', { [UID]: '1000015000/20000' }), ns('c')]);
  assert.deepEqual([...used].sort((x, y) => x - y), [0, 1, 2, 3]);
  assert.equal(lowestFree(used), 4);
  assert.equal(lowestFree(new Set([1, 2])), 0);
});

describe('RangeAllocator', () => {
  it('hands out the lowest free block and reserves it until stored', () => {
    const store = newStore();
    store.create('/namespaces', '', 'a', ns('a', blockAnnotations(0)));
    const alloc = new RangeAllocator(store);
    const first = alloc.allocate();
    const second = alloc.allocate();
    assert.equal(first[UID], '1000010000/10000');
    assert.equal(second[UID], '1000020000/10000', 'a reserved block is not handed out again before it is stored');
    assert.equal(alloc.allocate(true)[UID], '1000030000/10000');
    assert.equal(alloc.allocate(true)[UID], '1000030000/10000', 'a dry run reserves nothing');
  });
  it('releases a reservation whose create never happened after the timeout', () => {
    let now = 0;
    const alloc = new RangeAllocator(newStore(), () => now);
    assert.equal(alloc.allocate()[UID], '1000000000/10000');
    now = RangeAllocator.RESERVATION_MS + 1;
    assert.equal(alloc.allocate()[UID], '1000000000/10000');
  });
  it('reuses the block of a deleted namespace', () => {
    const store = newStore();
    for (let i = 0; i < 3; i += 1) store.create('/namespaces', '', `n${i}`, ns(`n${i}`, blockAnnotations(i)));
    store.delete('/namespaces', '', 'n1');
    assert.equal(new RangeAllocator(store).allocate()[UID], '1000010000/10000');
  });
});

describe('namespaceRanges admission', () => {
  const allowAll: Authorizer = { authorize: () => ({ decision: 'allow', reason: '' }) };
  const denyAll: Authorizer = { authorize: () => ({ decision: 'noOpinion', reason: '' }) };
  const request = (store: Store, op: 'CREATE' | 'UPDATE', object: KubeObject, oldObject?: KubeObject): AdmissionRequest => ({
    operation: op, group: '', resource: 'namespaces', subresource: '', namespace: '', name: object.metadata.name!, object, oldObject,
    user: { username: 'alice', groups: [] }, dryRun: false, store, warnings: [], annotations: {},
  });
  it('replaces client-set ranges on create', () => {
    const store = newStore();
    const plugin = namespaceRanges({ authorizer: allowAll, allocator: new RangeAllocator(store) });
    const o = ns('x', { [UID]: '0/100000', keep: 'me' });
    plugin.admit!(request(store, 'CREATE', o));
    assert.deepEqual(o.metadata.annotations, { keep: 'me', ...blockAnnotations(0) });
  });
  it('restores dropped ranges on update, for anyone', () => {
    const store = newStore();
    const plugin = namespaceRanges({ authorizer: denyAll, allocator: new RangeAllocator(store) });
    const o = ns('x', { other: '1' });
    plugin.admit!(request(store, 'UPDATE', o, ns('x', blockAnnotations(3))));
    assert.deepEqual(o.metadata.annotations, { other: '1', ...blockAnnotations(3) });
  });
  it('refuses a change by a non-admin', () => {
    const store = newStore();
    const plugin = namespaceRanges({ authorizer: denyAll, allocator: new RangeAllocator(store) });
    assert.throws(() => plugin.admit!(request(store, 'UPDATE', ns('x', { ...blockAnnotations(3), [MCS]: 's0:c9,c9' }), ns('x', blockAnnotations(3)))),
      (e: unknown) => e instanceof ApiError && e.code === 403 && /only cluster admins may change security.gatehouse.dev\/mcs/.test(e.message));
  });
  it('lets an admin change to a free range, and refuses overlap and bad syntax', () => {
    const store = newStore();
    store.create('/namespaces', '', 'other', ns('other', blockAnnotations(5)));
    const plugin = namespaceRanges({ authorizer: allowAll, allocator: new RangeAllocator(store) });
    const ok = ns('x', { ...blockAnnotations(3), [UID]: '2000000000/100' });
    plugin.admit!(request(store, 'UPDATE', ok, ns('x', blockAnnotations(3))));
    assert.equal(ok.metadata.annotations![UID], '2000000000/100');
    assert.throws(() => plugin.admit!(request(store, 'UPDATE', ns('x', { ...blockAnnotations(3), [UID]: '1000055000/10' }), ns('x', blockAnnotations(3)))),
      (e: unknown) => e instanceof ApiError && e.code === 422 && /overlaps security.gatehouse.dev\/uid-range 1000050000\/10000 of namespace "other"/.test(e.message));
    assert.throws(() => plugin.admit!(request(store, 'UPDATE', ns('x', { ...blockAnnotations(3), [SG]: 'lots' }), ns('x', blockAnnotations(3)))),
      (e: unknown) => e instanceof ApiError && e.code === 422 && /must be <start>\/<size>/.test(e.message));
  });
});
