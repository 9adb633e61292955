// The store's decoded-object cache: shared objects are frozen, every committed write is seen at once,
// a transaction reads its own writes, and nothing of a rolled-back transaction is ever served.
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { aesGcmTransformer } from './encryption';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConflictError, createStore, ExistsError, GoneError, MissingError, openDatabase, WAL_AUTOCHECKPOINT_PAGES, WRITTEN_KEPT, type StoreEvent } from './store';

const cm = (name: string, v: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { v } } as KubeObject);
const data = (o: KubeObject | Readonly<KubeObject> | undefined) => (o as { data?: { v?: string } } | undefined)?.data?.v;

describe('store cache', () => {
  it('freezes every level of a written or shared object: objects in arrays in objects, arrays of arrays', () => {
    const store = createStore(openDatabase(':memory:'));
    const deep = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'x' } } }], args: ['a'] }], matrix: [[{ k: 1 }]] } } as unknown as KubeObject;
    const mutable = (o: unknown): string[] => {
      const out: string[] = [];
      const walk = (v: unknown, path: string) => {
        if (v === null || typeof v !== 'object') return;
        if (!Object.isFrozen(v)) out.push(path);
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      };
      walk(o, '');
      return out;
    };
    assert.deepEqual(mutable(store.create('/pods', 'ns', 'p', deep)), []);
    assert.deepEqual(mutable(createStore(store.db).getShared('/pods', 'ns', 'p')), []);
  });

  it('keeps the object a single write stored, frozen, for the next getShared (no decode); a bulk transaction keeps only JSON', () => {
    const store = createStore(openDatabase(':memory:'));
    const created = store.create('/configmaps', 'ns', 'a', cm('a', '1'));
    assert.ok(Object.isFrozen(created) && Object.isFrozen((created as unknown as { data: object }).data), 'the caller holds it read-only, as watchers do');
    assert.equal(store.getShared('/configmaps', 'ns', 'a'), created);
    assert.deepEqual(JSON.parse(store.encoded(created)!), created);
    const updated = store.update('/configmaps', 'ns', 'a', cm('a', '2'));
    assert.equal(store.getShared('/configmaps', 'ns', 'a'), updated);
    assert.equal(data(store.get('/configmaps', 'ns', 'a')), '2');
    // Two writes in one transaction: each is decoded on its first read, as before.
    let b!: KubeObject;
    store.transaction(() => {
      b = store.create('/configmaps', 'ns', 'b', cm('b', '1'));
      store.create('/configmaps', 'ns', 'c', cm('c', '1'));
    });
    assert.ok(!Object.isFrozen(b));
    const sharedB = store.getShared('/configmaps', 'ns', 'b')!;
    assert.notEqual(sharedB, b);
    assert.deepEqual(sharedB, b);
    // Secrets (a transformer: never cached) are not kept either.
    const enc = createStore(openDatabase(':memory:'), { transformers: { '/secrets': aesGcmTransformer(Buffer.alloc(32, 7)) } });
    const sec = enc.create('/secrets', 'ns', 's', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data: { v: 'MQ==' } } as KubeObject);
    assert.ok(!Object.isFrozen(sec));
    assert.notEqual(enc.getShared('/secrets', 'ns', 's'), sec);
  });

  it('gives up the decoded objects of writes never read beyond WRITTEN_KEPT (read ones stay)', () => {
    const store = createStore(openDatabase(':memory:'));
    const first = store.create('/configmaps', 'ns', 'w-0', cm('w-0', '0'));
    const read = store.create('/configmaps', 'ns', 'w-1', cm('w-1', '1'));
    assert.equal(store.getShared('/configmaps', 'ns', 'w-1'), read);
    for (let i = 2; i <= WRITTEN_KEPT + 1; i++) store.create('/configmaps', 'ns', `w-${i}`, cm(`w-${i}`, String(i)));
    const again = store.getShared('/configmaps', 'ns', 'w-0')!;
    assert.notEqual(again, first, 'decoded afresh');
    assert.deepEqual(again, first);
    assert.equal(store.getShared('/configmaps', 'ns', 'w-1'), read);
    assert.equal(store.getShared('/configmaps', 'ns', `w-${WRITTEN_KEPT + 1}`)!.metadata.name, `w-${WRITTEN_KEPT + 1}`);
  });

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

  it('list pages take the JSON from the cache, and equal SQLite\'s rows whatever the cache holds', () => {
    // Every page, all namespaces or one, from a cache holding all, most (a few point reads) or few (the rows' JSON) of them.
    for (const cacheSize of [1000, 57, 5]) {
      const db = openDatabase(':memory:');
      const store = createStore(db, { cacheSize });
      for (const ns of ['a', 'b']) {
        for (let i = 0; i < 30; i++) {
          const name = `cm-${String(i).padStart(2, '0')}`;
          store.create('/configmaps', ns, name, { ...cm(name, `${ns}${i}`), metadata: { name, namespace: ns } });
        }
      }
      const sql = db.prepare('SELECT data FROM objects WHERE res = ? ORDER BY ns, name').pluck().all('/configmaps') as string[];
      for (const ns of [undefined, 'a']) {
        const want = ns ? sql.filter((j) => JSON.parse(j).metadata.namespace === ns) : sql;
        const got: string[] = [];
        let after: { ns: string; name: string } | undefined;
        for (;;) {
          const page = store.listEncoded('/configmaps', { ns, after, limit: 7 });
          got.push(...page);
          if (page.length < 7) break;
          const last = JSON.parse(page[page.length - 1]).metadata;
          after = { ns: last.namespace, name: last.name };
        }
        assert.deepEqual(got, want, `cacheSize ${cacheSize}, ns ${ns}`);
        assert.deepEqual(store.listEncoded('/configmaps', { ns }), want);
      }
    }
    // A page of cached objects does not read their JSON from SQLite: a row changed behind the store's back
    // (which nothing may do) shows while it is cached.
    const db = openDatabase(':memory:');
    const store = createStore(db);
    store.create('/configmaps', 'ns', 'a', cm('a', 'cached'));
    db.prepare("UPDATE objects SET data = ? WHERE name = 'a'").run(JSON.stringify(cm('a', 'behind')));
    assert.deepEqual(store.listEncoded('/configmaps').map((j) => data(JSON.parse(j))), ['cached']);
  });

  it('a list in a transaction sees its own writes; after a rollback only the committed ones', () => {
    const store = createStore(openDatabase(':memory:'));
    store.create('/configmaps', 'ns', 'a', cm('a', 'a1'));
    store.create('/configmaps', 'ns', 'b', cm('b', 'b1'));
    const values = () => store.listEncoded('/configmaps', { ns: 'ns' }).map((j) => data(JSON.parse(j)));
    assert.throws(() => store.transaction(() => {
      store.update('/configmaps', 'ns', 'a', cm('a', 'a2'));
      store.delete('/configmaps', 'ns', 'b');
      store.create('/configmaps', 'ns', 'c', cm('c', 'c1'));
      assert.deepEqual(values(), ['a2', 'c1']);
      throw new Error('roll back');
    }), /roll back/);
    assert.deepEqual(values(), ['a1', 'b1']);
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

// The Store contract: one global revision, optimistic concurrency, keyset pagination, the event
// window (410 Gone) and atomic transactions.
const fresh = (windowSize?: number) => createStore(openDatabase(':memory:'), { windowSize });
const cmIn = (ns: string, name: string, v = '1'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { v } } as KubeObject);
const R = '/configmaps';

describe('writes and the revision', () => {
  test('every write takes the next global revision and stamps it as resourceVersion', () => {
    const s = fresh();
    const r0 = s.revision();
    const a = s.create(R, 'a', 'x', cmIn('a', 'x'));
    const b = s.create('/secrets', 'a', 'x', cmIn('a', 'x'));
    assert.equal(a.metadata.resourceVersion, String(r0 + 1));
    assert.equal(b.metadata.resourceVersion, String(r0 + 2));
    const u = s.update(R, 'a', 'x', { ...a, data: { v: '2' } } as KubeObject);
    assert.equal(u.metadata.resourceVersion, String(r0 + 3));
    const d = s.delete(R, 'a', 'x');
    assert.equal(d.metadata.resourceVersion, String(r0 + 4));
    assert.equal(s.revision(), r0 + 4);
    assert.equal(s.get(R, 'a', 'x'), undefined);
  });

  test('create of an existing key throws ExistsError; update or delete of a missing one MissingError', () => {
    const s = fresh();
    s.create(R, 'a', 'x', cmIn('a', 'x'));
    assert.throws(() => s.create(R, 'a', 'x', cmIn('a', 'x')), ExistsError);
    assert.throws(() => s.update(R, 'a', 'nope', cmIn('a', 'nope')), MissingError);
    assert.throws(() => s.delete(R, 'a', 'nope'), MissingError);
    // The same name in another namespace or resource is another object.
    s.create(R, 'b', 'x', cmIn('b', 'x'));
    s.create('/secrets', 'a', 'x', cmIn('a', 'x'));
    assert.equal(s.count(R), 2);
  });

  test('create of an existing key the cache does not hold (a second store, no cache, an encrypted resource) throws ExistsError and changes nothing', () => {
    const db = openDatabase(':memory:');
    const first = createStore(db);
    first.create(R, 'a', 'x', cmIn('a', 'x'));
    // One store at a time over the file, as the server runs (each reads the revision when it starts).
    for (const make of [() => createStore(db), () => createStore(db, { cacheSize: 0 }), () => createStore(db, { transformers: { '/secrets': aesGcmTransformer(Buffer.alloc(32, 7)) } })]) {
      const s = make();
      if (s.get('/secrets', 'a', 'x') === undefined) s.create('/secrets', 'a', 'x', cmIn('a', 'x'));
      const before = s.revision();
      const events: string[] = [];
      s.subscribe((e) => events.push(e.name));
      assert.throws(() => s.create(R, 'a', 'x', cmIn('a', 'x')), ExistsError);
      assert.throws(() => s.create('/secrets', 'a', 'x', cmIn('a', 'x')), ExistsError);
      // Caught inside a transaction, the refused create leaves the transaction's other writes and the revision as they were.
      s.transaction(() => {
        assert.throws(() => s.create(R, 'a', 'x', cmIn('a', 'x')), ExistsError);
        s.create(R, 'a', `y${before}`, cmIn('a', `y${before}`));
      });
      assert.equal(s.revision(), before + 1);
      assert.deepEqual(events, [`y${before}`]);
      assert.equal(s.get(R, 'a', `y${before}`)?.metadata.resourceVersion, String(before + 1));
      assert.equal(s.count(R, 'a'), s.list(R, { ns: 'a' }).length);
    }
  });

  test('update and delete with a stale expected revision throw ConflictError and change nothing', () => {
    const s = fresh();
    const a = s.create(R, 'a', 'x', cmIn('a', 'x'));
    const rv = Number(a.metadata.resourceVersion);
    s.update(R, 'a', 'x', { ...a, data: { v: '2' } } as KubeObject, rv);
    const before = s.revision();
    assert.throws(() => s.update(R, 'a', 'x', { ...a, data: { v: 'lost' } } as KubeObject, rv), ConflictError);
    assert.throws(() => s.delete(R, 'a', 'x', rv), ConflictError);
    assert.equal(s.revision(), before);
    assert.equal((s.get(R, 'a', 'x') as any).data.v, '2');
    s.delete(R, 'a', 'x', before);
    assert.equal(s.get(R, 'a', 'x'), undefined);
  });

  test('the revision survives reopening the same database', () => {
    const db = openDatabase(':memory:');
    const s1 = createStore(db);
    s1.create(R, 'a', 'x', cmIn('a', 'x'));
    const s2 = createStore(db);
    assert.equal(s2.revision(), s1.revision());
    assert.equal(s2.create(R, 'a', 'y', cmIn('a', 'y')).metadata.resourceVersion, String(s1.revision() + 1));
  });
});

describe('list', () => {
  const seeded = () => {
    const s = fresh();
    for (const ns of ['b', 'a']) for (const n of ['z', 'm', 'c']) s.create(R, ns, n, cmIn(ns, n));
    s.create('/namespaces', '', 'a', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } } as KubeObject);
    return s;
  };
  const keys = (os: KubeObject[]) => os.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

  test('lists in (namespace, name) order, all namespaces or one', () => {
    const s = seeded();
    assert.deepEqual(keys(s.list(R)), ['a/c', 'a/m', 'a/z', 'b/c', 'b/m', 'b/z']);
    assert.deepEqual(keys(s.list(R, { ns: 'b' })), ['b/c', 'b/m', 'b/z']);
    assert.equal(s.count(R, 'a'), 3);
    assert.deepEqual(s.list('/namespaces').map((o) => o.metadata.name), ['a']);
  });

  test('pages with limit and after continue exactly where the last page stopped, across namespaces', () => {
    const s = seeded();
    const seen: string[] = [];
    let after: { ns: string; name: string } | undefined;
    for (;;) {
      const page = s.list(R, { limit: 4, after });
      seen.push(...keys(page));
      if (page.length < 4) break;
      const last = page[page.length - 1];
      after = { ns: last.metadata.namespace!, name: last.metadata.name! };
    }
    assert.deepEqual(seen, keys(s.list(R)));
    assert.deepEqual(keys(s.list(R, { ns: 'a', after: { ns: 'a', name: 'c' }, limit: 1 })), ['a/m']);
  });
});

