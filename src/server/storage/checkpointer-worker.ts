import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { CK, type CheckpointerInput } from './checkpointer';

// The checkpointer's thread (see startCheckpointer in checkpointer.ts): its own connection to the
// server's database copies the WAL back into the database file, so that no request's commit does.
// A PASSIVE checkpoint takes no lock a writer needs. It copies the WAL as of its start, and under steady
// writes more has been committed by the time it ends, so the WAL is never all copied when a commit
// begins, and no commit starts it over from its beginning: it would grow without end. So once the WAL
// holds `restartPages`, a second PASSIVE checkpoint and a RESTART one follow the first: the RESTART holds the writer lock while it
// copies the few frames committed since (a few ms), waits for readers to leave the WAL, and the next
// commit starts the WAL over. Writers begin IMMEDIATE, so they wait for that lock (busy_timeout) instead
// of failing with SQLITE_BUSY. (TRUNCATE, which also empties the file, held the lock 3–4 times longer.)

const input = workerData.input as CheckpointerInput;
const state = new Int32Array(input.state);
let db: Database.Database | undefined;
let timer: NodeJS.Timeout | undefined;
// After a RESTART that gave up (a reader stayed), the next waits twice as long as the last before it
// tries again (up to 5 s): each try holds the writer lock for up to busy_timeout.
let restartBackoffMs = 0;
let restartAfter = 0;

interface CheckpointResult { busy: number; log: number; checkpointed: number }

const close = (): void => {
  if (timer) clearTimeout(timer);
  db?.close();
  db = undefined;
  Atomics.store(state, CK.closed, 1);
  Atomics.notify(state, CK.closed);
  parentPort!.close();
};

const tick = (): void => {
  timer = undefined;
  if (!db) return;
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    Atomics.add(state, CK.passive, 1);
    Atomics.store(state, CK.walPages, passive.log);
    if (passive.log >= input.restartPages && performance.now() >= restartAfter) {
      // What was committed while that one copied (much, when the WAL was large) is copied without the lock too.
      db.pragma('wal_checkpoint(PASSIVE)');
      const [restart] = db.pragma('wal_checkpoint(RESTART)') as CheckpointResult[];
      // busy: the writer lock was not free, or a reader stayed in the WAL, within busy_timeout; the next tick retries.
      Atomics.add(state, restart.busy ? CK.busy : CK.restarted, 1);
      restartBackoffMs = restart.busy ? Math.min(Math.max(2 * restartBackoffMs, input.intervalMs), 5_000) : 0;
      restartAfter = performance.now() + restartBackoffMs;
    }
  } catch (err) {
    Atomics.add(state, CK.errors, 1);
    parentPort!.postMessage({ type: 'error', error: err instanceof Error ? err.message : String(err) });
  }
  timer = setTimeout(tick, input.intervalMs);
};

parentPort!.on('message', (m: { type: 'stop' }) => {
  if (m.type === 'stop') close();
});

if (Atomics.load(state, CK.stop)) {
  close();
} else {
  db = new Database(input.file, { fileMustExist: true });
  // A RESTART holds the writer lock while it waits for readers still in the WAL (a long list, or
  // another process's read): it gives up soon and retries at the next tick, so that writers wait a few
  // ms at most. Waiting longer would not help: no checkpoint can restart the WAL under a reader that needs it.
  db.pragma(`busy_timeout = ${input.busyTimeoutMs}`);
  // Checkpoints sync the WAL before copying and the database file after, as the server's own did.
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  Atomics.store(state, CK.running, 1);
  timer = setTimeout(tick, input.intervalMs);
}
