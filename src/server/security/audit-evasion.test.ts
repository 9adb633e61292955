// Adversarial suite, class "audit evasion": someone who can write the data dir removes what they did
// from the trail — the newest events with the head row rewound, the oldest with the checkpoint row
// moved, a rewritten or spliced chain — and `gatehouse audit verify` must notice, given an anchor kept
// outside the data dir (the output of `gatehouse audit anchor`, or the audit log file, whose lines
// carry each event's seq and chain hash). Through the API, nobody (not even the cluster admin) can
// delete or change events. And `gatehouse audit export` works through pipes (`| head -1`, a slow `| cat`).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditEvent } from '../../shared/api/audit';
import { chainHash, columnsOf, pruneRecord, verifyAuditChain } from '../audit/store';
import { anchoredLine, checkAnchor, parseAnchorFile } from '../audit/anchor';
import { canonicalJSON } from '../audit/redact';
import { ATTACKERS, demoPassword, expectRefused, ok, personalToken, startTarget, type AttackCase, type Target } from './attacker';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const MAIN = path.join(ROOT, 'src', 'server', 'cli', 'main.ts');

function gatehouse(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function sh(script: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

type Row = { seq: number; ts: number; data: string; hash: string };

/** Tamper is one way to change the stored trail with full write access to the database file. */
interface Tamper { name: string; apply: (db: Database.Database) => void; plainDetects: boolean }

const rows = (db: Database.Database): Row[] => db.prepare('SELECT seq, ts, data, hash FROM audit_events ORDER BY seq').all() as Row[];
const setHead = (db: Database.Database, r: Row | undefined) => db.prepare('UPDATE audit_chain SET head_seq = ?, head_hash = ?, head_ts = ? WHERE id = 1').run(r?.seq ?? 0, r?.hash ?? '', r?.ts ?? 0);
const dropNewest = (n: number) => (db: Database.Database) => {
  const all = rows(db);
  db.prepare('DELETE FROM audit_events WHERE seq > ?').run(all[all.length - 1 - n].seq);
  setHead(db, all[all.length - 1 - n]);
};
const dropOldest = (n: number) => (db: Database.Database) => {
  const all = rows(db);
  db.prepare('DELETE FROM audit_events WHERE seq <= ?').run(all[n - 1].seq);
  db.prepare('UPDATE audit_chain SET checkpoint_seq = ?, checkpoint_hash = ? WHERE id = 1').run(all[n - 1].seq, all[n - 1].hash);
};
/** rechain recomputes every hash from `from` on (and the head), as an attacker who knows the scheme would. */
const rechain = (db: Database.Database) => {
  const c = db.prepare('SELECT checkpoint_hash FROM audit_chain WHERE id = 1').pluck().get() as string;
  let prev = c;
  let last: Row | undefined;
  for (const r of rows(db)) {
    const h = chainHash(prev, r.data);
    db.prepare('UPDATE audit_events SET hash = ? WHERE seq = ?').run(h, r.seq);
    prev = h;
    last = { ...r, hash: h };
  }
  setHead(db, last);
};

const TAMPERS: Tamper[] = [
  { name: 'the newest event removed and the head row rewound', apply: dropNewest(1), plainDetects: false },
  { name: 'the newest 5 events removed and the head row rewound', apply: dropNewest(5), plainDetects: false },
  { name: 'the newest 50 events removed and the head row rewound', apply: dropNewest(50), plainDetects: false },
  { name: 'every event removed and the head row reset', apply: (db) => { db.exec('DELETE FROM audit_events'); setHead(db, undefined); }, plainDetects: false },
  { name: 'the oldest event removed and the checkpoint row moved to match', apply: dropOldest(1), plainDetects: true },
  { name: 'the oldest 20 events removed and the checkpoint row moved to match', apply: dropOldest(20), plainDetects: true },
  { name: 'events at both ends removed, head and checkpoint rewritten', apply: (db) => { dropOldest(3)(db); dropNewest(3)(db); }, plainDetects: true },
  {
    name: 'one event in the middle changed and the whole chain rehashed', plainDetects: false,
    apply: (db) => {
      const mid = rows(db)[10];
      db.prepare('UPDATE audit_events SET data = ? WHERE seq = ?').run(mid.data.replace('"admin"', '"somebody-else"'), mid.seq);
      rechain(db);
    },
  },
  {
    name: 'one event in the middle deleted, the rest renumbered and rehashed', plainDetects: false,
    apply: (db) => {
      const all = rows(db);
      db.prepare('DELETE FROM audit_events WHERE seq = ?').run(all[10].seq);
      for (const r of all.slice(11)) db.prepare('UPDATE audit_events SET seq = ? WHERE seq = ?').run(r.seq - 1, r.seq);
      rechain(db);
    },
  },
  {
    name: 'the oldest 5 deleted, the rest renumbered from 1 and rehashed from an empty checkpoint', plainDetects: false,
    apply: (db) => {
      const all = rows(db);
      db.prepare('DELETE FROM audit_events WHERE seq <= ?').run(all[4].seq);
      for (const r of all.slice(5)) db.prepare('UPDATE audit_events SET seq = ? WHERE seq = ?').run(r.seq - 5, r.seq);
      rechain(db);
    },
  },
  {
    name: 'everything after the first event removed and the head row rewound', plainDetects: false,
    apply: (db) => { const first = rows(db)[0]; db.prepare('DELETE FROM audit_events WHERE seq > ?').run(first.seq); setHead(db, first); },
  },
  {
    name: 'an event spliced in before the newest one and the chain rehashed', plainDetects: false,
    apply: (db) => {
      const all = rows(db);
      const last = all[all.length - 1];
      db.prepare('UPDATE audit_events SET seq = ? WHERE seq = ?').run(last.seq + 1, last.seq);
      db.prepare('INSERT INTO audit_events (seq, ts, audit_id, username, originating_user, verb, resource, subresource, namespace, name, decision, data, hash) SELECT ?, ts, audit_id, username, originating_user, verb, resource, subresource, namespace, name, decision, data, hash FROM audit_events WHERE seq = ?')
        .run(last.seq, all[all.length - 2].seq);
      rechain(db);
    },
  },
];

describe('audit evasion', () => {
  let t: Target;
  let pristine = '';
  let anchorFile = '';
  let logFile = '';
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-anchor-'));
  let alice = '';

  before(async () => {
    logFile = path.join(outside, 'audit.log');
    t = await startTarget({ args: ['--audit-log-path', logFile] });
    alice = await personalToken(t, 'alice', demoPassword(t, 'alice'));
    // Enough events that the export is bigger than a pipe's buffer many times over.
    for (let i = 0; i < 8; i++) await Promise.all(Array.from({ length: 50 }, () => t.admin('GET', '/api/v1/namespaces/web/pods?limit=5')));
    for (let i = 0; i < 3; i++) ok(await t.admin('POST', '/api/v1/namespaces', { metadata: { name: `evidence-${i}` } }), 'namespace');
  });
  after(async () => { await t?.stop(); });

  describe('nobody changes the trail through the API', () => {
    const EV = '/apis/audit.gatehouse.dev/v1/auditevents';
    const cases: AttackCase[] = [
      { name: 'the cluster admin deletes the whole trail', who: 'admin', method: 'DELETE', path: EV, expect: [403, 405] },
      { name: 'the cluster admin deletes one event', who: 'admin', method: 'DELETE', path: `${EV}/x`, expect: [403, 404, 405] },
      { name: 'the cluster admin posts a forged event', who: 'admin', method: 'POST', path: EV, body: { apiVersion: 'audit.k8s.io/v1', kind: 'Event', level: 'Metadata', auditID: 'forged', stage: 'ResponseComplete', requestURI: '/', verb: 'get' }, expect: [403, 405] },
      { name: 'the cluster admin patches an event', who: 'admin', method: 'PATCH', path: `${EV}/x`, contentType: 'application/merge-patch+json', body: { verb: 'get' }, expect: [403, 404, 405, 415] },
      { name: 'a developer deletes the trail of their namespace', who: 'alice', method: 'DELETE', path: '/apis/audit.gatehouse.dev/v1/namespaces/web/auditevents', expect: [403, 405] },
      { name: 'a developer reads everyone\'s events cluster-wide', who: 'alice', method: 'GET', path: EV, expect: [403] },
      { name: 'an attacker with only a token reads the trail', who: 'binder', method: 'GET', path: EV, expect: [403] },
    ];
    for (const c of cases) test(c.name, () => expectRefused(t, c, { alice }).then(() => undefined));
    test('control: the static token identity is known to the server', () => assert.ok(ATTACKERS.binder));
  });

  describe('truncation and rewriting are detected given an anchor kept outside the data dir', () => {
    before(async () => {
      // The anchor is taken while the server runs, then the server stops and the database is copied as evidence.
      const a = gatehouse(['audit', 'anchor', '--data-dir', t.s.dataDir]);
      assert.equal(a.code, 0, a.stderr);
      anchorFile = path.join(outside, 'anchor.json');
      fs.writeFileSync(anchorFile, a.stdout);
      const anchor = JSON.parse(a.stdout);
      assert.equal(anchor.kind, 'AuditAnchor');
      await t.stop();
      pristine = path.join(outside, 'pristine.db');
      fs.copyFileSync(path.join(t.s.dataDir, 'gatehouse.db'), pristine);
      // The log carried every event with its seq and chain hash, up to the same head.
      const last = JSON.parse(fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').pop()!);
      assert.equal(Number(last.annotations['audit.gatehouse.dev/seq']), anchor.seq);
      assert.equal(last.annotations['audit.gatehouse.dev/chain-hash'], anchor.hash);
    });
    const copy = () => {
      const dir = fs.mkdtempSync(path.join(outside, 'case-'));
      fs.copyFileSync(pristine, path.join(dir, 'gatehouse.db'));
      return dir;
    };
    test('control: the untouched trail verifies against both anchors', () => {
      const dir = copy();
      for (const f of [anchorFile, logFile]) {
        const v = gatehouse(['audit', 'verify', '--data-dir', dir, '--anchor', f]);
        assert.equal(v.code, 0, v.stdout + v.stderr);
        assert.match(v.stdout, /anchor OK/);
      }
    });
    for (const tm of TAMPERS) {
      for (const which of ['exported anchor', 'audit log'] as const) {
        test(`${tm.name} (${which})`, () => {
          const dir = copy();
          const db = new Database(path.join(dir, 'gatehouse.db'));
          db.transaction(() => tm.apply(db))();
          db.close();
          const anchor = which === 'audit log' ? logFile : anchorFile;
          // The first case goes through the CLI as a user would; the rest call the same functions in-process (fast).
          if (tm === TAMPERS[0]) {
            const v = gatehouse(['audit', 'verify', '--data-dir', dir, '--anchor', anchor]);
            assert.equal(v.code, 1, `not detected:\n${v.stdout}${v.stderr}`);
            assert.match(v.stdout, /BROKEN/);
            return;
          }
          const ro = new Database(path.join(dir, 'gatehouse.db'), { readonly: true });
          try {
            const plain = verifyAuditChain(ro);
            const detected = !plain.ok || !checkAnchor(ro, plain, parseAnchorFile(fs.readFileSync(anchor, 'utf8'))).ok;
            assert.ok(detected, 'not detected');
            if (tm.plainDetects) assert.equal(plain.ok, false, 'not detected without an anchor');
          } finally {
            ro.close();
          }
        });
      }
    }
    test('the oldest events removed with a forged retention record, and the server logging on: the log shows the insertion', () => {
      const dir = copy();
      const db = new Database(path.join(dir, 'gatehouse.db'));
      const append = (ev: object) => {
        const head = db.prepare('SELECT head_seq, head_hash, head_ts FROM audit_chain WHERE id = 1').get() as { head_seq: number; head_hash: string; head_ts: number };
        const data = canonicalJSON(ev);
        const c = columnsOf(ev as AuditEvent);
        const seq = head.head_seq + 1;
        const hash = chainHash(head.head_hash, data);
        const ts = Math.max(head.head_ts, Date.parse((ev as AuditEvent).stageTimestamp));
        db.prepare('INSERT INTO audit_events (seq, ts, audit_id, username, originating_user, verb, resource, subresource, namespace, name, decision, data, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(seq, ts, c.audit_id, c.username, c.originating_user, c.verb, c.resource, c.subresource, c.namespace, c.name, c.decision, data, hash);
        db.prepare('UPDATE audit_chain SET head_seq = ?, head_hash = ?, head_ts = ? WHERE id = 1').run(seq, hash, ts);
        return { seq, ts, data, hash, columns: c };
      };
      const all = rows(db);
      db.transaction(() => {
        dropOldest(5)(db);
        append(pruneRecord(all[4].seq, all[4].hash, 5, Date.now()));
      })();
      // The forged chain verifies on its own, and against the exported anchor (it is newer than the anchor)...
      assert.equal(verifyAuditChain(db).ok, true);
      // ...but the server, started again, logs its next event with the next seq: the log never saw the forged one.
      const next = append({ ...JSON.parse(all[all.length - 1].data), auditID: 'next-after-restart' });
      db.close();
      const log = path.join(outside, 'audit-continued.log');
      fs.writeFileSync(log, `${fs.readFileSync(logFile, 'utf8')}${anchoredLine(next)}\n`);
      const v = gatehouse(['audit', 'verify', '--data-dir', dir, '--anchor', log]);
      assert.equal(v.code, 1, v.stdout + v.stderr);
      assert.match(v.stdout, /not in the anchor log: it was inserted/);
    });
    test('a bad anchor file is a usage error, not a pass', () => {
      const bad = path.join(outside, 'bad-anchor.json');
      fs.writeFileSync(bad, '{"hello":"world"}\n');
      const v = gatehouse(['audit', 'verify', '--data-dir', copy(), '--anchor', bad]);
      assert.equal(v.code, 2, v.stdout + v.stderr);
    });
  });

  describe('export through pipes', () => {
    test('| head -1 prints one event and exits cleanly (no EPIPE, no EAGAIN)', () => {
      const r = sh(`node --import tsx ${MAIN} audit export --data-dir ${t.s.dataDir} | head -1`);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trimEnd().split('\n').length, 1);
      assert.equal(JSON.parse(r.stdout).kind, 'Event');
      assert.doesNotMatch(r.stderr, /EPIPE|EAGAIN|Error/);
    });
    test('a slow | cat gets every event', () => {
      const db = new Database(path.join(t.s.dataDir, 'gatehouse.db'), { readonly: true });
      const n = db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
      db.close();
      const r = sh(`node --import tsx ${MAIN} audit export --data-dir ${t.s.dataDir} | (sleep 1; cat)`);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(n > 300, `${n} events`);
      assert.equal(r.stdout.trimEnd().split('\n').length, n);
      assert.doesNotMatch(r.stderr, /EAGAIN|Error/);
    });
  });
});
