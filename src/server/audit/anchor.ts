// Anchors: what lets `gatehouse audit verify` detect truncation at either end of the chain. The hash
// chain alone proves that what is stored is consistent, not that it is complete: whoever can write the
// database can drop the newest events and rewind the head row, or drop the oldest and move the
// checkpoint row. An anchor is a (seq, chain hash) pair kept outside the data dir — exported with
// `gatehouse audit anchor`, or carried by every line of the audit log file and every webhook event as
// the annotations `audit.gatehouse.dev/seq` and `audit.gatehouse.dev/chain-hash` — and verify checks
// the stored chain against it: it must still reach the anchor's event with the same hash, must not
// start before the anchor's checkpoint, and every anchored event still stored must match.
// (The oldest end is also covered without an anchor: retention records each pruning in the chain, see
// pruneRecord, and verify requires the record that accounts for the checkpoint.)

import type Database from 'better-sqlite3';
import { canonicalJSON } from './redact';
import type { AuditRecord, VerifyResult } from './store';

/** ANCHOR_ANNOTATIONS are the keys under which sinks write each event's sequence number and chain hash. */
export const ANCHOR_ANNOTATIONS = { seq: 'audit.gatehouse.dev/seq', hash: 'audit.gatehouse.dev/chain-hash' } as const;

/** AuditAnchor is an exported anchor: the head (seq, hash) and the checkpoint at the time. */
export interface AuditAnchor {
  kind: 'AuditAnchor';
  apiVersion: 'audit.gatehouse.dev/v1';
  seq: number;
  hash: string;
  checkpointSeq: number;
  checkpointHash: string;
  time: string;
}

/** currentAnchor reads the anchor of a database now. */
export function currentAnchor(db: Database.Database, now = new Date()): AuditAnchor {
  const c = db.prepare('SELECT head_seq, head_hash, checkpoint_seq, checkpoint_hash FROM audit_chain WHERE id = 1').get() as { head_seq: number; head_hash: string; checkpoint_seq: number; checkpoint_hash: string };
  return { kind: 'AuditAnchor', apiVersion: 'audit.gatehouse.dev/v1', seq: c.head_seq, hash: c.head_hash, checkpointSeq: c.checkpoint_seq, checkpointHash: c.checkpoint_hash, time: now.toISOString() };
}

/** anchoredLine is a record's event with its seq and chain hash added as annotations (what the log and webhook carry). */
export function anchoredLine(r: AuditRecord): string {
  if (!r.hash) return r.data;
  const ev = JSON.parse(r.data) as { annotations?: Record<string, string> };
  ev.annotations = { ...(ev.annotations ?? {}), [ANCHOR_ANNOTATIONS.seq]: String(r.seq), [ANCHOR_ANNOTATIONS.hash]: r.hash };
  return canonicalJSON(ev);
}

/** AnchorPoints are what an anchor file vouches for: (seq → hash) pairs, and checkpoints where known. */
export interface AnchorPoints {
  points: Map<number, string>;
  /** checkpoint is the checkpoint of the newest exported anchor, when the file has one. */
  checkpoint?: { seq: number; hash: string; atSeq: number };
  /** log is true when the points came from an audit log, which carries every event from its first line on. */
  log?: boolean;
}

/**
 * parseAnchorFile reads an exported anchor (`gatehouse audit anchor`), a file of such anchors, or an
 * audit log file (JSON lines of events with the anchor annotations). Lines that carry neither are skipped.
 */
