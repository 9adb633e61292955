// audit.gatehouse.dev/v1 `auditevents`: the stored audit trail, read-only, as list and watch, cluster-wide
// (`/apis/audit.gatehouse.dev/v1/auditevents`) and per namespace (`.../namespaces/{ns}/auditevents`:
// the events whose objectRef.namespace is ns). Items carry the audit.k8s.io/v1 Event fields as
// apiVersion audit.gatehouse.dev/v1, kind AuditEvent, with `metadata` (name = auditID, namespace =
// objectRef.namespace, resourceVersion = sequence number); `gatehouse audit export`, the log file and
// the webhook carry the plain audit.k8s.io/v1 Events.
//
// Filters: fieldSelector on user.username, originatingUser, verb, objectRef.{resource,subresource,
// namespace,name}, decision, dryRun ("true" for a dry run), metadata.name (= and !=); `since`/`until` (RFC 3339, inclusive) on the
// time the event was recorded (stageTimestamp). Lists are newest first; `limit`/`continue` page
// through a snapshot (the first page's resourceVersion), so events arriving meanwhile never shift
// pages. user.username, originatingUser, the namespace and metadata.name have indexes; other fields
// are checked while walking newest-first (since/until bound a search for rare matches). A
// watch starts at the newest event (no replay) unless given a resourceVersion, after which it
// replays from the store.
//
// Who may read (see auditSelfReader): RBAC `list`/`watch` on auditevents — cluster-wide for cluster
// admins, per namespace for the namespace `admin` role — and everyone their own events: a list or
// watch whose fieldSelector pins `originatingUser=<me>` (what I did, directly or through my pods'
// service accounts) or `user.username=<me>` is allowed without any role. This is the "mine" view.

import type { AuditEvent } from '../../shared/api/audit';
import { AUDIT_ANNOTATIONS } from '../../shared/api/audit';
import type { Authorizer } from '../authz/types';
import type { RequestContext } from '../http/context';
import { encodeContinue, parsePage } from '../http/query';
import { badRequest, gone, methodNotAllowed } from '../http/status';
import { resourceVersionParam, watchLine } from '../http/watch';
import { GoneError } from '../storage/store';
import { matchesRequirements, parseFieldSelector, parseLabelSelectorParam, type FieldRequirement } from '../registry/selectors';
import { ok, watching, type ResourceStorage, type Served } from '../registry/storage';
import { col } from '../registry/strategies';
import { wantsTable } from '../registry/table';
import type { Auditor } from './auditor';
import { FIELD_COLUMNS, matchesConditions, type AuditRecord, type ColumnCondition } from './store';

/** AUDIT_GROUP is the API group of auditevents. */
export const AUDIT_GROUP = 'audit.gatehouse.dev';

/** auditSelfReader allows anyone to list/watch the audit events they originated (the "mine" view). */
export function auditSelfReader(): Authorizer {
  return {
    authorize(a) {
      const no = { decision: 'noOpinion' as const, reason: '' };
      if (!a.isResourceRequest || a.apiGroup !== AUDIT_GROUP || a.resource !== 'auditevents' || a.subresource || a.name) return no;
      if (a.verb !== 'list' && a.verb !== 'watch') return no;
      const me = a.user.username;
      if (!me || me === 'system:anonymous') return no;
      let reqs: FieldRequirement[];
      try { reqs = parseFieldSelector(a.fieldSelector ?? null, (f) => f in FIELD_COLUMNS); } catch { return no; }
      // Every term narrows the list (they are ANDed), so one term pinning the caller is enough.
      const self = reqs.some((r) => r.op === '=' && r.value === me && (r.field === 'originatingUser' || r.field === 'user.username'));
      return self ? { decision: 'allow', reason: `the fieldSelector limits auditevents to those ${me} originated` } : no;
    },
  };
}

