// `gatehouse audit verify --data-dir D` and `gatehouse audit export --data-dir D [--since T] [--until T]`:
// offline tools that open the server's database read-only (they may run while the server runs; WAL
// readers never block it). verify exits 0 when the hash chain is whole, 1 naming the first broken
// event otherwise. export writes the events, oldest first, as JSON lines of audit.k8s.io/v1 Events.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parseDuration } from './index';
import { verifyAuditChain } from './store';

const USAGE = `Usage: gatehouse audit verify --data-dir D
       gatehouse audit export --data-dir D [--since T] [--until T]
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

type Out = (s: string) => void;

/** runAuditCommand runs `gatehouse audit <verify|export> ...`, returning the exit code. */
export function runAuditCommand(argv: string[], out: Out = (s) => { fs.writeSync(1, s); }, err: Out = (s) => { fs.writeSync(2, s); }): number {
  const [sub, ...rest] = argv;
  if (sub !== 'verify' && sub !== 'export') {
    err(`${USAGE}\n`);
    return sub === undefined || sub === '--help' ? 0 : 2;
  }
  let values: { 'data-dir'?: string; since?: string; until?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { 'data-dir': { type: 'string' }, since: { type: 'string' }, until: { type: 'string' } }, strict: true }));
  } catch (e) {
    err(`error: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir'] ?? './data');
  let db: Database.Database;
  try {
    db = openReadOnly(dataDir);
  } catch (e) {
    err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    if (sub === 'verify') {
      const r = verifyAuditChain(db);
      if (r.ok) {
        const range = r.checked ? `events ${r.checkpointSeq + 1}..${r.headSeq}` : 'no events';
        out(`audit chain OK: ${r.checked} event(s) verified (${range}${r.checkpointSeq ? `, chained from retention checkpoint ${r.checkpointSeq}` : ''}); head hash ${r.headHash || '(none)'}\n`);
        return 0;
      }
      const b = r.broken!;
      out(`audit chain BROKEN at event ${b.seq}${b.auditID ? ` (auditID ${b.auditID})` : ''}: ${b.reason}\n${r.checked} event(s) before it verified.\n`);
      return 1;
    }
    let since: number | undefined;
    let until: number | undefined;
    try {
      since = parseTimeArg(values.since);
      until = parseTimeArg(values.until);
    } catch (e) {
      err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    const where: string[] = [];
    const params: number[] = [];
    if (since !== undefined) { where.push('ts >= ?'); params.push(since); }
    if (until !== undefined) { where.push('ts <= ?'); params.push(until); }
    const rows = db.prepare(`SELECT data FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`).pluck().iterate(...params) as Iterable<string>;
    let buf = '';
    for (const data of rows) {
      buf += `${data}\n`;
      if (buf.length > 1 << 16) { out(buf); buf = ''; }
    }
    if (buf) out(buf);
    return 0;
  } finally {
    db.close();
  }
}