export function parseAnchorFile(text: string): AnchorPoints {
  const out: AnchorPoints = { points: new Map() };
  const take = (v: any) => {
    if (v?.kind === 'AuditAnchor' && Number.isInteger(v.seq) && typeof v.hash === 'string') {
      out.points.set(v.seq, v.hash);
      if (Number.isInteger(v.checkpointSeq) && (!out.checkpoint || v.seq >= out.checkpoint.atSeq)) out.checkpoint = { seq: v.checkpointSeq, hash: String(v.checkpointHash ?? ''), atSeq: v.seq };
      return;
    }
    const seq = Number(v?.annotations?.[ANCHOR_ANNOTATIONS.seq]);
    const hash = v?.annotations?.[ANCHOR_ANNOTATIONS.hash];
    if (Number.isInteger(seq) && seq > 0 && typeof hash === 'string') {
      out.points.set(seq, hash);
      out.log = true;
    }
  };
  const whole = text.trim();
  try {
    take(JSON.parse(whole));
    if (out.points.size) return out;
  } catch { /* JSON lines */ }
  for (const line of whole.split('\n')) {
    if (!line.trim()) continue;
    try { take(JSON.parse(line)); } catch { /* not an anchor line */ }
  }
  if (out.points.size === 0) throw new Error('the anchor file holds no anchor: give the output of `gatehouse audit anchor` or an audit log file written by Gatehouse');
  return out;
}

/** AnchorCheck is the outcome of checking a (whole) chain against an anchor. */
export interface AnchorCheck { ok: boolean; anchorSeq: number; reason?: string; notes: string[] }

/**
 * checkAnchor checks a database whose chain verified (`v.ok`) against anchor points: the chain must
 * reach the newest anchored event; every anchored event still stored (and the checkpoint, where it is
 * anchored) must have the anchored hash; the checkpoint may not be older than the anchored one; and
 * no stored event between two anchored ones may be missing from an anchor log (inserted).
 */
export function checkAnchor(db: Database.Database, v: VerifyResult, a: AnchorPoints): AnchorCheck {
  const seqs = [...a.points.keys()].sort((x, y) => x - y);
  const newest = seqs[seqs.length - 1];
  const notes: string[] = [];
  const fail = (reason: string): AnchorCheck => ({ ok: false, anchorSeq: newest, reason, notes });
  if (v.headSeq < newest) {
    return fail(`the trail ends at event ${v.headSeq} but the anchor vouches for event ${newest}: the newest events (${v.headSeq + 1}..${newest}) were removed`);
  }
  const hashAt = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck();
  for (const seq of seqs) {
    const want = a.points.get(seq)!;
    if (seq < v.checkpointSeq) continue; // pruned since; the retention record accounts for it
    const have = seq === v.checkpointSeq ? v.checkpointHash : (hashAt.get(seq) as string | undefined);
    if (have === undefined) return fail(`event ${seq} is anchored but missing from the trail`);
    if (have !== want) return fail(`event ${seq} differs from the anchor (stored hash ${have.slice(0, 16)}…, anchored ${want.slice(0, 16)}…): the trail was rewritten`);
  }
  if (a.checkpoint) {
    if (v.checkpointSeq < a.checkpoint.seq) return fail(`the trail starts after checkpoint ${v.checkpointSeq} but the anchor had already pruned up to ${a.checkpoint.seq}: the store was rewound or rewritten`);
    if (v.checkpointSeq === a.checkpoint.seq && v.checkpointHash !== a.checkpoint.hash) return fail(`the checkpoint ${v.checkpointSeq} differs from the anchored one: the oldest events were replaced`);
  }
  // A log holds every event from its first line on: a stored event in that range that it lacks was inserted
  // (or the log missed it, which the server reported when it happened).
  if (a.log && seqs.length > 1) {
    const lo = Math.max(seqs[0], v.checkpointSeq + 1);
    const stored = db.prepare('SELECT seq FROM audit_events WHERE seq >= ? AND seq <= ? ORDER BY seq').pluck().all(lo, newest) as number[];
    const extra = stored.find((s) => !a.points.has(s));
    if (extra !== undefined) return fail(`event ${extra} is in the trail but not in the anchor log: it was inserted (or the log missed it)`);
  }
  if (v.pruneRecordSeq !== undefined && v.pruneRecordSeq > newest && v.checkpointSeq > (a.checkpoint?.seq ?? 0)) {
    notes.push(`events up to ${v.checkpointSeq} were pruned by retention after the anchor (record at event ${v.pruneRecordSeq}, newer than the anchor)`);
  }
  if (v.headSeq > newest) notes.push(`events ${newest + 1}..${v.headSeq} are newer than the anchor`);
  return { ok: true, anchorSeq: newest, notes };
}
