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
  get(res: string, ns: string, name: string): KubeObject | undefined;
  list(res: string, opts?: ListOptions): KubeObject[];
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

/** StoreOptions tune the store. `windowSize` is how many recent events watches can resume from. */
export interface StoreOptions {
  windowSize?: number;
  transformers?: Record<string, Transformer>;
}

/** openDatabase opens (creating with mode 0600) and migrates the SQLite file; WAL, synchronous=NORMAL (durable across process crashes). */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:' && !fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL keeps every committed transaction across a process kill (the WAL is in the OS page cache);
  // only a power loss could drop the last transactions, which FULL would add an fsync per write for.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as number[]);
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name) VALUES (?, ?)').run(m.id, m.name);
    })();
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
  const q = {
    get: db.prepare('SELECT data FROM objects WHERE res = ? AND ns = ? AND name = ?').pluck(),
    getRv: db.prepare('SELECT rv FROM objects WHERE res = ? AND ns = ? AND name = ?').pluck(),
    listAll: db.prepare('SELECT data FROM objects WHERE res = ? AND (ns > ? OR (ns = ? AND name > ?)) ORDER BY ns, name LIMIT ?').pluck(),
    listNs: db.prepare('SELECT data FROM objects WHERE res = ? AND ns = ? AND name > ? ORDER BY name LIMIT ?').pluck(),
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

  const decode = (res: string, data: string): KubeObject => JSON.parse(transformers[res] ? transformers[res].fromStorage(data) : data);
  const encode = (res: string, obj: KubeObject): string => {
    const json = JSON.stringify(obj);
    return transformers[res] ? transformers[res].toStorage(json) : json;
  };
  const nextRev = (): number => {
    rev += 1;
    q.setRev.run(String(rev));
    return rev;
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

  const runTx = db.transaction((fn: () => unknown) => fn());

  const store: Store = {
    db,
    revision: () => rev,
    get(res, ns, name) {
      const data = q.get.get(res, ns, name) as string | undefined;
      return data === undefined ? undefined : decode(res, data);
    },
    list(res, opts = {}) {
      const limit = opts.limit && opts.limit > 0 ? opts.limit : -1;
      const rows = (opts.ns !== undefined
        ? q.listNs.all(res, opts.ns, opts.after?.name ?? '', limit)
        : q.listAll.all(res, opts.after?.ns ?? '', opts.after?.ns ?? '', opts.after?.name ?? '', limit)) as string[];
      // `name > ''` skips nothing and `(ns > '' OR ns = '' AND name > '')` keeps cluster-scoped rows with a name.
      return rows.map((r) => decode(res, r));
    },
    count(res, ns) {
      return (ns === undefined ? q.countAll.get(res) : q.countNs.get(res, ns)) as number;
    },
    transaction(fn) {
      if (depth > 0) return fn();
      depth += 1;
      pending = [];
      try {
        const out = runTx(fn) as ReturnType<typeof fn>;
        const events = pending;
        pending = null;
        depth -= 1;
        publish(events);
        return out;
      } catch (err) {
        pending = null;
        depth -= 1;
        // The revision counter advanced inside a rolled-back transaction: reload it.
        rev = Number(db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get() as string);
        throw err;
      }
    },
    create(res, ns, name, obj) {
      return store.transaction(() => {
        if (q.getRv.get(res, ns, name) !== undefined) throw new ExistsError(`${name} already exists`);
        const rv = nextRev();
        const out = withRv(obj, rv);
        q.insert.run(res, ns, name, rv, encode(res, out));
        emit({ type: 'ADDED', res, ns, name, rv, object: out });
        return out;
      });
    },
    update(res, ns, name, obj, expectRv) {
      return store.transaction(() => {
        const cur = q.get.get(res, ns, name) as string | undefined;
        if (cur === undefined) throw new MissingError(`${name} not found`);
        const prev = decode(res, cur);
        if (expectRv !== undefined && String(expectRv) !== prev.metadata.resourceVersion) {
          throw new ConflictError('the object has been modified; please apply your changes to the latest version and try again');
        }
        const rv = nextRev();
        const out = withRv(obj, rv);
        q.update.run(rv, encode(res, out), res, ns, name);
        emit({ type: 'MODIFIED', res, ns, name, rv, object: out, prev });
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
