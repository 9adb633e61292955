// The stored audit trail through server processes: no secret value anywhere (canary), tamper
// evidence with `gatehouse audit verify`, retention, export, the JSON-lines log, durability of write
// events across SIGKILL, and stable pagination.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/** gatehouse runs the CLI as a user would. */
function gatehouse(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'server', 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** filesUnder lists every file below dir. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('audit trail storage', needs(kubectlBinary), () => {
  let s: TestServer;
  let admin: string;
  let logFile: string;
  const CANARY = `canary-${Math.random().toString(36).slice(2)}-value`;
  const CANARY2 = `canary2-${Math.random().toString(36).slice(2)}-value`;
  const hooks: { body: any }[] = [];
  let hookServer: http.Server;

  before(async () => {
    hookServer = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c) => { b += c; });
      req.on('end', () => { hooks.push({ body: JSON.parse(b) }); res.writeHead(200).end(); });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-audit-'));
    logFile = path.join(dataDir, 'audit', 'audit.log');
    const hookConfig = path.join(dataDir, '..', `${path.basename(dataDir)}-webhook.kubeconfig`);
    fs.writeFileSync(hookConfig, `apiVersion: v1\nkind: Config\nclusters:\n- name: sink\n  cluster: {server: "http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/audit"}\nusers:\n- name: api\n  user: {token: hook-token}\ncontexts:\n- name: d\n  context: {cluster: sink, user: api}\ncurrent-context: d\n`);
    s = await startServerProcess({ dataDir, args: ['--audit-log-path', logFile, '--audit-webhook-config-file', hookConfig, '--log-level', 'debug'] });
    admin = kubeconfigFor(s, 'admin', s.adminToken);
  });
  after(async () => {
    await s?.stop();
    await new Promise<void>((r) => hookServer.close(() => r()));
  });

  it('a canary secret value (created, updated, read back) appears in no event, log, output or data-dir file', async () => {
    const ok = (args: string[], input?: string) => {
      const r = kubectl(admin, args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    ok(['create', 'ns', 'vault']);
    ok(['create', 'secret', 'generic', 'canary', '-n', 'vault', `--from-literal=value=${CANARY}`]);
    ok(['apply', '-n', 'vault', '-f', '-'], `apiVersion: v1\nkind: Secret\nmetadata:\n  name: canary-applied\nstringData:\n  value: ${CANARY}\n`);
    ok(['patch', 'secret', 'canary', '-n', 'vault', '-p', JSON.stringify({ stringData: { value: CANARY2 } })]);
    const read = Buffer.from(JSON.parse(ok(['get', 'secret', 'canary', '-n', 'vault', '-o', 'json'])).data.value, 'base64').toString();
    assert.equal(read, CANARY2);
    ok(['get', 'secrets', '-n', 'vault', '-o', 'yaml']);
    // Also a malformed body, whose parse error quotes it, and a TokenReview of a token-like canary.
    const bad = await api(s, 'POST', '/api/v1/namespaces/vault/secrets', { token: s.adminToken, body: `{"metadata":{"name":"x"},"stringData":{"v":${CANARY}}}` });
    assert.equal(bad.status, 400);
    await api(s, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', { token: s.adminToken, body: { spec: { token: CANARY } } });
    await api(s, 'POST', '/auth/login', { body: { username: 'admin', password: CANARY }, headers: { 'X-Gatehouse-Request': '1' } });

    // The events exist, at Metadata.
    const secretEvents = (await api(s, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=objectRef.resource%3Dsecrets', { token: s.adminToken })).body.items;
    assert.ok(secretEvents.length >= 6, `secret events: ${secretEvents.length}`);
    assert.ok(secretEvents.every((e: any) => e.level === 'Metadata' && e.requestObject === undefined && e.responseObject === undefined));
    const all = (await api(s, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents', { token: s.adminToken })).text;
    await s.stop();
    const forms = [CANARY, CANARY2, Buffer.from(CANARY).toString('base64'), Buffer.from(CANARY2).toString('base64')];
    const haystacks: [string, string][] = [['the audit API', all], ['the server output', s.output()]];
    for (const f of filesUnder(s.dataDir)) haystacks.push([f, fs.readFileSync(f).toString('latin1')]);
    haystacks.push(['the webhook', JSON.stringify(hooks)]);
    assert.ok(haystacks.some(([n]) => n.endsWith('gatehouse.db-wal') || n.endsWith('gatehouse.db')), 'the database is among the files searched');
    assert.ok(haystacks.some(([n]) => n === logFile), 'the audit log is among the files searched');
    for (const [where, text] of haystacks) {
      for (const f of forms) assert.ok(!text.includes(f), `${f} found in ${where}`);
    }
    // The log and the webhook carried the same events as the store.
    const logged = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.ok(logged.every((e) => e.kind === 'Event' && e.apiVersion === 'audit.k8s.io/v1'));
    assert.equal(fs.statSync(logFile).mode & 0o777, 0o600);
    const hooked = hooks.flatMap((h) => h.body.items.map((e: any) => e.auditID));
    assert.deepEqual(hooked, logged.map((e) => e.auditID));
    assert.ok(hooks.every((h) => h.body.kind === 'EventList'));

    // gatehouse audit verify passes on the untouched store...
    const v = gatehouse(['audit', 'verify', '--data-dir', s.dataDir]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /^audit chain OK: \d+ event\(s\) verified/);
    // ...export writes the same events as JSON lines of audit.k8s.io/v1 Events...
    const ex = gatehouse(['audit', 'export', '--data-dir', s.dataDir]);
    assert.equal(ex.code, 0, ex.stderr);
    const exported = ex.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(exported.map((e) => e.auditID), logged.map((e) => e.auditID));
    assert.ok(exported.every((e) => e.kind === 'Event' && e.apiVersion === 'audit.k8s.io/v1' && e.metadata === undefined));
    const recent = gatehouse(['audit', 'export', '--data-dir', s.dataDir, '--since', new Date(Date.now() + 60_000).toISOString()]);
    assert.equal(recent.stdout, '');
    // ...and fails, naming the event, after one stored event is altered.
    const db = new Database(path.join(s.dataDir, 'gatehouse.db'));
    const victim = db.prepare("SELECT seq, audit_id FROM audit_events WHERE resource = 'secrets' ORDER BY seq LIMIT 1").get() as { seq: number; audit_id: string };
    db.prepare("UPDATE audit_events SET data = replace(data, '\"admin\"', '\"somebody-else\"') WHERE seq = ?").run(victim.seq);
    db.close();
    const broken = gatehouse(['audit', 'verify', '--data-dir', s.dataDir]);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, new RegExp(`BROKEN at event ${victim.seq} \\(auditID ${victim.audit_id}\\)`));
  });
});

describe('audit trail durability, retention and pagination', () => {
  it('the event of every acknowledged write survives SIGKILL', async () => {
    const s = await startServerProcess();
    try {
      await api(s, 'POST', '/api/v1/namespaces', { token: s.adminToken, body: { metadata: { name: 'crash' } } });
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await api(s, 'POST', '/api/v1/namespaces/crash/configmaps', { token: s.adminToken, body: { metadata: { name: `cm-${i}` } } });
        assert.equal(r.status, 201);
        ids.push(String(r.headers['audit-id']));
      }
      await s.kill('SIGKILL');
      const db = new Database(path.join(s.dataDir, 'gatehouse.db'), { readonly: true });
      const stored = new Set(db.prepare("SELECT audit_id FROM audit_events WHERE resource = 'configmaps' AND verb = 'create'").pluck().all() as string[]);
      db.close();
      for (const id of ids) assert.ok(stored.has(id), `the event of write ${id} was lost`);
      const v = gatehouse(['audit', 'verify', '--data-dir', s.dataDir]);
      assert.equal(v.code, 0, v.stdout);
    } finally {
      await s.kill();
    }
  });

  it('retention prunes old events and verification still passes; pages stay stable while events arrive', async () => {
    const first = await startServerProcess();
    const old: string[] = [];
    for (let i = 0; i < 5; i++) old.push(String((await api(first, 'POST', '/api/v1/namespaces', { token: first.adminToken, body: { metadata: { name: `old-${i}` } } })).headers['audit-id']));
    await first.stop();
    await new Promise((r) => setTimeout(r, 2100));
    const s = await startServerProcess({ dataDir: first.dataDir, args: ['--audit-retention', '2s'] });
    try {
      const list = async (q: string) => (await api(s, 'GET', `/apis/audit.gatehouse.dev/v1/auditevents${q}`, { token: s.adminToken })).body;
      const remaining = (await list('')).items.map((e: any) => e.auditID);
      for (const id of old) assert.ok(!remaining.includes(id), `${id} should have been pruned`);
      const v = gatehouse(['audit', 'verify', '--data-dir', s.dataDir]);
      assert.equal(v.code, 0, v.stdout);
      assert.match(v.stdout, /chained from retention checkpoint \d+/);

      for (let i = 0; i < 6; i++) await api(s, 'POST', '/api/v1/namespaces', { token: s.adminToken, body: { metadata: { name: `new-${i}` } } });
      const sel = '?fieldSelector=objectRef.resource%3Dnamespaces,verb%3Dcreate&limit=2';
      const p1 = await list(sel);
      assert.equal(p1.items.length, 2);
      assert.ok(p1.metadata.continue);
      // Events that arrive between pages do not shift them.
      for (let i = 6; i < 9; i++) await api(s, 'POST', '/api/v1/namespaces', { token: s.adminToken, body: { metadata: { name: `new-${i}` } } });
      const p2 = await list(`${sel}&continue=${p1.metadata.continue}`);
      const p3 = await list(`${sel}&continue=${p2.metadata.continue}`);
      const names = [...p1.items, ...p2.items, ...p3.items].map((e: any) => e.objectRef.name);
      assert.deepEqual(names, ['new-5', 'new-4', 'new-3', 'new-2', 'new-1', 'new-0']);
      assert.equal(p3.metadata.continue, undefined);
      // since/until select by the time an event was recorded.
      const mid = p2.items[0].stageTimestamp;
      const since = await list(`?fieldSelector=objectRef.resource%3Dnamespaces,verb%3Dcreate&since=${encodeURIComponent(mid)}`);
      assert.deepEqual(since.items.map((e: any) => e.objectRef.name).slice(-3), ['new-5', 'new-4', 'new-3']);
      const until = await list(`?fieldSelector=objectRef.resource%3Dnamespaces,verb%3Dcreate&until=${encodeURIComponent(mid)}`);
      assert.deepEqual(until.items.map((e: any) => e.objectRef.name), ['new-3', 'new-2', 'new-1', 'new-0']);
    } finally {
      await s.stop();
    }
  });
});
