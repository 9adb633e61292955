import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditEvent } from '../../shared/api/audit';
import { MIGRATIONS } from '../storage/migrations';
import { openDatabase } from '../storage/store';
import { AuditStore, chainHash, RETENTION_USER, verifyAuditChain, type AuditQuery } from './store';

function ev(i: number, o: { user?: string; origin?: string; ns?: string; resource?: string; verb?: string; decision?: string; at?: number } = {}): AuditEvent {
  const at = new Date(o.at ?? Date.UTC(2025, 0, 1, 0, 0, i));
  const ts = at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  const annotations: Record<string, string> = { 'authorization.k8s.io/decision': o.decision ?? 'allow' };
  if (o.origin ?? o.user ?? 'alice') annotations['audit.gatehouse.dev/originating-user'] = o.origin ?? o.user ?? 'alice';
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: `id-${i}`, stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/${o.ns ?? 'team'}/${o.resource ?? 'pods'}`, verb: o.verb ?? 'list', user: { username: o.user ?? 'alice' },
    objectRef: { resource: o.resource ?? 'pods', namespace: o.ns ?? 'team', apiVersion: 'v1' }, responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: ts, stageTimestamp: ts, annotations,
  };
}

function fresh(): { store: AuditStore; db: ReturnType<typeof openDatabase> } {
  const db = openDatabase(':memory:');
  return { db, store: new AuditStore(db) };
}

const q = (o: Partial<AuditQuery> = {}): AuditQuery => ({ conditions: [], limit: 0, ...o });
const ids = (recs: { data: string }[]) => recs.map((r) => JSON.parse(r.data).auditID);

describe('AuditStore', () => {
  it('appends in order with a hash chain and lists newest first', () => {
    const { store, db } = fresh();
    const recs = store.append([ev(1), ev(2), ev(3)]);
    assert.deepEqual(recs.map((r) => r.seq), [1, 2, 3]);
    const rows = db.prepare('SELECT data, hash FROM audit_events ORDER BY seq').all() as { data: string; hash: string }[];
    assert.equal(rows[0].hash, chainHash('', rows[0].data));
    assert.equal(rows[2].hash, chainHash(rows[1].hash, rows[2].data));
    assert.deepEqual(ids(store.list(q())), ['id-3', 'id-2', 'id-1']);
    assert.equal(store.headSeq(), 3);
  });

  it('appends groups of every size, across the many-row INSERT\'s chunks, in order and with each row\'s own columns', () => {
    const { store, db } = fresh();
    let i = 0;
    for (const n of [1, 2, 15, 16, 17, 33, 40]) {
      store.append(Array.from({ length: n }, () => { i += 1; return ev(i, { user: `u${i % 3}`, ns: `ns${i % 5}`, verb: i % 2 ? 'create' : 'get' }); }));
    }
    assert.equal(store.headSeq(), i);
    const rows = db.prepare('SELECT seq, audit_id, username, namespace, verb FROM audit_events ORDER BY seq').all() as { seq: number; audit_id: string; username: string; namespace: string; verb: string }[];
    assert.deepEqual(rows.map((r) => r.seq), Array.from({ length: i }, (_, k) => k + 1));
    for (const r of rows) assert.deepEqual([r.audit_id, r.username, r.namespace, r.verb], [`id-${r.seq}`, `u${r.seq % 3}`, `ns${r.seq % 5}`, r.seq % 2 ? 'create' : 'get']);
    assert.equal(verifyAuditChain(db).ok, true);
  });

  it('filters on columns (= and !=), time range and namespace', () => {
    const { store } = fresh();
    store.append([ev(1, { user: 'alice' }), ev(2, { user: 'bob', decision: 'forbid' }), ev(3, { user: 'system:serviceaccount:team:builder', origin: 'alice', ns: 'other' }), ev(4, { user: 'alice', verb: 'create' })]);
    assert.deepEqual(ids(store.list(q({ conditions: [{ column: 'username', op: '=', value: 'alice' }] }))), ['id-4', 'id-1']);
    assert.deepEqual(ids(store.list(q({ conditions: [{ column: 'originating_user', op: '=', value: 'alice' }] }))), ['id-4', 'id-3', 'id-1']);
    assert.deepEqual(ids(store.list(q({ conditions: [{ column: 'decision', op: '=', value: 'forbid' }] }))), ['id-2']);
    assert.deepEqual(ids(store.list(q({ conditions: [{ column: 'username', op: '!=', value: 'alice' }] }))), ['id-3', 'id-2']);
    assert.deepEqual(ids(store.list(q({ conditions: [{ column: 'namespace', op: '=', value: 'other' }] }))), ['id-3']);
    assert.deepEqual(ids(store.list(q({ since: Date.UTC(2025, 0, 1, 0, 0, 2), until: Date.UTC(2025, 0, 1, 0, 0, 3) }))), ['id-3', 'id-2']);
    assert.deepEqual(ids(store.list(q({ since: Date.UTC(2026, 0, 1) }))), []);
    assert.deepEqual(ids(store.list(q({ until: Date.UTC(2024, 0, 1) }))), []);
  });

  it('finds originatingUser = X (X\'s own events and those done for X, from two indexes) as a scan would, page by page, and with other filters', () => {
    const { store, db } = fresh();
    // Humans' own requests, service accounts acting for a human, a node agent acting for no one.
    const who = [{ user: 'alice' }, { user: 'bob' }, { user: 'system:serviceaccount:team:builder', origin: 'alice' }, { user: 'system:serviceaccount:team:builder', origin: 'bob' }, { user: 'system:node:n1', origin: '' }];
    const events = Array.from({ length: 240 }, (_, k) => ev(k + 1, { ...who[(k * 7) % 5], verb: k % 3 ? 'get' : 'create', ns: `ns${k % 2}` }));
    store.append(events);
    const sqls: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => { sqls.push(sql); return prepare(sql); }) as typeof db.prepare;
    const origin = (e: AuditEvent) => e.annotations?.['audit.gatehouse.dev/originating-user'] ?? '';
    for (const x of ['alice', 'bob', '']) {
      for (const extra of [[], [{ column: 'verb' as const, op: '=' as const, value: 'create' }, { column: 'namespace' as const, op: '=' as const, value: 'ns1' }]]) {
        const conditions = [{ column: 'originating_user' as const, op: '=' as const, value: x }, ...extra];
        const want = events.filter((e) => origin(e) === x && extra.every((c) => (c.column === 'verb' ? e.verb : e.objectRef?.namespace) === c.value)).map((e) => e.auditID).reverse();
        assert.deepEqual(ids(store.list(q({ conditions }))), want, `originatingUser=${x} ${JSON.stringify(extra)}`);
        const pages: string[] = [];
        let beforeSeq: number | undefined;
        for (;;) {
          const page = store.list(q({ conditions, limit: 7, beforeSeq, maxSeq: store.headSeq() }));
          pages.push(...ids(page));
          if (page.length < 7) break;
          beforeSeq = page[page.length - 1].seq;
        }
        assert.deepEqual(pages, want, `originatingUser=${x} ${JSON.stringify(extra)}, pages of 7`);
      }
    }
    db.prepare = prepare;
    // What the queries of X = alice ran on: the partial index, and username's, each read backwards (no sort).
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x')) as { detail: string }[]).map((r) => r.detail).join('\n');
    const others = sqls.filter((x) => x.includes("originating_user <> ''") && !x.includes('verb = ?'));
    const own = sqls.filter((x) => x.includes('username = ?') && !x.includes('verb = ?'));
    assert.ok(others.length > 0 && own.length > 0, sqls.join('\n'));
    for (const sql of others) { assert.match(plan(sql), /USING INDEX audit_events_originating_user/, sql); assert.doesNotMatch(plan(sql), /TEMP B-TREE/, sql); }
    for (const sql of own) { assert.match(plan(sql), /USING INDEX audit_events_username/, sql); assert.doesNotMatch(plan(sql), /TEMP B-TREE/, sql); }
    // The index holds only events done for someone else than the requester (a fifth of these each for alice and bob).
    assert.match(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_events_originating_user'").pluck().get() as string, /WHERE originating_user <> '' AND originating_user <> username$/);
    const entries = db.prepare("SELECT count(*) FROM audit_events INDEXED BY audit_events_originating_user WHERE originating_user <> '' AND originating_user <> username AND originating_user >= ''").pluck().get();
    assert.equal(entries, events.filter((e) => origin(e) !== '' && origin(e) !== e.user.username).length);
  });

  it('a dry run is its own column: dryRun!=true leaves it out, dryRun=true finds it', () => {
    const { store } = fresh();
    const dry = ev(2, { verb: 'create' });
    dry.annotations!['audit.gatehouse.dev/dry-run'] = 'true';
    store.append([ev(1, { verb: 'create' }), dry, ev(3, { verb: 'create' })]);
    assert.deepEqual(ids(store.list(q({ conditions: [{ column: 'dry_run', op: '!=', value: 'true' }] }))), ['id-3', 'id-1']);
    assert.deepEqual(ids(store.list(q({ conditions: [{ column: 'dry_run', op: '=', value: 'true' }] }))), ['id-2']);
  });

  it('a store written before the dry-run column upgrades in place and still verifies', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-audit-upgrade-')), 'db.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    let prev = '';
    for (const m of MIGRATIONS.filter((x) => x.id <= 4)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations (id, name) VALUES (?, ?)').run(m.id, m.name);
    }
    for (const i of [1, 2]) {
      const data = JSON.stringify(ev(i));
      prev = chainHash(prev, data);
      old.prepare(`INSERT INTO audit_events (seq, audit_id, ts, username, originating_user, verb, resource, subresource, namespace, name, decision, data, hash)
        VALUES (?, ?, ?, 'alice', 'alice', 'list', 'pods', '', 'team', '', 'allow', ?, ?)`).run(i, `id-${i}`, Date.UTC(2025, 0, 1, 0, 0, i), data, prev);
    }
    old.prepare('UPDATE audit_chain SET head_seq = 2, head_hash = ?, head_ts = ?').run(prev, Date.UTC(2025, 0, 1, 0, 0, 2));
    old.close();
    const db = openDatabase(file);
    assert.equal(verifyAuditChain(db).ok, true, JSON.stringify(verifyAuditChain(db).broken));
    const store = new AuditStore(db);
    const dry = ev(3, { verb: 'create' });
    dry.annotations!['audit.gatehouse.dev/dry-run'] = 'true';
    store.append([dry]);
    assert.equal(verifyAuditChain(db).checked, 3);
    assert.deepEqual(ids(store.list(q({ conditions: [{ column: 'dry_run', op: '!=', value: 'true' }] }))), ['id-2', 'id-1']);
    db.close();
  });

  it('pages through a snapshot: maxSeq and beforeSeq keep pages stable while events arrive', () => {
    const { store } = fresh();
    store.append([1, 2, 3, 4, 5].map((i) => ev(i)));
    const rv = store.headSeq();
    const p1 = store.list(q({ maxSeq: rv, limit: 2 }));
    assert.deepEqual(ids(p1), ['id-5', 'id-4']);
    store.append([ev(6), ev(7)]);
    const p2 = store.list(q({ maxSeq: rv, beforeSeq: p1[1].seq, limit: 2 }));
    assert.deepEqual(ids(p2), ['id-3', 'id-2']);
    assert.deepEqual(ids(store.list(q({ maxSeq: rv, beforeSeq: p2[1].seq, limit: 2 }))), ['id-1']);
  });

  it('keeps the recorded time monotonic along the sequence', () => {
    const { store } = fresh();
    const recs = store.append([ev(1, { at: Date.UTC(2025, 0, 2) }), ev(2, { at: Date.UTC(2025, 0, 1) })]);
    assert.equal(recs[1].ts, recs[0].ts);
    assert.equal(verifyAuditChain((store as any).db).ok, true);
  });

  it('finds time bounds by binary search, with equal times and gaps, as a linear scan would', () => {
    const { store, db } = fresh();
    // 300 events over 100 distinct seconds (three per second), then a hole in the sequence.
    store.append(Array.from({ length: 300 }, (_, i) => ev(i + 1, { at: Date.UTC(2025, 0, 1, 0, 0, 0) + Math.floor(i / 3) * 1000 })));
    db.exec('DELETE FROM audit_events WHERE seq BETWEEN 100 AND 160');
    const rows = db.prepare('SELECT seq, ts FROM audit_events ORDER BY seq').all() as { seq: number; ts: number }[];
    for (let k = -2; k < 102; k += 1) {
      const t = Date.UTC(2025, 0, 1) + k * 1000 + (k % 3 === 0 ? 500 : 0);
      assert.equal(store.firstAtOrAfter(t), rows.find((r) => r.ts >= t)?.seq, `firstAtOrAfter(${k})`);
      assert.equal(store.lastBefore(t), [...rows].reverse().find((r) => r.ts < t)?.seq, `lastBefore(${k})`);
    }
  });

  it('uses a (column, seq) index read backwards for a filtered newest-first query', () => {
    const { store, db } = fresh();
    store.append([ev(1)]);
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT seq, data FROM audit_events WHERE username = ? AND +seq >= ? AND +seq <= ? ORDER BY seq DESC LIMIT 100").all('a', 1, 2) as { detail: string }[]).map((r) => r.detail).join('\n');
    assert.match(plan, /USING INDEX audit_events_username/);
    assert.doesNotMatch(plan, /TEMP B-TREE/);
    const byId = (db.prepare('EXPLAIN QUERY PLAN SELECT seq, data FROM audit_events WHERE audit_id = ? AND +seq <= ? ORDER BY seq DESC LIMIT 2').all('x', 9) as { detail: string }[]).map((r) => r.detail).join('\n');
    assert.match(byId, /USING INDEX audit_events_audit_id/);
  });
});

describe('verifyAuditChain', () => {
  const seeded = () => {
    const s = fresh();
    s.store.append([1, 2, 3, 4, 5].map((i) => ev(i)));
    return s;
  };

  it('passes on an untouched store, an empty store, and after more appends', () => {
    assert.deepEqual(verifyAuditChain(fresh().db), { ok: true, checked: 0, checkpointSeq: 0, checkpointHash: '', headSeq: 0, headHash: '' });
    const { db, store } = seeded();
    assert.equal(verifyAuditChain(db).ok, true);
    store.append([ev(6)]);
    const r = verifyAuditChain(db);
    assert.equal(r.ok, true);
    assert.equal(r.checked, 6);
  });

  const tampering: { name: string; sql: string[]; seq: number; reason: RegExp }[] = [
    { name: 'a changed event', sql: ["UPDATE audit_events SET data = replace(data, '\"alice\"', '\"mallory\"') WHERE seq = 3"], seq: 3, reason: /changed/ },
    { name: 'a removed event', sql: ['DELETE FROM audit_events WHERE seq = 2'], seq: 2, reason: /missing \(removed\)/ },
    {
      name: 'two events swapped',
      sql: ['UPDATE audit_events SET seq = 100 WHERE seq = 2', 'UPDATE audit_events SET seq = 2 WHERE seq = 3', 'UPDATE audit_events SET seq = 3 WHERE seq = 100'],
      seq: 2, reason: /reordered/,
    },
    { name: 'removed newest events', sql: ['DELETE FROM audit_events WHERE seq >= 4'], seq: 4, reason: /newest events were removed/ },
    { name: 'a query column changed behind the content', sql: ["UPDATE audit_events SET namespace = 'elsewhere' WHERE seq = 4"], seq: 4, reason: /namespace column/ },
    { name: 'a dry run disguised as a change in its column', sql: ["UPDATE audit_events SET dry_run = 'true' WHERE seq = 5"], seq: 5, reason: /dry_run column/ },
    { name: 'a re-hashed changed event (the next one breaks)', sql: ["UPDATE audit_events SET data = replace(data, 'list', 'get') WHERE seq = 2"], seq: 2, reason: /changed/ },
  ];
  for (const t of tampering) {
    it(`names the first broken event: ${t.name}`, () => {
      const { db } = seeded();
      for (const s of t.sql) db.exec(s);
      const r = verifyAuditChain(db);
      assert.equal(r.ok, false);
      assert.equal(r.broken!.seq, t.seq, r.broken!.reason);
      assert.match(r.broken!.reason, t.reason);
    });
  }

  it('a rewritten event with a recomputed hash still breaks the chain at the event after it', () => {
    const { db } = seeded();
    const row = db.prepare('SELECT data FROM audit_events WHERE seq = 2').get() as { data: string };
    const prev = (db.prepare('SELECT hash FROM audit_events WHERE seq = 1').get() as { hash: string }).hash;
    const forged = row.data.replace('"list"', '"get"');
    db.prepare('UPDATE audit_events SET data = ?, verb = ?, hash = ? WHERE seq = 2').run(forged, 'get', chainHash(prev, forged));
    const r = verifyAuditChain(db);
    assert.equal(r.ok, false);
    assert.equal(r.broken!.seq, 3);
  });
});

describe('retention', () => {
  const isRecord = (r: { data: string }) => JSON.parse(r.data).user.username === RETENTION_USER;
  it('prunes the oldest events, moves the checkpoint, records each pruning in the chain, and the rest still verifies', () => {
    const { db, store } = fresh();
    store.append([1, 2, 3, 4, 5, 6].map((i) => ev(i)));
    const published: number[] = [];
    const deleted = store.prune(Date.UTC(2025, 0, 1, 0, 0, 4), 2, (recs) => published.push(...recs.map((r) => r.seq)));
    assert.equal(deleted, 3);
    assert.equal(store.checkpointSeq(), 3);
    // Two chunks (1..2, 3), each with its retention record appended at the head (seq 7 and 8).
    assert.deepEqual(published, [7, 8]);
    const all = store.list(q());
    assert.deepEqual(ids(all.filter((r) => !isRecord(r))), ['id-6', 'id-5', 'id-4']);
    const rec = JSON.parse(all[0].data);
    assert.equal(rec.annotations['audit.gatehouse.dev/pruned-through-seq'], '3');
    assert.equal(rec.verb, 'deletecollection');
    const r = verifyAuditChain(db);
    assert.equal(r.ok, true, r.broken?.reason);
    assert.equal(r.checked, 5);
    assert.equal(r.pruneRecordSeq, 8);
    store.append([ev(7)]);
    assert.equal(verifyAuditChain(db).ok, true);
    assert.equal(store.prune(Date.UTC(2025, 0, 1, 0, 0, 1)), 0);
    // Pruning everything leaves only the record of it, a verifiable chain that new events continue.
    store.prune(Date.UTC(2030, 0, 1));
    assert.equal(store.count(), 1);
    assert.equal(verifyAuditChain(db).ok, true);
    store.append([ev(8, { at: Date.UTC(2031, 0, 1) })]);
    assert.equal(verifyAuditChain(db).ok, true);
  });

  it('a removed event right after the checkpoint is still detected', () => {
    const { db, store } = fresh();
    store.append([1, 2, 3, 4].map((i) => ev(i)));
    store.prune(Date.UTC(2025, 0, 1, 0, 0, 2));
    db.exec('DELETE FROM audit_events WHERE seq = 2');
    const r = verifyAuditChain(db);
    assert.equal(r.ok, false);
    assert.equal(r.broken!.seq, 2);
  });

  it('the oldest events removed by hand, with the checkpoint row rewritten to match, are detected', () => {
    const { db, store } = fresh();
    store.append([1, 2, 3, 4].map((i) => ev(i)));
    const h2 = db.prepare('SELECT hash FROM audit_events WHERE seq = 2').pluck().get() as string;
    db.exec('DELETE FROM audit_events WHERE seq <= 2');
    db.prepare('UPDATE audit_chain SET checkpoint_seq = 2, checkpoint_hash = ? WHERE id = 1').run(h2);
    const r = verifyAuditChain(db);
    assert.equal(r.ok, false);
    assert.match(r.broken!.reason, /no retention record/);
  });
});
