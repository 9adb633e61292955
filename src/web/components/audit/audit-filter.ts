import { changesSelectorTerms } from '../../../shared/api/audit-changes';
import { findResource, toPath } from '../../../shared/api/resources';
import { serviceAccountUser } from '../../utils/subjects';

// The audit timeline's filters, kept in the URL (so a filtered view can be shared), and how they map
// onto the auditevents API: fieldSelector terms (user.username, originatingUser, verb,
// objectRef.resource, objectRef.namespace, objectRef.name, decision, dryRun) and since/until (RFC 3339).
// The timeline opens on "changes" (shared/api/audit-changes); `view=all` shows every request.

/** AUDIT_FILTER_FIELDS are the filter names, as they appear in the URL's query string. */
export const AUDIT_FILTER_FIELDS = ['view', 'user', 'originatingUser', 'serviceAccount', 'namespace', 'verb', 'resource', 'name', 'decision', 'since', 'until', 'checks'] as const;

/** AuditFilterField is one filter name. */
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];

/**
 * AuditFilter narrows the timeline. `view` is `all` for every request (reads, dry runs...), else the
 * timeline shows changes only (see CHANGES); `serviceAccount` is `<namespace>/<name>` (it becomes the
 * service account's username); `decision` is `allow` or `forbid`; `since`/`until` are RFC 3339 times;
 * `checks` is `show` to include permission checks (see PERMISSION_CHECKS) in the `all` view.
 */
export type AuditFilter = Partial<Record<AuditFilterField, string>>;

/** AuditScope is what the reader may see: everything, one namespace, and/or only what they originated. */
export interface AuditScope {
  /** namespace lists the namespaced collection (events whose objectRef is in it). */
  namespace?: string;
  /** mine pins originatingUser to this username (everyone may read what they originated). */
  mine?: string;
}

/** LIST_AUDIT_EVENTS is the permission to list audit events (of a namespace, or cluster-wide). */
export const LIST_AUDIT_EVENTS = { verb: 'list', group: 'audit.gatehouse.dev', resource: 'auditevents' } as const;

/** auditEvents is the shared descriptor the audit URLs are built from. */
export const auditEvents = findResource('audit.gatehouse.dev', 'auditevents')
  ?? { group: 'audit.gatehouse.dev', version: 'v1', resource: 'auditevents', namespaced: true };

/** filterFromParams reads the filters out of a query string, ignoring blanks and unknown keys. */
export function filterFromParams(params: URLSearchParams): AuditFilter {
  const f: AuditFilter = {};
  for (const k of AUDIT_FILTER_FIELDS) {
    const v = params.get(k)?.trim();
    if (v) f[k] = v;
  }
  return f;
}

/** filterToParams writes the set filters into a query string (blank ones are left out). */
export function filterToParams(f: AuditFilter): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of AUDIT_FILTER_FIELDS) {
    const v = f[k]?.trim();
    if (v) p.set(k, v);
  }
  return p;
}

/** auditHref links to the timeline (cluster-wide, or of `namespace`) with `f` applied. */
export function auditHref(f: AuditFilter, namespace?: string): string {
  const base = namespace ? `/ns/${encodeURIComponent(namespace)}/audit` : '/audit';
  const q = filterToParams(f).toString();
  return q ? `${base}?${q}` : base;
}

/**
 * PERMISSION_CHECKS are the review resources every console tab posts to on its own (the nav asks what
 * the person may do every 30 s). They would drown what people did, so the timeline leaves them out
 * unless asked (`checks=show`) or filtered for by resource.
 */
export const PERMISSION_CHECKS = ['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews'];

/** isChangesView is true unless the filter asks for everything (`view=all`); changes are changesSelectorTerms. */
export const isChangesView = (f: AuditFilter) => f.view !== 'all';

// Field selectors have no escaping: a comma would start a new term, so values never carry one.
const clean = (v: string) => v.replace(/,/g, '').trim();

/**
 * fieldSelectorOf renders the filters (and the scope's "mine") as an auditevents fieldSelector.
 * In "mine" scope the originating user is always the reader.
 */
export function fieldSelectorOf(f: AuditFilter, scope: AuditScope = {}): string {
  const terms: string[] = [];
  const add = (field: string, v: string | undefined) => { if (v && clean(v)) terms.push(`${field}=${clean(v)}`); };
  add('user.username', f.user);
  if (f.serviceAccount) {
    const [ns, name] = f.serviceAccount.includes('/') ? f.serviceAccount.split('/', 2) : [scope.namespace ?? f.namespace ?? '', f.serviceAccount];
    if (ns && name) add('user.username', serviceAccountUser(ns, name));
  }
  add('originatingUser', scope.mine ?? f.originatingUser);
  add('verb', f.verb);
  add('objectRef.resource', f.resource);
  if (!scope.namespace) add('objectRef.namespace', f.namespace);
  add('objectRef.name', f.name);
  if (f.decision === 'allow' || f.decision === 'forbid') add('decision', f.decision);
  if (isChangesView(f)) {
    terms.push(...changesSelectorTerms({ verb: !!f.verb, resource: !!f.resource }));
  } else if (f.checks !== 'show' && !f.resource) {
    for (const r of PERMISSION_CHECKS) terms.push(`objectRef.resource!=${r}`);
  }
  return terms.join(',');
}

/** auditListRequest is the path and query to list the events matching `f` in `scope`. */
export function auditListRequest(f: AuditFilter, scope: AuditScope = {}): { path: string; query: Record<string, string | undefined> } {
  const fieldSelector = fieldSelectorOf(f, scope);
  return {
    path: toPath(auditEvents, scope.namespace),
    query: { fieldSelector: fieldSelector || undefined, since: f.since || undefined, until: f.until || undefined },
  };
}

/** toLocalInput renders an RFC 3339 time for a datetime-local input (local time, minutes). */
export function toLocalInput(rfc3339: string | undefined): string {
  if (!rfc3339) return '';
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** fromLocalInput reads a datetime-local value as RFC 3339 UTC (seconds precision); blank stays blank. */
export function fromLocalInput(local: string): string {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
