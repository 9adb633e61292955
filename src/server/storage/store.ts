import Database from 'better-sqlite3';
import fs from 'node:fs';
import type { KubeObject } from '../../shared/api/meta';
import { MIGRATIONS } from './migrations';

/** WatchEventType is the type of one change in the event window. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** StoreEvent is one committed change: what a watcher sees. `rv` is the global revision of the change. */
export interface StoreEvent {
  type: WatchEventType;
  res: string;
  ns: string;
  name: string;
  rv: number;
  object: KubeObject;
  /** prev is the object before the change (MODIFIED, DELETED), for watchers whose filter it matched. */
  prev?: KubeObject;
}

/** Transformer encrypts stored values of one resource (secrets at rest) and decrypts them on read. */
export interface Transformer {
  toStorage(json: string): string;
  fromStorage(stored: string): string;
}

/** ListOptions narrow a list to one namespace and a page after `after` (a `ns/name` key). */
export interface ListOptions {
  ns?: string;
  after?: { ns: string; name: string };
  limit?: number;
}

/** GoneError reports a watch or list from a revision older than the event window (410 Gone). */
export class GoneError extends Error {}
/** ConflictError reports a write whose `resourceVersion` precondition is stale (409). */
export class ConflictError extends Error {}
/** ExistsError reports a create of a name that exists (409 AlreadyExists). */
export class ExistsError extends Error {}
/** MissingError reports a write to an object that does not exist (404). */
export class MissingError extends Error {}

type Listener = (e: StoreEvent) => void;

/**
 * Store is the only way into the database: objects keyed by (resource, namespace, name) with one
 * global, monotonic revision like etcd's. Every write is one SQLite transaction, committed before the
 * call returns (so an acknowledged write survives SIGKILL), and then published to watchers in revision order.
 */
export interface Store {
  revision(): number;
  /** get returns the object, decoded afresh: the caller may change it. */
  get(res: string, ns: string, name: string): KubeObject | undefined;
  /**
   * getShared returns the object as the store's cache holds it: deeply frozen and shared by every
   * caller until the object changes. For read-only paths (GET, lookups); it saves decoding per read.
   */
  getShared(res: string, ns: string, name: string): Readonly<KubeObject> | undefined;
  /** encoded returns the stored JSON of an object the store returned (getShared, create, update), if it still has it. */
  encoded(obj: KubeObject): string | undefined;
  list(res: string, opts?: ListOptions): KubeObject[];
  /** listEncoded is list() without decoding: each object's stored JSON (decrypted), in the same order. */
  listEncoded(res: string, opts?: ListOptions): string[];
  count(res: string, ns?: string): number;
  create(res: string, ns: string, name: string, obj: KubeObject): KubeObject;
  update(res: string, ns: string, name: string, obj: KubeObject, expectRv?: number): KubeObject;
  delete(res: string, ns: string, name: string, expectRv?: number): KubeObject;
  /** deleteNamespaceContents removes every namespaced object of `ns` in one transaction. */
  deleteNamespaceContents(ns: string): number;
  /** transaction runs `fn` atomically; events are published after commit. */
  transaction<T>(fn: () => T): T;
  /** eventsSince returns the window's events after `rv`, or throws GoneError when `rv` is older than the window. */
  eventsSince(rv: number): StoreEvent[];
  subscribe(fn: Listener): () => void;
  db: Database.Database;
  close(): void;
}

/**
 * StoreOptions tune the store. `windowSize` is how many recent events watches can resume from;
 * `cacheSize` how many objects the decoded-object cache keeps (0: none).
 */
export interface StoreOptions {
  windowSize?: number;
  transformers?: Record<string, Transformer>;
  cacheSize?: number;
}

/** deepFreeze freezes an object graph (JSON data: plain objects and arrays), so a shared object cannot be changed by accident. */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    // Indexed and for-in loops, no Object.values array, no call per scalar: half the time on a pod
    // (every write leaves its object frozen in the cache). JSON data has no inherited enumerable keys.
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x !== null && typeof x === 'object') deepFreeze(x);
      }
    } else {
      for (const k in v) {
        const x: unknown = v[k];
        if (x !== null && typeof x === 'object') deepFreeze(x);
      }
    }
  }
  return v;
}

/**
 * CacheEntry is one cached object: its stored JSON, and the frozen decoded object once someone asked for
 * it, or since the single write that stored it (`written`: kept only while few such are, WRITTEN_KEPT).
 */
interface CacheEntry { json: string; obj?: KubeObject; written?: boolean }

