// WAL checkpoints off the write path. SQLite's own checkpoint runs inside the commit that crosses
// wal_autocheckpoint pages: that request (and every write queued behind it on the event loop) waits
// 100–250 ms while the WAL is copied back into the database file and synced. startCheckpointer turns
// that off on the server's connection and runs the checkpoints on a thread of its own, with its own
// connection (checkpointer-worker.ts). Every write transaction of the server begins IMMEDIATE, so a
// writer that meets the checkpointer's brief writer lock waits for it (busy_timeout) rather than
// failing with SQLITE_BUSY as a deferred transaction upgrading from a read would.

import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { WAL_AUTOCHECKPOINT_PAGES } from './store';

/** CK are the slots of the state shared with the checkpointer's thread (an Int32Array). */
export const CK = {
  /** stop is set by the server thread before it asks the checkpointer to stop. */
  stop: 0,
  /** running is 1 once the checkpointer's connection is open. */
  running: 1,
  /** closed is 1 once its connection is closed (the server thread waits for it). */
  closed: 2,
  passive: 3,
  restarted: 4,
  /** busy counts RESTART checkpoints that could not finish (retried at the next tick). */
  busy: 5,
  errors: 6,
  /** walPages is the WAL's size in pages at the last checkpoint. */
  walPages: 7,
} as const;
const SLOTS = 8;

/** CheckpointerInput is what the checkpointer's thread gets (workerData.input). */
export interface CheckpointerInput {
  file: string;
  state: SharedArrayBuffer;
  intervalMs: number;
  restartPages: number;
  /** busyTimeoutMs is how long a RESTART waits for the writer lock and for readers to leave the WAL (it holds the writer lock meanwhile). */
  busyTimeoutMs: number;
}

/** CheckpointerOptions tune the checkpointer: how often it runs, and the WAL size (pages) at which it makes the WAL start over. */
export interface CheckpointerOptions {
  intervalMs?: number;
  restartPages?: number;
  busyTimeoutMs?: number;
  onError?: (message: string) => void;
}

/** CheckpointerStats count the checkpointer's work (for tests and the bench). */
export interface CheckpointerStats { running: boolean; passive: number; restarted: number; busy: number; errors: number; walPages: number }

export interface Checkpointer {
  stats(): CheckpointerStats;
  /** stop closes the checkpointer's connection and waits for it (up to 10 s), so that closing the server's connection afterwards is the last one and makes the final checkpoint. */
  stop(): void;
}

/** STOP_WAIT_MS bounds how long stop() waits for the checkpointer's thread. */
const STOP_WAIT_MS = 10_000;

/**
 * startCheckpointer moves `db`'s WAL checkpoints to a thread of its own. If that thread fails, `db`
 * checkpoints in its commits again (wal_autocheckpoint), so the WAL stays bounded either way.
 */
export function startCheckpointer(db: Database.Database, opts: CheckpointerOptions = {}): Checkpointer {
  if (db.memory) throw new Error('an in-memory database has no WAL to checkpoint');
  const state = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const input: CheckpointerInput = {
    file: db.name, state: state.buffer as SharedArrayBuffer,
    intervalMs: opts.intervalMs ?? 100, restartPages: opts.restartPages ?? 4_000, busyTimeoutMs: opts.busyTimeoutMs ?? 10,
  };
  db.pragma('wal_autocheckpoint = 0');
  // The commit that starts the WAL over truncates a larger file to twice the size it restarts at.
  db.pragma(`journal_size_limit = ${2 * input.restartPages * (db.pragma('page_size', { simple: true }) as number)}`);
  const worker = new Worker(new URL('../worker-shim.mjs', import.meta.url), {
    workerData: { entry: new URL('./checkpointer-worker.ts', import.meta.url).href, input },
  });
  worker.unref();
  let stopped = false;
  let exited = false;
  const fallBack = (why: string): void => {
    opts.onError?.(why);
    if (db.open) db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('message', (m: { type: 'error'; error: string }) => opts.onError?.(`WAL checkpoint: ${m.error}`));
  worker.on('error', (e) => fallBack(`the WAL checkpointer failed: ${e.message}`));
  worker.on('exit', (code) => {
    exited = true;
    if (!stopped) fallBack(`the WAL checkpointer exited (${code}); commits checkpoint the WAL again`);
  });
  return {
    stats: () => ({
      running: Atomics.load(state, CK.running) === 1 && Atomics.load(state, CK.closed) === 0,
      passive: Atomics.load(state, CK.passive), restarted: Atomics.load(state, CK.restarted), busy: Atomics.load(state, CK.busy),
      errors: Atomics.load(state, CK.errors), walPages: Atomics.load(state, CK.walPages),
    }),
    stop() {
      if (stopped) return;
      stopped = true;
      if (exited) return;
      Atomics.store(state, CK.stop, 1);
      worker.postMessage({ type: 'stop' });
      // The checkpointer's thread closes its connection on its own event loop; this thread only waits.
      const until = Date.now() + STOP_WAIT_MS;
      while (Atomics.load(state, CK.closed) === 0 && Date.now() < until) Atomics.wait(state, CK.closed, 0, until - Date.now());
      void worker.terminate();
    },
  };
}
