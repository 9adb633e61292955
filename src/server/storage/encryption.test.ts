import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';
import { aesGcmTransformer, ENVELOPE_PREFIX, KEY_FILE, loadOrCreateKey, secretsAtRest } from './encryption';
import { createStore, openDatabase } from './store';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-enc-'));

/** filesContaining lists the files under `dir` (recursively) whose bytes contain any needle. */
function filesContaining(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { hits.push(...filesContaining(p, needles)); continue; }
    const bytes = fs.readFileSync(p);
    for (const n of needles) if (bytes.includes(Buffer.from(n))) hits.push(`${p} contains ${n}`);
  }
  return hits;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('aesGcmTransformer', () => {
  const t = aesGcmTransformer(Buffer.alloc(32, 7));
  it('round-trips and never repeats a ciphertext', () => {
    const a = t.toStorage('{"data":{"k":"djE="}}');
    const b = t.toStorage('{"data":{"k":"djE="}}');
    assert.ok(a.startsWith(ENVELOPE_PREFIX));
    assert.notEqual(a, b, 'a fresh nonce per write');
    assert.equal(t.fromStorage(a), '{"data":{"k":"djE="}}');
  });
  it('reads legacy plaintext rows as they are', () => assert.equal(t.fromStorage('{"a":1}'), '{"a":1}'));
  it('detects tampering and a wrong key', () => {
    const a = t.toStorage('{"x":"secret"}');
    const raw = Buffer.from(a.slice(ENVELOPE_PREFIX.length), 'base64');
    raw[15] ^= 1;
    assert.throws(() => t.fromStorage(ENVELOPE_PREFIX + raw.toString('base64')));
    assert.throws(() => aesGcmTransformer(Buffer.alloc(32, 8)).fromStorage(a));
    assert.throws(() => t.fromStorage('k8s:enc:kms:v2:other:xyz'), /unknown provider/);
  });
});

test('loadOrCreateKey creates a 0600 32-byte key once and refuses a damaged one', () => {
  const dir = tmp();
  const k1 = loadOrCreateKey(dir);
  assert.equal(k1.length, 32);
  assert.equal(fs.statSync(path.join(dir, KEY_FILE)).mode & 0o777, 0o600);
  assert.deepEqual(loadOrCreateKey(dir), k1);
  fs.writeFileSync(path.join(dir, KEY_FILE), 'short');
  assert.throws(() => loadOrCreateKey(dir), /must hold exactly 32 bytes/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('plaintext secrets from before encryption still read, and are rewritten encrypted at startup', () => {
  const dir = tmp();
  const file = path.join(dir, 'gatehouse.db');
  const canary = 'plaintext-canary-4d1c9a';
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data: { k: b64(canary) }, stringData: { raw: canary } };
  const plain = createStore(openDatabase(file));
  plain.create('/secrets', 'ns', 's', secret);
  plain.close();
  assert.ok(filesContaining(dir, [canary]).length > 0, 'the test starts from plaintext on disk');

  const db = openDatabase(file);
  const store = createStore(db, { transformers: secretsAtRest(db, dir) });
  assert.equal((store.get('/secrets', 'ns', 's') as any).data.k, b64(canary));
  assert.equal(store.get('/secrets', 'ns', 's')!.metadata.resourceVersion, '1', 'rewritten in place: same revision');
  const row = db.prepare("SELECT data FROM objects WHERE res = '/secrets'").pluck().get() as string;
  assert.ok(row.startsWith(ENVELOPE_PREFIX));
  assert.deepEqual(filesContaining(dir, [canary, b64(canary)]), []);
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('secrets at rest in a running server', needs(kubectlBinary), () => {
  let s: TestServer;
  const canary = 'canary-value-9b8e7f6a5d';
  before(async () => { s = await startServerProcess(); });
  after(async () => { await s?.stop(); fs.rmSync(s.dataDir, { recursive: true, force: true }); });

  it('no secret value is in any file of the data dir (database, WAL, anything), while running and after stop', async () => {
    const admin = kubeconfigFor(s, 'admin', s.adminToken);
    const ok = (args: string[], input?: string) => { const r = kubectl(admin, args, input); assert.equal(r.code, 0, r.stderr); return r.stdout; };
    ok(['create', 'secret', 'generic', 'literal', `--from-literal=password=${canary}`]);
    // `apply` also writes the whole object, values included, into last-applied-configuration.
    ok(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'applied' }, stringData: { token: `${canary}-applied` } }));
    const read = JSON.parse(ok(['get', 'secret', 'literal', '-o', 'json']));
    assert.equal(read.data.password, b64(canary), 'the value reads back');
    const applied = JSON.parse(ok(['get', 'secret', 'applied', '-o', 'json']));
    assert.equal(applied.data.token, b64(`${canary}-applied`), 'stringData is folded into data');
    assert.equal(applied.stringData, undefined);
    const needles = [canary, b64(canary), b64(`${canary}-applied`)];
    assert.ok(fs.existsSync(path.join(s.dataDir, 'gatehouse.db-wal')), 'the WAL exists and is searched');
    assert.deepEqual(filesContaining(s.dataDir, needles), []);
    assert.equal(fs.statSync(path.join(s.dataDir, KEY_FILE)).mode & 0o777, 0o600);
    await s.stop();
    assert.deepEqual(filesContaining(s.dataDir, needles), []);
    assert.doesNotMatch(s.output(), new RegExp(canary));
  });
});