/**
 * WRITTEN_KEPT bounds how many objects the cache keeps decoded only because a write stored them (not yet
 * read): a write is mostly followed by a read of the same object (the scheduler's binding of a created
 * pod, the node's TokenRequest and status patches of a bound one), which then need not decode what was
 * just encoded; an object written and never read (an Event) gives its decoded form up after that many.
 */
export const WRITTEN_KEPT = 4096;

/** WAL_AUTOCHECKPOINT_PAGES is how many WAL pages a commit may leave before it checkpoints (SQLite's default: 1,000). */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** openDatabase opens (creating with mode 0600) and migrates the SQLite file; WAL, synchronous=NORMAL (durable across process crashes). */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:' && !fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL keeps every committed transaction across a process kill (the WAL is in the OS page cache);
  // only a power loss could drop the last transactions, which FULL would add an fsync per write for.
  db.pragma('synchronous = NORMAL');
  // A checkpoint (copying the WAL's pages back into the database file, with an fsync of each) runs inside
  // the commit that crosses wal_autocheckpoint pages. Every write dirties the same few pages (the revision
  // row, the audit chain head, index leaves), and a checkpoint copies each page once however often the
  // WAL holds it: at SQLite's default of 1,000 pages (every ~100 writes here) commits spent a third of
  // their time checkpointing. 10,000 pages (a WAL of up to ~40 MB) keeps that cost a tenth as often.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[]);
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name) VALUES (?, ?)').run(m.id, m.name);
    }).immediate();
  }
  if (file !== ':memory:') {
    for (const suffix of ['', '-wal', '-shm']) {
      try { fs.chmodSync(file + suffix, 0o600); } catch { /* -wal/-shm may not exist yet */ }
    }
  }
  return db;
}

