// The WAL checkpointer (checkpointer.ts): the WAL stays bounded under steady writes with no checkpoint in
// any commit, writers never see SQLITE_BUSY while it checkpoints, and closing leaves no WAL behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../shared/api/meta';
import { startCheckpointer } from './checkpointer';
import { createStore, openDatabase } from './store';

const cm = (name: string, i: number): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { i: String(i), pad: 'x'.repeat(1500) } } as KubeObject);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function running(ck: ReturnType<typeof startCheckpointer>): Promise<void> {
  for (let i = 0; i < 300 && !ck.stats().running; i++) await sleep(20);
  assert.ok(ck.stats().running, 'the checkpointer thread started');
}

test('under steady writes the WAL stays bounded, and no writer gets SQLITE_BUSY while it checkpoints', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-ckpt-'));
  const file = path.join(dir, 'gatehouse.db');
  const db = openDatabase(file);
  // No decoded-object cache: every update reads SQLite before it writes, in its transaction, which is
  // what a deferred transaction cannot upgrade from while the checkpointer holds the writer lock.
  const store = createStore(db, { cacheSize: 0 });
  const restartPages = 200;
  const ck = startCheckpointer(db, { intervalMs: 5, restartPages });
  try {
    await running(ck);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const walPages = () => { try { return fs.statSync(`${file}-wal`).size / pageSize; } catch { return 0; } };
    for (let i = 0; i < 100; i++) store.create('/configmaps', 'ns', `cm-${i}`, cm(`cm-${i}`, 0));
    let maxWal = 0;
    let writes = 0;
    const until = Date.now() + 3000;
    while (Date.now() < until || ck.stats().restarted < 3) {
      for (let k = 0; k < 10; k++, writes++) store.update('/configmaps', 'ns', `cm-${writes % 100}`, cm(`cm-${writes % 100}`, writes));
      maxWal = Math.max(maxWal, walPages());
      await sleep(1);
    }
    const s = ck.stats();
    assert.equal(s.errors, 0);
    assert.ok(s.restarted >= 3, `the WAL restarted ${s.restarted} times`);
    // Each update appends at least one page: without the checkpoints the WAL would hold them all.
    assert.ok(maxWal <= 10 * restartPages && writes > 2 * maxWal, `${writes} writes, WAL up to ${maxWal} pages`);
  } finally {
    ck.stop();
    store.close();
  }
  assert.equal(fs.existsSync(`${file}-wal`), false, 'closing last made the final checkpoint and removed the WAL');
  const again = createStore(openDatabase(file));
  assert.equal(again.count('/configmaps', 'ns'), 100);
  again.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a reader that stays in the WAL makes the RESTART give up soon and retry, not hold writers behind it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-ckpt-'));
  const file = path.join(dir, 'gatehouse.db');
  const db = openDatabase(file);
  const store = createStore(db);
  const ck = startCheckpointer(db, { intervalMs: 5, restartPages: 50 });
  const reader = new Database(file);
  try {
    await running(ck);
    for (let i = 0; i < 100; i++) store.create('/configmaps', 'ns', `cm-${i}`, cm(`cm-${i}`, 0));
    // A read transaction begun while the WAL holds frames keeps them in use until it ends.
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM objects').get();
    let worst = 0;
    for (let w = 0; ck.stats().busy < 3 || w < 300; w++) {
      const t = performance.now();
      store.update('/configmaps', 'ns', `cm-${w % 100}`, cm(`cm-${w % 100}`, w));
      worst = Math.max(worst, performance.now() - t);
      await sleep(1);
    }
    // The RESTART gives up after 10 ms: a writer waits for that, not for the reader.
    assert.ok(worst < 500, `a write waited ${worst.toFixed(0)} ms`);
    reader.exec('COMMIT');
    const before = ck.stats().restarted;
    for (let w = 0; ck.stats().restarted === before; w++) {
      store.update('/configmaps', 'ns', `cm-${w % 100}`, cm(`cm-${w % 100}`, w));
      await sleep(1);
    }
    assert.equal(ck.stats().errors, 0);
  } finally {
    if (reader.inTransaction) reader.exec('COMMIT');
    reader.close();
    ck.stop();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('stop before the thread has started still waits for it, and the database closes cleanly', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-ckpt-'));
  const file = path.join(dir, 'gatehouse.db');
  const db = openDatabase(file);
  const store = createStore(db);
  const ck = startCheckpointer(db);
  store.create('/configmaps', 'ns', 'a', cm('a', 1));
  ck.stop();
  assert.equal(ck.stats().running, false);
  store.close();
  assert.equal(fs.existsSync(`${file}-wal`), false);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an in-memory database has no checkpointer', () => {
  assert.throws(() => startCheckpointer(openDatabase(':memory:')), /in-memory/);
});
