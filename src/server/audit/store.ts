// The SQLite sink and query source of the audit trail (tables `audit_events` and `audit_chain`,
// migration 3). Events are appended in batches, each batch one transaction; every row is chained to
// the one before it by hash, and `verifyAuditChain` walks that chain. Retention deletes the oldest
// rows and moves the checkpoint (the hash the first remaining row chains from) in the same
// transaction, so what is left still verifies.

import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AUDIT_ANNOTATIONS, type AuditEvent } from '../../shared/api/audit';
import { canonicalJSON } from './redact';
import { newAuditID } from './audit-id';
import { kubeMicroTime } from '../../shared/api/meta';

/** AuditColumns are the queryable copies of an event's fields. */
export interface AuditColumns {
  audit_id: string;
  username: string;
  originating_user: string;
  verb: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  decision: string;
  /** dry_run is 'true' for a dry-run write (annotation audit.gatehouse.dev/dry-run), else '' (migration 5). */
  dry_run: string;
}

/** AuditRecord is one stored event: its sequence number, recorded time (ms), columns and canonical JSON. */
export interface AuditRecord {
  seq: number;
  ts: number;
  columns: AuditColumns;
  data: string;
  /** hash is the chain hash after this event (set on records just appended: the sinks write it as the anchor). */
  hash?: string;
}

/** RETENTION_USER is the identity under which retention records its pruning in the chain. */
export const RETENTION_USER = 'system:gatehouse:audit-retention';

/** PRUNE_ANNOTATIONS are the keys of a retention record: the last pruned event's seq and chain hash, and how many went. */
export const PRUNE_ANNOTATIONS = {
  throughSeq: 'audit.gatehouse.dev/pruned-through-seq',
  throughHash: 'audit.gatehouse.dev/pruned-through-hash',
  count: 'audit.gatehouse.dev/pruned-count',
  cutoff: 'audit.gatehouse.dev/retention-cutoff',
} as const;

/**
 * pruneRecord is the audit.k8s.io/v1 Event that retention appends to the chain in the transaction that
 * deletes the oldest events: the chain itself says where it now starts and why, so that the oldest
 * events removed any other way (and the checkpoint row rewritten to match) are detected by verify.
 */
export function pruneRecord(throughSeq: number, throughHash: string, count: number, cutoffMs: number, now = new Date()): AuditEvent {
  const t = kubeMicroTime(now);
  return {
    annotations: {
      [PRUNE_ANNOTATIONS.count]: String(count),
      [PRUNE_ANNOTATIONS.throughHash]: throughHash,
      [PRUNE_ANNOTATIONS.throughSeq]: String(throughSeq),
      [PRUNE_ANNOTATIONS.cutoff]: new Date(cutoffMs).toISOString(),
    },
    apiVersion: 'audit.k8s.io/v1', auditID: newAuditID(now.getTime()), kind: 'Event', level: 'Metadata',
    objectRef: { apiGroup: 'audit.gatehouse.dev', apiVersion: 'v1', resource: 'auditevents' },
    requestReceivedTimestamp: t, requestURI: '/apis/audit.gatehouse.dev/v1/auditevents', responseStatus: { code: 200, metadata: {} },
    sourceIPs: [], stage: 'ResponseComplete', stageTimestamp: t, user: { groups: ['system:masters'], username: RETENTION_USER }, verb: 'deletecollection',
  } as AuditEvent;
}

/** FIELD_COLUMNS maps the auditevents fieldSelector fields to columns. */
export const FIELD_COLUMNS: Record<string, keyof AuditColumns> = {
  'user.username': 'username',
  originatingUser: 'originating_user',
  verb: 'verb',
  'objectRef.resource': 'resource',
  'objectRef.subresource': 'subresource',
  'objectRef.namespace': 'namespace',
  'metadata.namespace': 'namespace',
  'objectRef.name': 'name',
  decision: 'decision',
  dryRun: 'dry_run',
  'metadata.name': 'audit_id',
};

/** ColumnCondition is one `column = value` / `column != value` filter. */
export interface ColumnCondition { column: keyof AuditColumns; op: '=' | '!='; value: string }

/** AuditQuery selects events newest first: conditions, a time range (ms, inclusive) and a sequence window. */
export interface AuditQuery {
  conditions: ColumnCondition[];
  since?: number;
  until?: number;
  /** maxSeq bounds the snapshot a paginated list reads (the first page's resourceVersion). */
  maxSeq?: number;
  /** beforeSeq continues after the last item of the previous page (exclusive). */
  beforeSeq?: number;
  /** limit caps the rows returned; 0 means no limit. */
  limit: number;
}

