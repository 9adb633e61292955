// `gatehouse audit verify --data-dir D [--anchor FILE]`, `gatehouse audit anchor --data-dir D` and
// `gatehouse audit export --data-dir D [--since T] [--until T]`: offline tools that open the server's
// database read-only (they may run while the server runs; WAL readers never block it). verify exits 0
// when the hash chain is whole (and, with --anchor, reaches the anchored events unchanged), 1 naming
// the first broken event otherwise. anchor prints the current anchor (head seq and hash, checkpoint)
// as one JSON line, to keep outside the data dir. export writes the events, oldest first, as JSON
// lines of audit.k8s.io/v1 Events, with backpressure, and stops quietly when the reader goes away.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parseDuration } from './index';
import { verifyAuditChain } from './store';
import { checkAnchor, currentAnchor, parseAnchorFile, type AnchorPoints } from './anchor';

const USAGE = `Usage: gatehouse audit verify --data-dir D [--anchor FILE]
       gatehouse audit anchor --data-dir D
       gatehouse audit export --data-dir D [--since T] [--until T]
  FILE is the output of \`gatehouse audit anchor\` (kept outside the data dir) or an audit log file.
  T is an RFC 3339 time (2006-01-02T15:04:05Z) or a duration back from now (24h, 7d).`;

/** openReadOnly opens `<dataDir>/gatehouse.db` without write access. */
export function openReadOnly(dataDir: string): Database.Database {
  const file = path.join(dataDir, 'gatehouse.db');
  if (!fs.existsSync(file)) throw new Error(`no database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const has = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'").pluck().get() as number;
  if (!has) {
    db.close();
    throw new Error(`${file} has no audit trail (start the server once to create it)`);
  }
  return db;
}

/** parseTimeArg reads --since/--until: RFC 3339, or a duration meaning that long ago. */
export function parseTimeArg(v: string | undefined, now = Date.now()): number | undefined {
  if (v === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T/i.test(v)) {
    const t = Date.parse(v);
    if (!Number.isFinite(t)) throw new Error(`invalid time "${v}"`);
    return t;
  }
  return now - parseDuration(v);
}

/** Out writes text; a Promise means "written, or the reader went away" (then `closed` says so). */
export interface Out { write(s: string): void | Promise<void>; closed?: () => boolean; end?: () => Promise<void> }

/**
 * streamOut writes to a stream with backpressure (a pipe into `head` or a slow `cat` makes writes wait,
 * never fail with EAGAIN), and treats EPIPE — the reader closed early, as `head -1` does — as the end
 * of the output rather than an error.
 */
export function streamOut(stream: NodeJS.WriteStream = process.stdout): Out {
  let closed = false;
  let failure: Error | undefined;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
    else failure = e;
  });
  const settle = (): Promise<void> => new Promise((resolve) => {
    const done = () => { stream.off('drain', done); stream.off('close', done); stream.off('error', done); resolve(); };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
  return {
    async write(text: string) {
      if (closed) return;
      if (failure) throw failure;
      if (!stream.write(text)) await settle();
      if (failure) throw failure;
    },
    closed: () => closed,
    // Resolves once everything written has been handed to the OS (or the reader is gone), so exiting loses nothing.
    end: () => new Promise<void>((resolve) => { if (closed || stream.destroyed) resolve(); else stream.write('', () => resolve()); }),
  };
}

const fdOut = (fd: number): Out => ({ write: (s) => { fs.writeSync(fd, s); } });

/** runAuditCommand runs `gatehouse audit <verify|export|anchor> ...`, returning the exit code. */
export async function runAuditCommand(argv: string[], out: Out = streamOut(), err: Out = fdOut(2)): Promise<number> {
  try {
    return await run(argv, out, err);
  } finally {
    await out.end?.();
  }
}

async function run(argv: string[], out: Out, err: Out): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify' && sub !== 'export' && sub !== 'anchor') {
    await err.write(`${USAGE}\n`);
    return sub === undefined || sub === '--help' ? 0 : 2;
  }
  let values: { 'data-dir'?: string; since?: string; until?: string; anchor?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { 'data-dir': { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, anchor: { type: 'string' } }, strict: true }));
  } catch (e) {
    await err.write(`error: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir'] ?? './data');
  let anchor: AnchorPoints | undefined;
  if (values.anchor !== undefined) {
    if (sub !== 'verify') {
      await err.write(`error: --anchor is an option of verify\n${USAGE}\n`);
      return 2;
    }
    try {
      anchor = parseAnchorFile(fs.readFileSync(values.anchor, 'utf8'));
    } catch (e) {
      await err.write(`error: ${values.anchor}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  let db: Database.Database;
  try {
    db = openReadOnly(dataDir);
  } catch (e) {
    await err.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    if (sub === 'anchor') {
      await out.write(`${JSON.stringify(currentAnchor(db))}\n`);
      return 0;
    }
    if (sub === 'verify') {
      const r = verifyAuditChain(db);
      if (!r.ok) {
        const b = r.broken!;
        await out.write(`audit chain BROKEN at event ${b.seq}${b.auditID ? ` (auditID ${b.auditID})` : ''}: ${b.reason}\n${r.checked} event(s) before it verified.\n`);
        return 1;
      }
      const a = anchor ? checkAnchor(db, r, anchor) : undefined;
      if (a && !a.ok) {
        await out.write(`audit chain BROKEN against the anchor (event ${a.anchorSeq}): ${a.reason}\n${r.checked} stored event(s) chain correctly among themselves.\n`);
        return 1;
      }
      const range = r.checked ? `events ${r.checkpointSeq + 1}..${r.headSeq}` : 'no events';
      const pruned = r.checkpointSeq ? `, chained from retention checkpoint ${r.checkpointSeq} (recorded by retention at event ${r.pruneRecordSeq})` : '';
      await out.write(`audit chain OK: ${r.checked} event(s) verified (${range}${pruned}); head seq ${r.headSeq} hash ${r.headHash || '(none)'}\n`);
      if (a) await out.write(`anchor OK: the trail reaches anchored event ${a.anchorSeq} unchanged${a.notes.length ? `; ${a.notes.join('; ')}` : ''}\n`);
      else await out.write('(without --anchor, removal of the newest events together with the head row cannot be detected: keep `gatehouse audit anchor` output or the audit log outside the data dir)\n');
      return 0;
    }
    let since: number | undefined;
    let until: number | undefined;
    try {
      since = parseTimeArg(values.since);
      until = parseTimeArg(values.until);
    } catch (e) {
      await err.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    const where: string[] = [];
    const params: number[] = [];
    if (since !== undefined) { where.push('ts >= ?'); params.push(since); }
    if (until !== undefined) { where.push('ts <= ?'); params.push(until); }
    const rows = db.prepare(`SELECT data FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`).pluck().iterate(...params) as IterableIterator<string>;
    let buf = '';
    try {
      for (const data of rows) {
        buf += `${data}\n`;
        if (buf.length > 1 << 16) {
          await out.write(buf);
          buf = '';
          if (out.closed?.()) break; // the reader went away (e.g. `| head -1`): stop quietly
        }
      }
      if (buf && !out.closed?.()) await out.write(buf);
    } finally {
      rows.return?.();
    }
    return 0;
  } finally {
    db.close();
  }
}