describe('openDatabase', () => {
  test('WAL, synchronous NORMAL, and a checkpoint every WAL_AUTOCHECKPOINT_PAGES pages', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-store-'));
    try {
      const db = openDatabase(path.join(dir, 'x.db'));
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('synchronous', { simple: true }), 1);
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), WAL_AUTOCHECKPOINT_PAGES);
      assert.ok(WAL_AUTOCHECKPOINT_PAGES > 1000);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('count', () => {
  test('follows creates, deletes and namespace deletion once taken, counts a transaction\'s own writes, forgets a rolled-back one', () => {
    const s = fresh();
    for (const n of ['a', 'b', 'c']) s.create(R, 'x', n, cmIn('x', n));
    s.create(R, 'y', 'a', cmIn('y', 'a'));
    assert.equal(s.count(R, 'x'), 3);
    assert.equal(s.count(R), 4);
    s.create(R, 'x', 'd', cmIn('x', 'd'));
    s.update(R, 'x', 'd', cmIn('x', 'd'));
    s.delete(R, 'x', 'a');
    assert.equal(s.count(R, 'x'), 3);
    assert.equal(s.count(R), 4);
    assert.throws(() => s.transaction(() => {
      s.create(R, 'x', 'e', cmIn('x', 'e'));
      s.delete(R, 'y', 'a');
      assert.equal(s.count(R, 'x'), 4, 'a transaction counts its own writes');
      assert.equal(s.count(R, 'y'), 0);
      throw new Error('roll back');
    }));
    assert.equal(s.count(R, 'x'), 3, 'nothing of the rolled-back transaction is counted');
    assert.equal(s.count(R, 'y'), 1);
    assert.equal(s.count(R), 4);
    s.deleteNamespaceContents('x');
    assert.equal(s.count(R, 'x'), 0);
    assert.equal(s.count(R), 1);
    assert.equal(s.count(R, 'y'), 1);
    assert.equal(s.count('/secrets', 'x'), 0);
  });
});

describe('events and the window', () => {
  test('subscribers see ADDED, MODIFIED (with prev) and DELETED in revision order', () => {
    const s = fresh();
    const got: StoreEvent[] = [];
    const off = s.subscribe((e) => got.push(e));
    const a = s.create(R, 'a', 'x', cmIn('a', 'x'));
    s.update(R, 'a', 'x', { ...a, data: { v: '2' } } as KubeObject);
    s.delete(R, 'a', 'x');
    off();
    s.create(R, 'a', 'after-unsubscribe', cmIn('a', 'y'));
    assert.deepEqual(got.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    assert.equal((got[1].prev as any).data.v, '1');
    assert.equal((got[1].object as any).data.v, '2');
    assert.deepEqual(got.map((e) => e.rv), [got[0].rv, got[0].rv + 1, got[0].rv + 2]);
  });

  test("an update's prev is the version it replaced, read however late (frozen when cached, decrypted for secrets)", () => {
    const s = fresh();
    const a = s.create(R, 'a', 'x', cmIn('a', 'x', '1'));
    const b = s.update(R, 'a', 'x', { ...a, data: { v: '2' } } as KubeObject, Number(a.metadata.resourceVersion));
    s.update(R, 'a', 'x', { ...b, data: { v: '3' } } as KubeObject, Number(b.metadata.resourceVersion));
    const [first, second] = s.eventsSince(Number(a.metadata.resourceVersion));
    assert.equal((second.prev as any).data.v, '2');
    assert.equal((first.prev as any).data.v, '1');
    assert.equal(first.prev, first.prev, 'decoded once');
    assert.ok(Object.isFrozen(first.prev));
    assert.deepEqual(JSON.parse(JSON.stringify(first)).prev.data, { v: '1' });

    const enc = createStore(openDatabase(':memory:'), { transformers: { '/secrets': aesGcmTransformer(Buffer.alloc(32, 7)) } });
    const got: StoreEvent[] = [];
    enc.subscribe((e) => got.push(e));
    const sec = enc.create('/secrets', 'ns', 's', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data: { v: 'MQ==' } } as KubeObject);
    enc.update('/secrets', 'ns', 's', { ...sec, data: { v: 'Mg==' } } as KubeObject, Number(sec.metadata.resourceVersion));
    assert.deepEqual((got[1].prev as any).data, { v: 'MQ==' });
    assert.ok(!Object.isFrozen(got[1].prev));
    assert.throws(() => enc.update('/secrets', 'ns', 's', { ...sec, data: { v: 'Mw==' } } as KubeObject, Number(sec.metadata.resourceVersion)), ConflictError);
  });

  test("an update of an object read with getShared has that very object as prev (not decoded again)", () => {
    const s = fresh();
    const a = s.create(R, 'a', 'y', cmIn('a', 'y', '1'));
    const shared = s.getShared(R, 'a', 'y')!;
    s.update(R, 'a', 'y', { ...a, data: { v: '2' } } as KubeObject, Number(a.metadata.resourceVersion));
    const [e] = s.eventsSince(Number(a.metadata.resourceVersion));
    assert.equal(e.prev, shared);
    assert.equal((e.prev as any).data.v, '1');
  });

  test('a throwing subscriber does not break the write or the other subscribers', () => {
    const s = fresh();
    let seen = 0;
    s.subscribe(() => { throw new Error('broken watcher'); });
    s.subscribe(() => { seen += 1; });
    s.create(R, 'a', 'x', cmIn('a', 'x'));
    assert.equal(seen, 1);
  });

  test('eventsSince resumes after a revision; older than the window is GoneError', () => {
    const s = fresh(3);
    const start = s.revision();
    assert.deepEqual(s.eventsSince(start), []);
    for (let i = 0; i < 5; i++) s.create(R, 'a', `n${i}`, cmIn('a', `n${i}`));
    const last = s.revision();
    assert.deepEqual(s.eventsSince(last - 2).map((e) => e.name), ['n3', 'n4']);
    assert.deepEqual(s.eventsSince(last), []);
    assert.throws(() => s.eventsSince(start), GoneError);
    assert.throws(() => s.eventsSince(last - 4), GoneError);
  });

  test('a new store starts its window at the current revision (older watches are Gone)', () => {
    const db = openDatabase(':memory:');
    const s1 = createStore(db);
    s1.create(R, 'a', 'x', cmIn('a', 'x'));
    const s2 = createStore(db);
    assert.throws(() => s2.eventsSince(s1.revision() - 1), GoneError);
    assert.deepEqual(s2.eventsSince(s2.revision()), []);
  });
});

describe('transactions', () => {
  test('writes in a transaction commit together and publish after commit', () => {
    const s = fresh();
    const got: string[] = [];
    s.subscribe((e) => got.push(e.name));
    s.transaction(() => {
      s.create(R, 'a', 'one', cmIn('a', 'one'));
      s.create(R, 'a', 'two', cmIn('a', 'two'));
      assert.deepEqual(got, [], 'nothing is published before commit');
    });
    assert.deepEqual(got, ['one', 'two']);
  });

  test('a throw rolls back every write, the revision and the events', () => {
    const s = fresh();
    s.create(R, 'a', 'kept', cmIn('a', 'kept'));
    const rv = s.revision();
    const got: string[] = [];
    s.subscribe((e) => got.push(e.name));
    assert.throws(() => s.transaction(() => {
      s.create(R, 'a', 'one', cmIn('a', 'one'));
      s.delete(R, 'a', 'kept');
      s.create(R, 'a', 'one', cmIn('a', 'one')); // ExistsError
    }), ExistsError);
    assert.equal(s.revision(), rv);
    assert.equal(s.get(R, 'a', 'one'), undefined);
    assert.ok(s.get(R, 'a', 'kept'));
    assert.deepEqual(got, []);
    assert.deepEqual(s.eventsSince(rv), []);
    // The next write continues from the restored revision.
    assert.equal(s.create(R, 'a', 'next', cmIn('a', 'next')).metadata.resourceVersion, String(rv + 1));
  });

  test('nested transactions join the outer one', () => {
    const s = fresh();
    const rv = s.revision();
    assert.throws(() => s.transaction(() => {
      s.transaction(() => s.create(R, 'a', 'inner', cmIn('a', 'inner')));
      throw new Error('outer fails');
    }));
    assert.equal(s.get(R, 'a', 'inner'), undefined);
    assert.equal(s.revision(), rv);
  });

  test('deleteNamespaceContents removes every namespaced object of one namespace, not the namespace', () => {
    const s = fresh();
    s.create('/namespaces', '', 'a', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } } as KubeObject);
    s.create(R, 'a', 'x', cmIn('a', 'x'));
    s.create('/secrets', 'a', 'y', cmIn('a', 'y'));
    s.create(R, 'b', 'x', cmIn('b', 'x'));
    const got: StoreEvent[] = [];
    s.subscribe((e) => got.push(e));
    assert.equal(s.deleteNamespaceContents('a'), 2);
    assert.deepEqual(got.map((e) => `${e.type} ${e.res} ${e.ns}/${e.name}`).sort(), ['DELETED /configmaps a/x', 'DELETED /secrets a/y']);
    assert.equal(s.count(R), 1);
    assert.ok(s.get('/namespaces', '', 'a'));
  });
});