/** columnsOf derives the queryable columns from an event (verify recomputes them the same way). */
export function columnsOf(ev: AuditEvent): AuditColumns {
  const ref = ev.objectRef ?? {};
  return {
    audit_id: ev.auditID,
    username: ev.user?.username ?? '',
    originating_user: ev.annotations?.[AUDIT_ANNOTATIONS.originatingUser] ?? '',
    verb: ev.verb ?? '',
    resource: ref.resource ?? '',
    subresource: ref.subresource ?? '',
    namespace: ref.namespace ?? '',
    name: ref.name ?? '',
    decision: ev.annotations?.[AUDIT_ANNOTATIONS.decision] ?? '',
    dry_run: ev.annotations?.[AUDIT_ANNOTATIONS.dryRun] === 'true' ? 'true' : '',
  };
}

/** matchesConditions tests a record's columns (watch filtering uses the same conditions as SQL). */
export function matchesConditions(c: AuditColumns, conds: ColumnCondition[]): boolean {
  return conds.every((x) => (x.op === '=' ? c[x.column] === x.value : c[x.column] !== x.value));
}

/** chainHash is sha256(previous hash hex || canonical event JSON), hex. */
export function chainHash(prev: string, data: string): string {
  return hash('sha256', prev + data, 'hex');
}

/** INDEXED_COLUMNS have an index (migrations 3, 4; originating_user's is partial, migration 6). */
const INDEXED_COLUMNS = new Set<keyof AuditColumns>(['username', 'originating_user', 'namespace', 'audit_id']);

/** OTHER_ORIGIN is the WHERE of the partial originating_user index (migration 6), word for word: SQLite uses it for a query that has these terms. */
const OTHER_ORIGIN = "originating_user <> '' AND originating_user <> username";

const COLUMN_NAMES: (keyof AuditColumns)[] = ['audit_id', 'username', 'originating_user', 'verb', 'resource', 'subresource', 'namespace', 'name', 'decision', 'dry_run'];

interface Head { seq: number; hash: string; ts: number }

/**
 * INSERT_ROWS_MAX is the most rows one INSERT of append carries: a group's rows go in one statement
 * (one per INSERT_ROWS_MAX), not one each, which saves each row a call into SQLite and a statement
 * reset (in process, groups of 6: 44.5 -> 40.9 µs per event, CPU time).
 */
const INSERT_ROWS_MAX = 16;
/** INSERT_COLUMNS is a row's parameters: seq, ts, the COLUMN_NAMES, data and hash. */
const INSERT_COLUMNS = COLUMN_NAMES.length + 4;