interface ParsedQuery {
  conditions: ColumnCondition[];
  since?: number;
  until?: number;
  /** nothing is true when a labelSelector excludes every event (events have no labels). */
  nothing: boolean;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** parseTime reads an RFC 3339 query parameter as epoch ms (400 when malformed). */
export function parseTime(v: string | null, param: string): number | undefined {
  if (v === null || v === '') return undefined;
  const ms = RFC3339.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw badRequest(`invalid ${param}: "${v}" is not an RFC 3339 time (e.g. 2006-01-02T15:04:05Z)`);
  return ms;
}

function parseQuery(ctx: RequestContext): ParsedQuery {
  const fields = parseFieldSelector(ctx.query.get('fieldSelector'), (f) => f in FIELD_COLUMNS);
  const conditions: ColumnCondition[] = fields.map((f) => ({ column: FIELD_COLUMNS[f.field], op: f.op, value: f.value }));
  if (ctx.info.namespace) conditions.push({ column: 'namespace', op: '=', value: ctx.info.namespace });
  const labels = parseLabelSelectorParam(ctx.query.get('labelSelector'));
  return {
    conditions, since: parseTime(ctx.query.get('since'), 'since'), until: parseTime(ctx.query.get('until'), 'until'),
    nothing: labels.length > 0 && !matchesRequirements(undefined, labels),
  };
}

// A continue token: the snapshot (rv), where the next page starts (below seq) and the retention
// checkpoint when the list began (cp): if retention pruned since, the rest of the list is gone (410).
interface AuditContinue { rv: number; seq: number; cp: number }
const readContinue = (v: Record<string, unknown>): AuditContinue | undefined =>
  (v.v === 1 && Number.isInteger(v.rv) && Number.isInteger(v.seq) && Number.isInteger(v.cp) ? { rv: v.rv as number, seq: v.seq as number, cp: v.cp as number } : undefined);

/**
 * toItem renders a stored event as an auditevents item: the audit.k8s.io/v1 Event's fields under the
 * served kind (apiVersion audit.gatehouse.dev/v1, kind AuditEvent — kubectl maps every item's kind
 * through discovery, and audit.k8s.io is not served), plus metadata.
 */
export function toItem(rec: AuditRecord): AuditEvent {
  const ev = JSON.parse(rec.data) as AuditEvent;
  const metadata: NonNullable<AuditEvent['metadata']> = { name: ev.auditID };
  if (ev.objectRef?.namespace) metadata.namespace = ev.objectRef.namespace;
  metadata.resourceVersion = String(rec.seq);
  metadata.creationTimestamp = ev.stageTimestamp.replace(/\.\d+Z$/, 'Z');
  const { kind: _k, apiVersion: _v, ...rest } = ev;
  return { kind: 'AuditEvent', apiVersion: `${AUDIT_GROUP}/v1`, metadata, ...rest };
}

const COLUMNS = [
  col('Name', 'string', 'The audit ID of the request.', 'name'),
  col('Time', 'string', 'When the event was recorded (stageTimestamp).'),
  col('User', 'string', 'The authenticated user.'),
  col('Verb', 'string', 'The request verb.'),
  col('Resource', 'string', 'The resource (and subresource), or the path.'),
  col('Object', 'string', 'The object name.'),
  col('Code', 'integer', 'The HTTP status code.'),
  col('Decision', 'string', 'The authorization decision.'),
  col('Originating User', 'string', 'The human behind the request.'),
  col('Impersonated User', 'string', 'Whom the user acted as.', '', 1),
  col('Stage', 'string', 'The stage of the event.', '', 1),
  col('Dry Run', 'boolean', 'Whether the request was a dry run (nothing was changed).', '', 1),
];

function cells(ev: AuditEvent): unknown[] {
  const ref = ev.objectRef;
  const resource = ref ? `${ref.resource ?? ''}${ref.subresource ? `/${ref.subresource}` : ''}${ref.apiGroup ? `.${ref.apiGroup}` : ''}` : ev.requestURI.split('?')[0];
  return [
    ev.auditID, ev.stageTimestamp.replace(/\.\d+Z$/, 'Z'), ev.user.username ?? '', ev.verb, resource, ref?.name ?? '',
    ev.responseStatus?.code ?? 0, ev.annotations?.[AUDIT_ANNOTATIONS.decision] ?? '', ev.annotations?.[AUDIT_ANNOTATIONS.originatingUser] ?? '',
    ev.impersonatedUser?.username ?? '', ev.stage, ev.annotations?.[AUDIT_ANNOTATIONS.dryRun] === 'true',
  ];
}

function table(items: AuditEvent[], rv: string, ctx: RequestContext): Record<string, unknown> {
  const includeObject = ctx.query.get('includeObject') ?? 'Metadata';
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: rv }, columnDefinitions: COLUMNS,
    rows: items.map((ev) => ({
      cells: cells(ev),
      object: includeObject === 'None' ? undefined : includeObject === 'Object' ? ev : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: ev.metadata },
    })),
  };
}

