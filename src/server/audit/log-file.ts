// The JSON-lines audit log (--audit-log-path, as kube-apiserver's log backend): one audit.k8s.io/v1
// Event per line, the same canonical JSON the store hashes plus two annotations, the event's sequence
// number and chain hash (`audit.gatehouse.dev/seq`, `audit.gatehouse.dev/chain-hash`), so that the log
// is an anchor for `gatehouse audit verify --anchor` as it advances. `-` writes to standard output. With
// --audit-log-maxsize (MB) the file is rotated before it would grow past that size, to
// `<name>-<UTC time>.<ext>` beside it, as kube-apiserver's lumberjack does; --audit-log-maxbackup
// keeps that many rotated files (0 keeps all). Files are created with mode 0600.

import fs from 'node:fs';
import path from 'node:path';
import type { AuditSink } from './auditor';
import type { AuditRecord } from './store';
import { anchoredLine } from './anchor';

/** LogFileOptions are the --audit-log-* flags. */
export interface LogFileOptions {
  path: string;
  /** maxSizeMB rotates the file before it exceeds this many megabytes (0: never). */
  maxSizeMB?: number;
  /** maxBackups is how many rotated files to keep (0: all). */
  maxBackups?: number;
  /** now is the clock used for rotated file names (tests). */
  now?: () => Date;
}

/** backupName renders lumberjack's rotated name: `audit.log` → `audit-2006-01-02T15-04-05.000.log`. */
export function backupName(file: string, at: Date): string {
  const ext = path.extname(file);
  const base = file.slice(0, file.length - ext.length);
  const stamp = at.toISOString().replace(/:/g, '-').replace(/Z$/, '');
  return `${base}-${stamp}${ext}`;
}

/** LogFileSink appends batches synchronously (a durable event's line is written before its response). */
export class LogFileSink implements AuditSink {
  private fd: number | undefined;
  private size = 0;

  constructor(private readonly opts: LogFileOptions) {
    if (opts.path !== '-') this.open();
  }

  write(batch: AuditRecord[]): void {
    if (batch.length === 0) return;
    const text = batch.map((r) => `${anchoredLine(r)}\n`).join('');
    if (this.opts.path === '-') {
      fs.writeSync(1, text);
      return;
    }
    const bytes = Buffer.byteLength(text);
    const max = (this.opts.maxSizeMB ?? 0) * 1024 * 1024;
    if (max > 0 && this.size > 0 && this.size + bytes > max) this.rotate();
    fs.writeSync(this.fd!, text);
    this.size += bytes;
  }

  async close(): Promise<void> {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    fs.mkdirSync(path.dirname(this.opts.path), { recursive: true });
    this.fd = fs.openSync(this.opts.path, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  private rotate(): void {
    fs.closeSync(this.fd!);
    let target = backupName(this.opts.path, (this.opts.now ?? (() => new Date()))());
    for (let i = 1; fs.existsSync(target); i++) target = backupName(this.opts.path, new Date(Date.now() + i));
    fs.renameSync(this.opts.path, target);
    this.open();
    const keep = this.opts.maxBackups ?? 0;
    if (keep > 0) {
      for (const old of this.backups().slice(keep)) fs.rmSync(old, { force: true });
    }
  }

  /** backups lists the rotated files, newest first. */
  backups(): string[] {
    const dir = path.dirname(this.opts.path);
    const ext = path.extname(this.opts.path);
    const stem = path.basename(this.opts.path, ext);
    const re = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}${ext.replace(/\./g, '\\.')}$`);
    return fs.readdirSync(dir).filter((f) => re.test(f)).sort().reverse().map((f) => path.join(dir, f));
  }
}