/** AuditStore appends, queries and prunes the stored audit events. It is the only writer of its tables. */
export class AuditStore {
  private head: Head;
  private readonly q;
  /** appendTx begins IMMEDIATE, as every write transaction of the server (storage/checkpointer.ts). */
  private readonly appendTx: (recs: (AuditRecord & { hash: string })[]) => void;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.q = {
      head: db.prepare('SELECT head_seq AS seq, head_hash AS hash, head_ts AS ts FROM audit_chain WHERE id = 1'),
      setHead: db.prepare('UPDATE audit_chain SET head_seq = ?, head_hash = ?, head_ts = ? WHERE id = 1'),
      probe: db.prepare('SELECT seq, ts FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT 1'),
      first: db.prepare('SELECT seq FROM audit_events ORDER BY seq LIMIT 1').pluck(),
      last: db.prepare('SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 1').pluck(),
      rowAtOrBefore: db.prepare('SELECT seq, hash FROM audit_events WHERE seq <= ? ORDER BY seq DESC LIMIT 1'),
      deleteUpTo: db.prepare('DELETE FROM audit_events WHERE seq <= ?'),
      setCheckpoint: db.prepare('UPDATE audit_chain SET checkpoint_seq = ?, checkpoint_hash = ? WHERE id = 1'),
      checkpoint: db.prepare('SELECT checkpoint_seq FROM audit_chain WHERE id = 1').pluck(),
      after: db.prepare('SELECT seq, ts, data FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?'),
      count: db.prepare('SELECT count(*) FROM audit_events').pluck(),
    };
    this.head = this.q.head.get() as Head;
    const setHead = this.q.setHead;
    // inserts[n - 1] inserts n rows; prepared when first needed.
    const inserts: Database.Statement[] = [];
    const row = `(${Array<string>(INSERT_COLUMNS).fill('?').join(', ')})`;
    const insertRows = (n: number) => (inserts[n - 1] ??= db.prepare(`INSERT INTO audit_events (seq, ts, ${COLUMN_NAMES.join(', ')}, data, hash) VALUES ${Array<string>(n).fill(row).join(', ')}`));
    this.appendTx = db.transaction((recs: (AuditRecord & { hash: string })[]) => {
      for (let i = 0; i < recs.length; i += INSERT_ROWS_MAX) {
        const n = Math.min(INSERT_ROWS_MAX, recs.length - i);
        const params: (string | number)[] = new Array(n * INSERT_COLUMNS);
        let k = 0;
        for (let j = i; j < i + n; j++) {
          const r = recs[j];
          params[k++] = r.seq;
          params[k++] = r.ts;
          // In COLUMN_NAMES' order, as the statement names them.
          for (const name of COLUMN_NAMES) params[k++] = r.columns[name];
          params[k++] = r.data;
          params[k++] = r.hash;
        }
        insertRows(n).run(params);
      }
      const last = recs[recs.length - 1];
      setHead.run(last.seq, last.hash, last.ts);
    }).immediate;
  }

  /** headSeq is the sequence number of the newest event (0 when none). */
  headSeq(): number {
    return this.head.seq;
  }

  /** checkpointSeq is the sequence number of the newest pruned event (0 when nothing was pruned). */
  checkpointSeq(): number {
    return this.q.checkpoint.get() as number;
  }

  /** count is the number of stored events. */
  count(): number {
    return this.q.count.get() as number;
  }

  /** append stores events in order, in one transaction, chaining each to the previous; returns the records. */
  append(events: AuditEvent[]): AuditRecord[] {
    if (events.length === 0) return [];
    const out: (AuditRecord & { hash: string })[] = [];
    let { seq, hash, ts } = this.head;
    for (const ev of events) {
      const data = canonicalJSON(ev);
      seq += 1;
      ts = Math.max(ts, Date.parse(ev.stageTimestamp) || 0);
      hash = chainHash(hash, data);
      out.push({ seq, ts, columns: columnsOf(ev), data, hash });
    }
    this.appendTx(out);
    this.head = { seq, hash, ts };
    return out;
  }

  /** list returns up to `limit` events matching the query, newest first. */
  list(q: AuditQuery): AuditRecord[] {
    const origin = q.conditions.find((c) => c.column === 'originating_user' && c.op === '=' && c.value !== '');
    if (!origin) return this.select(q, []);
    // originating_user = X is a human's own event (username = X, in the username index) or someone
    // else's done for X (in the partial originating_user index): one query each, newest first, merged.
    const others = this.select(q, [OTHER_ORIGIN]);
    const own = this.select({ ...q, conditions: [...q.conditions, { column: 'username', op: '=', value: origin.value }] }, []);
    const out: AuditRecord[] = [];
    let i = 0;
    let j = 0;
    while ((q.limit <= 0 || out.length < q.limit) && (i < others.length || j < own.length)) {
      out.push(j >= own.length || (i < others.length && others[i].seq > own[j].seq) ? others[i++] : own[j++]);
    }
    return out;
  }

  /** select runs one newest-first query: the conditions, `terms` (SQL without parameters), the time range and sequence window. */
  private select(q: AuditQuery, terms: string[]): AuditRecord[] {
    const where: string[] = [...terms];
    const params: (string | number)[] = [];
    // originating_user = '' has no index entries (migration 6): the rowid range is the best start.
    const indexed = q.conditions.some((c) => c.op === '=' && INDEXED_COLUMNS.has(c.column) && !(c.column === 'originating_user' && c.value === ''));
    // With an equality on an indexed column, `+seq` keeps SQLite on that column's (column, seq) index,
    // read backwards, instead of scanning the rowid range; otherwise the rowid range is the best start.
    const seqCol = indexed ? '+seq' : 'seq';
    for (const c of q.conditions) {
      where.push(`${c.column} ${c.op === '=' ? '=' : '!='} ?`);
      params.push(c.value);
    }
    if (q.since !== undefined) {
      const lo = this.firstAtOrAfter(q.since);
      if (lo === undefined) return [];
      where.push(`${seqCol} >= ?`);
      params.push(lo);
    }
    let hi = Math.min(q.maxSeq ?? Infinity, q.beforeSeq !== undefined ? q.beforeSeq - 1 : Infinity);
    if (q.until !== undefined) {
      const u = this.lastBefore(q.until + 1);
      if (u === undefined) return [];
      hi = Math.min(hi, u);
    }
    if (Number.isFinite(hi)) {
      where.push(`${seqCol} <= ?`);
      params.push(hi);
    }
    const sql = `SELECT seq, ts, data, ${COLUMN_NAMES.join(', ')} FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC${q.limit > 0 ? ' LIMIT ?' : ''}`;
    if (q.limit > 0) params.push(q.limit);
    return (this.stmt(sql).all(...params) as Record<string, any>[]).map(toRecord);
  }

  /** after returns up to `limit` events with seq > `seq`, oldest first (watch replay, export). */
  after(seq: number, limit: number): AuditRecord[] {
    return (this.q.after.all(seq, limit) as { seq: number; ts: number; data: string }[]).map((r) => {
      const ev = JSON.parse(r.data) as AuditEvent;
      return { seq: r.seq, ts: r.ts, data: r.data, columns: columnsOf(ev) };
    });
  }

  /**
   * prune deletes every event recorded before `cutoffMs`, oldest first in transactions of `chunk`
   * rows, each moving the checkpoint to the hash of the last deleted event and appending a retention
   * record (pruneRecord) that says so. Returns the count deleted; `onRecords` gets the appended records
   * (the sinks and watchers hear of them like of any other event).
   */
  prune(cutoffMs: number, chunk = 10_000, onRecords?: (recs: AuditRecord[]) => void): number {
    const last = this.lastBefore(cutoffMs);
    if (last === undefined) return 0;
    let deleted = 0;
    for (;;) {
      const from = this.q.checkpoint.get() as number;
      if (from >= last) break;
      const upTo = Math.min(last, from + chunk);
      const head = this.head;
      let recs: AuditRecord[] = [];
      try {
        this.db.transaction(() => {
          const row = this.q.rowAtOrBefore.get(upTo) as { seq: number; hash: string } | undefined;
          if (!row) return;
          const n = this.q.deleteUpTo.run(upTo).changes;
          deleted += n;
          this.q.setCheckpoint.run(upTo, row.hash);
          recs = this.append([pruneRecord(upTo, row.hash, n, cutoffMs)]);
        }).immediate();
      } catch (err) {
        this.head = head; // the append's transaction rolled back with the rest
        throw err;
      }
      if (recs.length) onRecords?.(recs);
    }
    return deleted;
  }

  /**
   * firstAtOrAfter is the first stored seq whose ts >= t: a binary search over positions p, each read
   * as the first stored row at or after p (ts never decreases along seq, so that test is monotonic in p).
   */
  firstAtOrAfter(t: number): number | undefined {
    const first = this.q.first.get() as number | undefined;
    if (first === undefined) return undefined;
    let lo = first;
    let hi = (this.q.last.get() as number) + 1; // past the last row: "true" by definition
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const row = this.q.probe.get(mid) as { seq: number; ts: number } | undefined;
      if (!row || row.ts >= t) hi = mid;
      else lo = row.seq + 1;
    }
    const row = this.q.probe.get(lo) as { seq: number; ts: number } | undefined;
    return row && row.ts >= t ? row.seq : undefined;
  }

  /** lastBefore is the last stored seq whose ts < t, or undefined. */
  lastBefore(t: number): number | undefined {
    const first = this.q.first.get() as number | undefined;
    if (first === undefined) return undefined;
    const after = this.firstAtOrAfter(t);
    if (after === undefined) return this.q.last.get() as number;
    if (after <= first) return undefined;
    return (this.q.rowAtOrBefore.get(after - 1) as { seq: number } | undefined)?.seq;
  }

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.cache.size > 200) this.cache.clear();
      this.cache.set(sql, s);
    }
    return s;
  }
}