/** createStore builds the Store over an open database. */
export function createStore(db: Database.Database, options: StoreOptions = {}): Store {
  const windowSize = options.windowSize ?? 20000;
  const transformers = options.transformers ?? {};
  const cacheSize = options.cacheSize ?? 50_000;
  const q = {
    get: db.prepare('SELECT data FROM objects WHERE res = ? AND ns = ? AND name = ?').pluck(),
    getRv: db.prepare('SELECT rv FROM objects WHERE res = ? AND ns = ? AND name = ?').pluck(),
    listAll: db.prepare('SELECT data FROM objects WHERE res = ? AND (ns > ? OR (ns = ? AND name > ?)) ORDER BY ns, name LIMIT ?').pluck(),
    listNs: db.prepare('SELECT data FROM objects WHERE res = ? AND ns = ? AND name > ? ORDER BY name LIMIT ?').pluck(),
    keysAll: db.prepare('SELECT ns, name FROM objects WHERE res = ? AND (ns > ? OR (ns = ? AND name > ?)) ORDER BY ns, name LIMIT ?').raw(),
    keysNs: db.prepare('SELECT name FROM objects WHERE res = ? AND ns = ? AND name > ? ORDER BY name LIMIT ?').pluck(),
    countAll: db.prepare('SELECT count(*) FROM objects WHERE res = ?').pluck(),
    countNs: db.prepare('SELECT count(*) FROM objects WHERE res = ? AND ns = ?').pluck(),
    insert: db.prepare('INSERT INTO objects (res, ns, name, rv, data) VALUES (?, ?, ?, ?, ?)'),
    update: db.prepare('UPDATE objects SET rv = ?, data = ? WHERE res = ? AND ns = ? AND name = ?'),
    del: db.prepare('DELETE FROM objects WHERE res = ? AND ns = ? AND name = ?'),
    nsContents: db.prepare("SELECT res, name, data FROM objects WHERE ns = ? AND res != '/namespaces'"),
    setRev: db.prepare("UPDATE meta SET value = ? WHERE key = 'revision'"),
  };
  let rev = Number((db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get() as string) ?? '0');
  // The window starts empty at the current revision: a watch from an older revision gets 410 Gone.
  let windowStart = rev;
  const window: StoreEvent[] = [];
  const listeners = new Set<Listener>();
  let pending: StoreEvent[] | null = null;
  let depth = 0;

  // The decoded-object cache (kube-apiserver's watch cache plays this part): objects by key with their
  // stored JSON, filled by reads and by this store's own committed writes. Only this process writes the
  // database (DESIGN: the datastore is reachable only through the API), so an entry changes only through
  // the writes below, which drop it at once and put the new version in at commit; a rolled-back
  // transaction leaves it dropped. Inside a transaction the keys it wrote are read from SQLite (which
  // sees the transaction's own writes) and not cached. Resources with a transformer (secrets, encrypted
  // at rest) are never cached: their plaintext is not kept in memory beyond one request.
  const cache = new Map<string, CacheEntry>();
  const jsonOf = new WeakMap<object, string>();
  let dirty: Set<string> | null = null;
  let committed: [string, string | undefined, KubeObject | undefined][] = [];
  /** The entries whose decoded object a write left (oldest first), for WRITTEN_KEPT. */
  const writtenKept = new Set<CacheEntry>();
  const cacheKey = (res: string, ns: string, name: string) => `${res}\u0000${ns}\u0000${name}`;
  const cacheable = (res: string) => cacheSize > 0 && !transformers[res];
  const remember = (key: string, json: string): CacheEntry => {
    const e: CacheEntry = { json };
    cache.set(key, e);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return e;
  };
  /** changed records a write of `key` (json undefined: deleted) as `obj`: dropped now, the new version cached at commit. */
  const changed = (res: string, key: string, json: string | undefined, obj?: KubeObject): void => {
    if (!cacheable(res)) return;
    cache.delete(key);
    dirty?.add(key);
    committed.push([key, json, obj]);
  };
  /** entry returns the cache entry of an object, reading (and caching) it from SQLite when absent. */
  const entry = (res: string, ns: string, name: string): CacheEntry | undefined => {
    const key = cacheKey(res, ns, name);
    const hit = cache.get(key);
    if (hit) return hit;
    const data = q.get.get(res, ns, name) as string | undefined;
    if (data === undefined) return undefined;
    if (dirty?.has(key)) return { json: data };
    return remember(key, data);
  };

  // Object counts per (resource, namespace) and per resource, for a list page's remainingItemCount:
  // SQLite's count(*) walks every row of the range in the table's B-tree (the objects are stored in it),
  // tens of milliseconds for 10,000 pods. A count is taken from SQLite once and then kept by this store's
  // own creates and deletes (the same single-writer argument as the cache). Kept as they happen, so a
  // transaction counts its own writes; a rolled-back transaction drops them all.
  const counts = new Map<string, number>();
  const countKey = (res: string, ns: string | undefined) => (ns === undefined ? `${res}\u0000*` : `${res}\u0000${ns}`);
  const counted = (res: string, ns: string, delta: number): void => {
    for (const k of [countKey(res, ns), countKey(res, undefined)]) {
      const n = counts.get(k);
      if (n !== undefined) counts.set(k, n + delta);
    }
  };

  const decode = (res: string, data: string): KubeObject => JSON.parse(transformers[res] ? transformers[res].fromStorage(data) : data);
  /** encode returns the JSON and what is stored (the JSON, or its encryption). */
  const encode = (res: string, obj: KubeObject): { json: string; stored: string } => {
    const json = JSON.stringify(obj);
    return { json, stored: transformers[res] ? transformers[res].toStorage(json) : json };
  };
  const nextRev = (): number => {
    rev += 1;
    q.setRev.run(String(rev));
    return rev;
  };
  const applyCommitted = (): void => {
    // A transaction of one write (a request's) leaves its object decoded, frozen as getShared's: the
    // caller and the watchers already hold it read-only, and the next getShared need not parse it.
    // Bulk transactions (seeding, a namespace's contents) leave only the JSON.
    const keep = committed.length === 1;
    for (const [key, json, obj] of committed) {
      if (json === undefined) {
        cache.delete(key);
        continue;
      }
      const e = remember(key, json);
      if (keep && obj) {
        e.obj = deepFreeze(obj);
        e.written = true;
        writtenKept.add(e);
        if (writtenKept.size > WRITTEN_KEPT) {
          const oldest = writtenKept.values().next().value as CacheEntry;
          writtenKept.delete(oldest);
          if (oldest.written) oldest.obj = undefined;
        }
      }
    }
    committed = [];
  };
  const publish = (events: StoreEvent[]): void => {
    for (const e of events) {
      window.push(e);
      for (const l of listeners) {
        try { l(e); } catch { /* a broken watcher must not break the writer */ }
      }
    }
    if (window.length > windowSize) {
      const drop = window.length - windowSize;
      windowStart = window[drop - 1].rv;
      window.splice(0, drop);
    }
  };
  const emit = (e: StoreEvent): void => {
    if (pending) pending.push(e);
    else publish([e]);
  };
  const withRv = (obj: KubeObject, rv: number): KubeObject => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } });
  /**
   * withLazyPrev gives an event its `prev`, decoded from `json` on first read, then kept: frozen for a cached
   * resource (as getShared's objects, which it used to be), a private copy otherwise (as get's).
   */
  const withLazyPrev = (e: StoreEvent, json: string): StoreEvent => {
    let decoded: KubeObject | undefined;
    const decodeOnce = (): KubeObject => {
      if (decoded === undefined) decoded = JSON.parse(json) as KubeObject;
      return cacheable(e.res) ? deepFreeze(decoded) : decoded;
    };
    return Object.defineProperty(e, 'prev', { enumerable: true, configurable: true, get: decodeOnce });
  };

  // IMMEDIATE: a write transaction takes the writer lock when it begins, waiting (busy_timeout) while the
  // checkpointer holds it. A deferred one would begin as a reader, and its upgrade to a writer fails at
  // once with SQLITE_BUSY, without waiting, when another connection holds the lock (checkpointer.ts).
  const runTx = db.transaction((fn: () => unknown) => fn()).immediate;

  const store: Store = {
    db,
    revision: () => rev,
    get(res, ns, name) {
      if (!cacheable(res)) {
        const data = q.get.get(res, ns, name) as string | undefined;
        return data === undefined ? undefined : decode(res, data);
      }
      const e = entry(res, ns, name);
      return e === undefined ? undefined : JSON.parse(e.json);
    },
    getShared(res, ns, name) {
      if (!cacheable(res)) return store.get(res, ns, name);
      const e = entry(res, ns, name);
      if (e === undefined) return undefined;
      if (!e.obj) {
        const obj = deepFreeze(JSON.parse(e.json) as KubeObject);
        jsonOf.set(obj, e.json);
        // An entry read inside a transaction for a key it wrote is not in the cache: do not keep its object either.
        if (cache.get(cacheKey(res, ns, name)) !== e) return obj;
        e.obj = obj;
      }
      // Read: kept as any read object is, no longer one a write left.
      e.written = false;
      return e.obj;
    },
    encoded(obj) {
      return jsonOf.get(obj);
    },
    list(res, opts = {}) {
      return store.listEncoded(res, opts).map((json) => JSON.parse(json));
    },
    listEncoded(res, opts = {}) {
      const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
      // `name > ''` skips nothing and `(ns > '' OR ns = '' AND name > '')` keeps cluster-scoped rows with a name.
      const afterNs = opts.after?.ns ?? '';
      const afterName = opts.after?.name ?? '';
      const rows = (): string[] => (opts.ns !== undefined
        ? q.listNs.all(res, opts.ns, afterName, limit)
        : q.listAll.all(res, afterNs, afterNs, afterName, limit)) as string[];
      const t = transformers[res];
      if (t) return rows().map((r) => t.fromStorage(r));
      if (!cacheable(res)) return rows();
      // The keys are in each row's B-tree cell; the JSON of an object of a few KB mostly is not (it spills
      // to overflow pages), and the cache already holds it: reading only the keys, then the JSON from the
      // cache, halves the SQLite work of a page. Missing objects are read one by one, not cached (a list
      // must not fill the cache); when many are missing, the page is read with its JSON as before.
      const keys: [string, string][] = opts.ns !== undefined
        ? (q.keysNs.all(res, opts.ns, afterName, limit) as string[]).map((name) => [opts.ns!, name])
        : (q.keysAll.all(res, afterNs, afterNs, afterName, limit) as [string, string][]);
      const out = new Array<string>(keys.length);
      let misses = 0;
      for (let i = 0; i < keys.length; i++) {
        const hit = cache.get(cacheKey(res, keys[i][0], keys[i][1]));
        if (hit) out[i] = hit.json;
        else if (++misses > keys.length / 8) return rows();
      }
      if (misses > 0) {
        for (let i = 0; i < keys.length; i++) out[i] ??= q.get.get(res, keys[i][0], keys[i][1]) as string;
      }
      return out;
    },
    count(res, ns) {
      const k = countKey(res, ns);
      let n = counts.get(k);
      if (n === undefined) {
        n = (ns === undefined ? q.countAll.get(res) : q.countNs.get(res, ns)) as number;
        counts.set(k, n);
      }
      return n;
    },
    transaction(fn) {
      if (depth > 0) return fn();
      depth += 1;
      pending = [];
      dirty = new Set();
      committed = [];
      try {
        const out = runTx(fn) as ReturnType<typeof fn>;
        const events = pending;
        pending = null;
        dirty = null;
        depth -= 1;
        applyCommitted();
        publish(events);
        return out;
      } catch (err) {
        pending = null;
        dirty = null;
        // Rolled back: every key it wrote was dropped from the cache; none comes back.
        committed = [];
        counts.clear();
        depth -= 1;
        // The revision counter advanced inside a rolled-back transaction: reload it.
        rev = Number(db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get() as string);
        throw err;
      }
    },
    create(res, ns, name, obj) {
      return store.transaction(() => {
        const key = cacheKey(res, ns, name);
        // A cached key exists (the cache holds only committed objects this transaction has not written).
        // Otherwise the INSERT's own primary-key check says so: no lookup of its own, which for large
        // objects (a pod's row spills into overflow pages) cost as much as the insert.
        if (cache.has(key)) throw new ExistsError(`${name} already exists`);
        const rv = rev + 1;
        const out = withRv(obj, rv);
        const { json, stored } = encode(res, out);
        try {
          q.insert.run(res, ns, name, rv, stored);
        } catch (err) {
          if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new ExistsError(`${name} already exists`);
          throw err;
        }
        nextRev();
        counted(res, ns, 1);
        changed(res, key, json, out);
        jsonOf.set(out, json);
        emit({ type: 'ADDED', res, ns, name, rv, object: out });
        return out;
      });
    },
    update(res, ns, name, obj, expectRv) {
      return store.transaction(() => {
        // The previous version only goes to watchers (read-only), and most writes have none that read it:
        // it is decoded (frozen, as getShared's) when a watcher first asks, from the JSON it had, not here.
        let prevJson: string | undefined;
        let prevObj: KubeObject | undefined;
        let prevRv: number;
        if (cacheable(res)) {
          const e = entry(res, ns, name);
          if (e === undefined) throw new MissingError(`${name} not found`);
          prevJson = e.json;
          // Decoded already (getShared, frozen): watchers get that object, nothing is decoded again.
          prevObj = e.obj;
          prevRv = e.obj ? Number(e.obj.metadata.resourceVersion) : (q.getRv.get(res, ns, name) as number);
        } else {
          const data = q.get.get(res, ns, name) as string | undefined;
          if (data === undefined) throw new MissingError(`${name} not found`);
          prevJson = transformers[res] ? transformers[res].fromStorage(data) : data;
          prevRv = q.getRv.get(res, ns, name) as number;
        }
        if (expectRv !== undefined && expectRv !== prevRv) {
          throw new ConflictError('the object has been modified; please apply your changes to the latest version and try again');
        }
        const rv = nextRev();
        const out = withRv(obj, rv);
        const { json, stored } = encode(res, out);
        q.update.run(rv, stored, res, ns, name);
        changed(res, cacheKey(res, ns, name), json, out);
        jsonOf.set(out, json);
        emit(prevObj ? { type: 'MODIFIED', res, ns, name, rv, object: out, prev: prevObj } : withLazyPrev({ type: 'MODIFIED', res, ns, name, rv, object: out }, prevJson));
        return out;
      });
    },
    delete(res, ns, name, expectRv) {
      return store.transaction(() => {
        const cur = q.get.get(res, ns, name) as string | undefined;
        if (cur === undefined) throw new MissingError(`${name} not found`);
        const prev = decode(res, cur);
        if (expectRv !== undefined && String(expectRv) !== prev.metadata.resourceVersion) {
          throw new ConflictError('the object has been modified; please apply your changes to the latest version and try again');
        }
        q.del.run(res, ns, name);
        counted(res, ns, -1);
        changed(res, cacheKey(res, ns, name), undefined);
        const rv = nextRev();
        const out = withRv(prev, rv);
        emit({ type: 'DELETED', res, ns, name, rv, object: out, prev });
        return out;
      });
    },
    deleteNamespaceContents(ns) {
      return store.transaction(() => {
        const rows = q.nsContents.all(ns) as { res: string; name: string; data: string }[];
        for (const row of rows) {
          q.del.run(row.res, ns, row.name);
          counted(row.res, ns, -1);
          changed(row.res, cacheKey(row.res, ns, row.name), undefined);
          const rv = nextRev();
          const prev = decode(row.res, row.data);
          emit({ type: 'DELETED', res: row.res, ns, name: row.name, rv, object: withRv(prev, rv), prev });
        }
        return rows.length;
      });
    },
    eventsSince(from) {
      if (from < windowStart) throw new GoneError(`too old resource version: ${from} (${windowStart})`);
      // Binary search: the window is sorted by rv.
      let lo = 0;
      let hi = window.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (window[mid].rv <= from) lo = mid + 1;
        else hi = mid;
      }
      return window.slice(lo);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close() {
      db.close();
    },
  };
  return store;
}
