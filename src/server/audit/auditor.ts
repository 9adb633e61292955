// The audit backend: it takes finished events from the filter and hands them to the sinks — the
// SQLite store (the source of queries and of `audit verify`), optionally a JSON-lines file and a
// webhook. A durable event (a write's) is committed before its response is released: the filter
// hands over the response's end as `release`, and the auditor calls it after the commit. Durable
// events that finish in the same event-loop turn share one transaction (group commit, at the next
// setImmediate), so concurrent writes do not each pay a commit. Other events are batched (every
// `flushMs`, or `maxBatch` events) and may be lost on a crash. Every flush commits everything
// waiting, so insertion order is recording order.
//
// Why a write's event is not committed in the write's own SQLite transaction (one commit instead of
// two): a commit's cost is the pages it writes to the WAL (two pwrites each), and an event dirties
// the same six or so (the table's newest leaf, the four indexes' leaves, the chain head) whether it
// commits alone or with the others of its turn, and the group commit writes them once per turn, not
// once per write. Measured in process (2026-12-07, 10 rounds of 4,000 configmap creates, groups of 4:
// the group size the configmap bench sees at 8 in flight): the creates alone 186 µs per write
// (median), then one audit commit per 4 creates 293 µs, each create with its event in its own
// transaction 337 µs — slower in every round (x1.06 to x1.84).
//
// Why a group does not wait for more writers (tried 2026-12-07, reverted): with 8 writers in a closed
// loop a request runs to its end inside its socket's read callback, so no durable write is ever still
// in progress when the group commits (counted: 0 every time), and the writers settle into cohorts of
// about 4 that take turns. A group that waited (up to 1 ms idle) for every connection of the previous
// group to write again reached 6.9-7.1 events per commit instead of 5.4-5.7, but the server thread's
// CPU per create did not fall (same-process alternating rounds, median of 12: 481 -> 562 µs in one
// run, 490 -> 496 in the next) and throughput fell 5-10%: the commit work it saved (~5 µs an event)
// went into waking once per arriving request instead of once per batch, and the idle wait.

import type { AuditEvent } from '../../shared/api/audit';
import type { AuditRecord, AuditStore } from './store';

/** AuditBackend receives finished events (upstream's audit.Sink). */
export interface AuditBackend {
  /**
   * process records one event. A `durable` event is committed before `release` is called (soon, with
   * others of the same turn), or before process returns when there is no `release`.
   */
  process(ev: AuditEvent, durable: boolean, release?: () => void): void;
}

/** AuditSink is a secondary destination that gets every committed batch (log file, webhook). */
export interface AuditSink {
  write(batch: AuditRecord[]): void;
  close(): Promise<void>;
}

/** AuditorOptions configure batching and the secondary sinks. */
export interface AuditorOptions {
  sinks?: AuditSink[];
  /** flushMs is the longest a batched event waits (default 100 ms). */
  flushMs?: number;
  /** maxBatch commits at once when this many events wait (default 500). */
  maxBatch?: number;
  onError?: (err: unknown, what: string) => void;
}

/** Auditor is the AuditBackend over an AuditStore; watchers subscribe to committed records. */
export class Auditor implements AuditBackend {
  private pending: AuditEvent[] = [];
  private releases: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly listeners = new Set<(recs: AuditRecord[]) => void>();
  private closed = false;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  /** commits counts the transactions that stored events (flushes that found some): events per commit is the group size. */
  commits = 0;

  constructor(readonly store: AuditStore, private readonly opts: AuditorOptions = {}) {
    this.flushMs = opts.flushMs ?? 100;
    this.maxBatch = opts.maxBatch ?? 500;
  }

  process(ev: AuditEvent, durable: boolean, release?: () => void): void {
    this.pending.push(ev);
    if (durable && release && !this.closed) {
      this.releases.push(release);
      this.immediate ??= setImmediate(() => { this.immediate = undefined; this.flush(); });
      return;
    }
    if (durable || this.pending.length >= this.maxBatch || this.closed) {
      this.flush();
      release?.();
      return;
    }
    release?.();
    if (!this.timer) {
      this.timer = setTimeout(() => { this.timer = undefined; this.flush(); }, this.flushMs);
      this.timer.unref();
    }
  }

  /** flush commits every waiting event now (one transaction), writes the sinks, releases the waiting responses, then tells watchers. */
  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.immediate) { clearImmediate(this.immediate); this.immediate = undefined; }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    const releases = this.releases;
    this.pending = [];
    this.releases = [];
    let recs: AuditRecord[] = [];
    try {
      recs = this.store.append(batch);
      this.commits += 1;
      for (const s of this.opts.sinks ?? []) {
        try { s.write(recs); } catch (err) { this.opts.onError?.(err, 'writing audit events to a sink'); }
      }
    } catch (err) {
      // The writes themselves are committed: their responses go out; the failure is reported.
      this.opts.onError?.(err, `storing ${batch.length} audit event(s)`);
    } finally {
      for (const r of releases) {
        try { r(); } catch (err) { this.opts.onError?.(err, 'releasing a response'); }
      }
    }
    if (recs.length === 0) return;
    for (const l of this.listeners) {
      try { l(recs); } catch { /* a broken watcher must not break recording */ }
    }
  }

  /** publish hands records the store appended by itself (retention records) to the sinks and watchers. */
  publish(recs: AuditRecord[]): void {
    for (const s of this.opts.sinks ?? []) {
      try { s.write(recs); } catch (err) { this.opts.onError?.(err, 'writing audit events to a sink'); }
    }
    for (const l of this.listeners) {
      try { l(recs); } catch { /* a broken watcher must not break recording */ }
    }
  }

  /** subscribe calls `fn` with every committed batch; returns the unsubscribe function. */
  subscribe(fn: (recs: AuditRecord[]) => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  /** close commits what is waiting and closes the sinks (later events are committed at once). */
  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    await Promise.all((this.opts.sinks ?? []).map((s) => s.close().catch((err) => this.opts.onError?.(err, 'closing an audit sink'))));
  }
}