function toRecord(r: Record<string, any>): AuditRecord {
  const columns = Object.fromEntries(COLUMN_NAMES.map((c) => [c, r[c]])) as unknown as AuditColumns;
  return { seq: r.seq, ts: r.ts, data: r.data, columns };
}

/** VerifyResult is the outcome of walking the chain. */
export interface VerifyResult {
  ok: boolean;
  /** checkpointHash is the hash the first stored event chains from. */
  checkpointHash?: string;
  /** pruneRecordSeq is the seq of the retention record that accounts for the checkpoint (when one is needed). */
  pruneRecordSeq?: number;
  /** checked is how many events were verified. */
  checked: number;
  checkpointSeq: number;
  headSeq: number;
  headHash: string;
  /** broken names the first event that failed, and why. */
  broken?: { seq: number; auditID?: string; reason: string };
}

/**
 * verifyAuditChain walks the stored events from the retention checkpoint in sequence order and
 * reports the first one that was changed (hash or columns disagree with its content), removed (a
 * gap in the sequence, or the chain ends before the recorded head) or reordered (its hash does not
 * chain from the event before it).
 */
export function verifyAuditChain(db: Database.Database): VerifyResult {
  const chain = db.prepare('SELECT head_seq, head_hash, checkpoint_seq, checkpoint_hash FROM audit_chain WHERE id = 1').get() as
    { head_seq: number; head_hash: string; checkpoint_seq: number; checkpoint_hash: string } | undefined;
  if (!chain) return { ok: false, checked: 0, checkpointSeq: 0, headSeq: 0, headHash: '', broken: { seq: 0, reason: 'the audit_chain row is missing' } };
  const base = { checkpointSeq: chain.checkpoint_seq, checkpointHash: chain.checkpoint_hash, headSeq: chain.head_seq, headHash: chain.head_hash };
  let lastPrune: { seq: number; through: number; hash: string } | undefined;
  let prev = chain.checkpoint_hash;
  let expect = chain.checkpoint_seq + 1;
  let prevTs = -1;
  let checked = 0;
  const rows = db.prepare(`SELECT seq, ts, data, hash, ${COLUMN_NAMES.join(', ')} FROM audit_events ORDER BY seq`).iterate() as Iterable<Record<string, any>>;
  for (const r of rows) {
    let ev: AuditEvent | undefined;
    try { ev = JSON.parse(r.data) as AuditEvent; } catch { /* reported below */ }
    const auditID = ev?.auditID ?? r.audit_id;
    const fail = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, ...base, broken: { seq, auditID: seq === r.seq ? auditID : undefined, reason } });
    if (r.seq < expect) return fail(r.seq, `event ${r.seq} is at or before the retention checkpoint ${chain.checkpoint_seq}`);
    if (r.seq > expect) return fail(expect, `event ${expect} is missing (removed); the next stored event is ${r.seq}`);
    if (chainHash(prev, r.data) !== r.hash) {
      return fail(r.seq, 'its hash does not match its content and the previous hash: this event was changed, or the event before it was removed or reordered');
    }
    if (!ev) return fail(r.seq, 'its content is not JSON');
    const cols = columnsOf(ev);
    const bad = COLUMN_NAMES.find((c) => cols[c] !== r[c]);
    if (bad) return fail(r.seq, `its ${bad} column (${JSON.stringify(r[bad])}) does not match its content (${JSON.stringify(cols[bad])})`);
    const stage = Date.parse(ev.stageTimestamp) || 0;
    const wantTs = prevTs < 0 ? Math.max(stage, r.ts) : Math.max(stage, prevTs);
    if (r.ts !== wantTs) return fail(r.seq, `its ts column (${r.ts}) does not match its stageTimestamp`);
    const through = ev.annotations?.[PRUNE_ANNOTATIONS.throughSeq];
    if (through !== undefined && ev.user?.username === RETENTION_USER) lastPrune = { seq: r.seq, through: Number(through), hash: ev.annotations?.[PRUNE_ANNOTATIONS.throughHash] ?? '' };
    prev = r.hash;
    prevTs = r.ts;
    expect += 1;
    checked += 1;
  }
  if (expect - 1 !== chain.head_seq || prev !== chain.head_hash) {
    return { ok: false, checked, ...base, broken: { seq: expect, reason: `the chain ends at event ${expect - 1} but the recorded head is event ${chain.head_seq}: the newest events were removed, or the head was altered` } };
  }
  // Retention is the only thing that moves the checkpoint, and it records each move in the chain.
  if (chain.checkpoint_seq > 0) {
    if (!lastPrune || lastPrune.through !== chain.checkpoint_seq || lastPrune.hash !== chain.checkpoint_hash) {
      return {
        ok: false, checked, ...base,
        broken: { seq: chain.checkpoint_seq, reason: `events up to ${chain.checkpoint_seq} are gone but no retention record in the chain says they were pruned${lastPrune ? ` (the newest one, event ${lastPrune.seq}, says ${lastPrune.through})` : ''}: the oldest events were removed and the checkpoint rewritten` },
      };
    }
    return { ok: true, checked, ...base, pruneRecordSeq: lastPrune.seq };
  }
  return { ok: true, checked, ...base };
}