/** AuditApiDeps are what serving auditevents needs. */
export interface AuditApiDeps {
  auditor: Auditor;
  bookmarkMs?: number;
}

function list(ctx: RequestContext, deps: AuditApiDeps): Record<string, unknown> {
  const { auditor } = deps;
  const store = auditor.store;
  const q = parseQuery(ctx);
  const { limit, from: cont } = parsePage(ctx.query, readContinue);
  // Events waiting in the read batch become visible before we read (read-your-own-requests).
  auditor.flush();
  const cp = store.checkpointSeq();
  if (cont && cont.cp !== cp) {
    throw gone('The provided continue parameter is too old to display a consistent list result: the events after it were pruned by retention. Start a new list.');
  }
  const rv = cont ? cont.rv : store.headSeq();
  let recs = q.nothing ? [] : store.list({ conditions: q.conditions, since: q.since, until: q.until, maxSeq: rv, beforeSeq: cont?.seq, limit: limit > 0 ? limit + 1 : 0 });
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (limit > 0 && recs.length > limit) {
    recs = recs.slice(0, limit);
    metadata.continue = encodeContinue({ rv, seq: recs[recs.length - 1].seq, cp });
  }
  const items = recs.map(toItem);
  if (wantsTable(ctx.req)) return { ...table(items, String(rv), ctx), metadata };
  return { kind: 'AuditEventList', apiVersion: `${AUDIT_GROUP}/v1`, metadata, items };
}

function watch(ctx: RequestContext, deps: AuditApiDeps): Served {
  const { auditor } = deps;
  const store = auditor.store;
  const q = parseQuery(ctx);
  const from = resourceVersionParam(ctx.query);
  const asTable = wantsTable(ctx.req);
  const match = (r: AuditRecord) => !q.nothing && matchesConditions(r.columns, q.conditions) && (q.since === undefined || r.ts >= q.since) && (q.until === undefined || r.ts <= q.until);
  const line = (r: AuditRecord): string | undefined => {
    if (!match(r)) return undefined;
    const item = toItem(r);
    return watchLine('ADDED', asTable ? table([item], String(r.seq), ctx) : item);
  };
  // Events waiting in the read batch are committed first, so the watch starts after them.
  auditor.flush();
  return watching<AuditRecord>({
    kind: 'AuditEvent', apiVersion: `${AUDIT_GROUP}/v1`, bookmarkMs: deps.bookmarkMs,
    head: () => store.headSeq(),
    subscribe: (on) => auditor.subscribe((recs) => { for (const r of recs) on(r); }),
    rv: (r) => r.seq,
    line,
    // No replay without a resourceVersion (a watch starts at the newest event); with one, from the store in chunks.
    replay(_write, send) {
      let cursor = from ?? store.headSeq();
      if (cursor < store.checkpointSeq()) throw new GoneError(`too old resource version: ${cursor} (${store.checkpointSeq()})`);
      for (;;) {
        const recs = store.after(cursor, 500);
        for (const r of recs) {
          send(r);
          cursor = r.seq;
        }
        if (recs.length < 500 || ctx.res.writableEnded) return cursor;
      }
    },
  });
}

/** auditEvents is the storage of auditevents: list and watch; anything else is 405. */
export function auditEvents(deps: AuditApiDeps): ResourceStorage {
  return {
    async serve(ctx) {
      const { info } = ctx;
      if (info.name || info.subresource) throw methodNotAllowed('auditevents can only be listed and watched; select one with --field-selector metadata.name=<auditID>');
      if (info.verb === 'list') return ok(list(ctx, deps));
      if (info.verb === 'watch') return watch(ctx, deps);
      throw methodNotAllowed('auditevents are read-only: list or watch them');
    },
  };
}
