// The store's decoded-object cache: shared objects are frozen, every committed write is seen at once,
// a transaction reads its own writes, and nothing of a rolled-back transaction is ever served.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { aesGcmTransformer } from './encryption';
import { createStore, openDatabase } from './store';

const cm = (name: string, v: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { v } } as KubeObject);
const data = (o: KubeObject | Readonly<KubeObject> | undefined) => (o as { data?: { v?: string } } | undefined)?.data?.v;

describe('store cache', () => {
  it('serves frozen shared objects and their stored JSON, and every committed write at once', () => {
    const store = createStore(openDatabase(':memory:'));
    store.create('/configmaps', 'ns', 'a', cm('a', '1'));
    const shared = store.getShared('/configmaps', 'ns', 'a')!;
    assert.equal(data(shared), '1');
    assert.ok(Object.isFrozen(shared) && Object.isFrozen((shared as unknown as { data: object }).data));
    assert.throws(() => { (shared as unknown as { data: { v: string } }).data.v = 'changed'; }, TypeError);
    assert.equal(store.getShared('/configmaps', 'ns', 'a'), shared, 'the same object until it changes');
    assert.deepEqual(JSON.parse(store.encoded(shared as KubeObject)!), shared);
    // get() hands out a fresh copy the caller may change.
    const mine = store.get('/configmaps', 'ns', 'a')!;
    (mine as unknown as { data: { v: string } }).data.v = 'local';
    assert.equal(data(store.get('/configmaps', 'ns', 'a')), '1');

    store.update('/configmaps', 'ns', 'a', cm('a', '2'));
    assert.equal(data(store.getShared('/configmaps', 'ns', 'a')), '2');
    assert.equal(data(store.get('/configmaps', 'ns', 'a')), '2');
    assert.equal(data(shared), '1', 'an object handed out earlier is not changed under its reader');
    store.delete('/configmaps', 'ns', 'a');
    assert.equal(store.getShared('/configmaps', 'ns', 'a'), undefined);
    assert.equal(store.get('/configmaps', 'ns', 'a'), undefined);
  });

  it('a transaction reads its own writes; after a rollback only the committed version is served', () => {
    const store = createStore(openDatabase(':memory:'));
    store.create('/configmaps', 'ns', 'a', cm('a', 'committed'));
    assert.equal(data(store.getShared('/configmaps', 'ns', 'a')), 'committed');
    assert.throws(() => store.transaction(() => {
      store.update('/configmaps', 'ns', 'a', cm('a', 'uncommitted'));
      store.create('/configmaps', 'ns', 'b', cm('b', 'uncommitted'));
      assert.equal(data(store.getShared('/configmaps', 'ns', 'a')), 'uncommitted');
      assert.equal(data(store.get('/configmaps', 'ns', 'b')), 'uncommitted');
      throw new Error('roll back');
    }), /roll back/);
    assert.equal(data(store.getShared('/configmaps', 'ns', 'a')), 'committed');
    assert.equal(data(store.get('/configmaps', 'ns', 'a')), 'committed');
    assert.equal(store.getShared('/configmaps', 'ns', 'b'), undefined);
    assert.deepEqual(store.list('/configmaps').map(data), ['committed']);
    assert.deepEqual(store.listEncoded('/configmaps').map((j) => data(JSON.parse(j))), ['committed']);
  });

  it('does not cache objects of an encrypted resource (secrets): fresh, unfrozen, no kept JSON', () => {
    const db = openDatabase(':memory:');
    const store = createStore(db, { transformers: { '/secrets': aesGcmTransformer(Buffer.alloc(32, 7)) } });
    store.create('/secrets', 'ns', 's', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data: { v: 'c2VjcmV0' } } as KubeObject);
    const a = store.getShared('/secrets', 'ns', 's')!;
    assert.ok(!Object.isFrozen(a));
    assert.notEqual(store.getShared('/secrets', 'ns', 's'), a);
    assert.equal(store.encoded(a as KubeObject), undefined);
    assert.match(db.prepare("SELECT data FROM objects WHERE res = '/secrets'").pluck().get() as string, /^k8s:enc:aesgcm:v1:/);
    assert.deepEqual(store.listEncoded('/secrets').map((j) => JSON.parse(j).data), [{ v: 'c2VjcmV0' }]);
  });
});
