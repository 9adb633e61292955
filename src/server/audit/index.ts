// The audit trail, composed once by the composition root (app.ts): the policy (built-in or
// --audit-policy-file, validated before the server listens), the SQLite store and the optional
// log-file and webhook sinks behind one Auditor, the two filters, the auditevents API with its
// "mine" authorizer, and retention (--audit-retention), applied at start and every minute.

import path from 'node:path';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Authorizer } from '../authz/types';
import type { Filter } from '../http/context';
import type { ResourceStorage } from '../registry/storage';
import type { Store } from '../storage/store';
import { auditEvents, auditSelfReader } from './api';
import { Auditor, type AuditSink } from './auditor';
import { withAudit, withFailedAuthenticationAudit, type AuditDeps } from './filter';
import { LogFileSink } from './log-file';
import { originatingUser } from './originating-user';
import { createPolicyChecker, loadPolicyFile, type AuditPolicy } from './policy';
import { AuditStore } from './store';
import { parseWebhookConfig, WebhookSink } from './webhook';

/** AuditOptions are the --audit-* flags. */
export interface AuditOptions {
  /** policyFile is --audit-policy-file; `policy` (tests) wins over it; neither means the built-in policy. */
  policyFile?: string;
  policy?: AuditPolicy;
  logPath?: string;
  logMaxSizeMB?: number;
  logMaxBackups?: number;
  webhookConfigFile?: string;
  /** retentionMs prunes events older than this (undefined: keep all). */
  retentionMs?: number;
  /** flushMs is how long a read's event may wait in the batch (default 100 ms). */
  flushMs?: number;
}

/** Audit is the composed audit trail. */
export interface Audit {
  auditor: Auditor;
  /** filter goes right after authentication; failedAuthentication right before it. */
  filter: Filter;
  failedAuthentication: Filter;
  /** authorizer allows the "mine" view (union it after RBAC). */
  authorizer: Authorizer;
  /** storage serves auditevents (list and watch). */
  storage: ResourceStorage;
  /** prune applies retention now; returns the number of events deleted. */
  prune(): number;
  /** setPolicy replaces the policy for requests that start from now on (the ceiling still applies). */
  setPolicy(policy: AuditPolicy): void;
  close(): Promise<void>;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** parseDuration reads `90d`, `720h`, `30m`, `45s` or a Go-style sum such as `1h30m` as milliseconds. */
export function parseDuration(v: string): number {
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const parts = v.match(/\d+(?:\.\d+)?(ms|s|m|h|d)/g);
  if (!parts || parts.join('') !== v) throw new Error(`invalid duration "${v}": use e.g. 720h, 30d or 1h30m`);
  return parts.reduce((sum, p) => { const m = DURATION.exec(p)!; return sum + Number(m[1]) * unit[m[2]]; }, 0);
}

/** createAudit builds the audit trail over the server's database; it throws on a bad policy or webhook config. */
export function createAudit(db: Database.Database, store: Store, opts: AuditOptions = {}, logger?: Logger, bookmarkMs?: number): Audit {
  const policy = opts.policy ?? loadPolicyFile(opts.policyFile);
  const checker = createPolicyChecker(policy);
  const onError = (err: unknown, what: string) => logger?.error({ err: err instanceof Error ? err.message : String(err) }, `audit: ${what} failed`);
  const sinks: AuditSink[] = [];
  if (opts.logPath) sinks.push(new LogFileSink({ path: opts.logPath, maxSizeMB: opts.logMaxSizeMB, maxBackups: opts.logMaxBackups }));
  if (opts.webhookConfigFile) {
    const target = parseWebhookConfig(fs.readFileSync(opts.webhookConfigFile, 'utf8'), path.dirname(path.resolve(opts.webhookConfigFile)));
    sinks.push(new WebhookSink(target, { onError }));
  }
  const auditStore = new AuditStore(db);
  const auditor = new Auditor(auditStore, { sinks, flushMs: opts.flushMs, onError });
  const deps: AuditDeps = { checker, backend: auditor, originatingUser: (u) => originatingUser(store, u), onError };
  const prune = (): number => {
    if (!opts.retentionMs) return 0;
    auditor.flush();
    try {
      return auditStore.prune(Date.now() - opts.retentionMs, undefined, (recs) => auditor.publish(recs));
    } catch (err) {
      onError(err, 'pruning old audit events');
      return 0;
    }
  };
  prune();
  const timer = opts.retentionMs ? setInterval(prune, 60_000) : undefined;
  timer?.unref();
  return {
    auditor,
    filter: withAudit(deps),
    failedAuthentication: withFailedAuthenticationAudit(deps),
    authorizer: auditSelfReader(),
    storage: auditEvents({ auditor, bookmarkMs }),
    prune,
    setPolicy(p) { deps.checker = createPolicyChecker(p); },
    async close() {
      if (timer) clearInterval(timer);
      await auditor.close();
    },
  };
}
