import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../shared/api/audit';
import { openDatabase } from '../storage/store';
import { anchoredLine, checkAnchor, currentAnchor, parseAnchorFile } from './anchor';
import { AuditStore, verifyAuditChain } from './store';

// Anchors against an in-memory trail: what each kind of anchor file vouches for, and which changes
// to the stored chain it exposes that the chain alone does not.

const ev = (i: number): AuditEvent => ({
  apiVersion: 'audit.k8s.io/v1', kind: 'Event', level: 'Metadata', auditID: `id-${i}`, stage: 'ResponseComplete', requestURI: '/api/v1/pods', verb: 'list',
  user: { username: 'admin', groups: [] }, requestReceivedTimestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), stageTimestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
} as AuditEvent);

function trail(n: number) {
  const db = openDatabase(':memory:');
  const store = new AuditStore(db);
  const recs = store.append(Array.from({ length: n }, (_, i) => ev(i + 1)));
  return { db, store, log: recs.map(anchoredLine).join('\n') };
}

const check = (db: ReturnType<typeof openDatabase>, text: string) => {
  const v = verifyAuditChain(db);
  return v.ok ? checkAnchor(db, v, parseAnchorFile(text)) : { ok: false, reason: v.broken?.reason };
};

describe('audit anchors', () => {
  it('parses an exported anchor and a log file; rejects a file with neither', () => {
    const { db, log } = trail(3);
    const a = parseAnchorFile(JSON.stringify(currentAnchor(db)));
    assert.deepEqual([...a.points.keys()], [3]);
    assert.deepEqual(a.checkpoint, { seq: 0, hash: '', atSeq: 3 });
    assert.deepEqual([...parseAnchorFile(log).points.keys()], [1, 2, 3]);
    assert.throws(() => parseAnchorFile('{"kind":"Event"}\n'), /holds no anchor/);
  });

  const cases: { name: string; tamper: (db: ReturnType<typeof openDatabase>) => void; want: RegExp | null }[] = [
    { name: 'untouched', tamper: () => {}, want: null },
    { name: 'newest removed, head rewound', tamper: (db) => { db.exec('DELETE FROM audit_events WHERE seq = 5'); db.exec("UPDATE audit_chain SET head_seq = 4, head_hash = (SELECT hash FROM audit_events WHERE seq = 4)"); }, want: /newest events \(5\.\.5\) were removed/ },
    { name: 'anchored event rehashed', tamper: (db) => { db.exec("UPDATE audit_events SET hash = 'x' WHERE seq = 5"); db.exec("UPDATE audit_chain SET head_hash = 'x'"); }, want: /./ },
  ];
  for (const kind of ['exported anchor', 'log'] as const) {
    for (const c of cases) {
      it(`${c.name} (${kind})`, () => {
        const { db, log } = trail(5);
        const text = kind === 'log' ? log : JSON.stringify(currentAnchor(db));
        c.tamper(db);
        const r = check(db, text);
        if (c.want === null) assert.equal(r.ok, true, r.reason);
        else {
          assert.equal(r.ok, false);
          assert.match(String(r.reason), c.want);
        }
      });
    }
  }

  it('events newer than the anchor and legitimate pruning pass, with notes', () => {
    const { db, store } = trail(5);
    const text = JSON.stringify(currentAnchor(db));
    store.append([ev(6)]);
    store.prune(Date.UTC(2025, 0, 1, 0, 0, 3));
    const r = check(db, text);
    assert.equal(r.ok, true, r.reason);
    assert.ok('notes' in r && r.notes.some((n) => /newer than the anchor/.test(n)));
  });

  it('a checkpoint that went backwards (the store rewound to before a pruning) fails', () => {
    const { db, store } = trail(5);
    store.prune(Date.UTC(2025, 0, 1, 0, 0, 3));
    const text = JSON.stringify(currentAnchor(db));
    db.exec("UPDATE audit_chain SET checkpoint_seq = 1");
    const r = check(db, text);
    assert.equal(r.ok, false);
  });
});
