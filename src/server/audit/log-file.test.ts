import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupName, LogFileSink } from './log-file';
import type { AuditRecord } from './store';

const rec = (i: number, pad = 0): AuditRecord => ({
  seq: i, ts: i, data: JSON.stringify({ kind: 'Event', auditID: `id-${i}`, pad: 'x'.repeat(pad) }),
  columns: { audit_id: `id-${i}`, username: '', originating_user: '', verb: '', resource: '', subresource: '', namespace: '', name: '', decision: '', dry_run: '' },
});

describe('LogFileSink', () => {
  it('names backups as lumberjack does', () => {
    assert.equal(backupName('/var/log/audit.log', new Date(Date.UTC(2025, 4, 6, 7, 8, 9, 10))), '/var/log/audit-2025-05-06T07-08-09.010.log');
  });

  it('appends one JSON line per event to a 0600 file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-log-'));
    const file = path.join(dir, 'sub', 'audit.log');
    const s = new LogFileSink({ path: file });
    s.write([rec(1), rec(2)]);
    s.write([rec(3)]);
    await s.close();
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).auditID);
    assert.deepEqual(lines, ['id-1', 'id-2', 'id-3']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rotates before exceeding maxsize and keeps maxbackup files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-log-'));
    const file = path.join(dir, 'audit.log');
    let t = Date.UTC(2025, 0, 1);
    const s = new LogFileSink({ path: file, maxSizeMB: 1, maxBackups: 2, now: () => new Date((t += 1000)) });
    // Each record is ~400 KB: a 1 MB file holds two.
    for (let i = 1; i <= 9; i++) s.write([rec(i, 400 * 1024)]);
    await s.close();
    const backups = s.backups();
    assert.equal(backups.length, 2);
    for (const f of [file, ...backups]) assert.ok(fs.statSync(f).size <= 1024 * 1024, `${f} is too big`);
    const ids = [...backups].reverse().concat(file).flatMap((f) => fs.readFileSync(f, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).auditID));
    assert.deepEqual(ids, ['id-5', 'id-6', 'id-7', 'id-8', 'id-9']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
