// The audit sink of connect mode: kube-apiserver's audit webhook backend POSTs `audit.k8s.io/v1`
// EventLists here, and they go into Gatehouse's audit store, where the console's Audit view and the
// auditevents API read them. Two things are resolved on the way in, exactly as in embedded mode:
//   - a request Gatehouse proxied (user = Gatehouse's identity, impersonatedUser = the person) is the
//     person's: Gatehouse is a proxy, not an actor. A "view as" request (the extra
//     gatehouse.dev/signed-in-user) is the signed-in person's, impersonating the viewed user;
//   - the originating human of a service account's request is the creator of the pod its token is
//     bound to (annotation audit.gatehouse.dev/originating-user), read from the mirror;
//   - a dry-run write (dryRun=All in its requestURI) gets audit.gatehouse.dev/dry-run: "true".

import { timingSafeEqual } from 'node:crypto';
import type { AuditEvent } from '../../shared/api/audit';
import { AUDIT_ANNOTATIONS } from '../../shared/api/audit';
import { isDryRunQuery } from '../http/dry-run';
import { originatingUser } from '../audit/originating-user';
import type { AuditBackend } from '../audit/auditor';
import type { Store } from '../storage/store';
import { SIGNED_IN_USER_EXTRA } from './proxy';

/** AUDIT_SINK_PATH is where the cluster's audit webhook sends its batches. */
export const AUDIT_SINK_PATH = '/connect/audit';
/** PROXIED_BY is the annotation naming the identity that carried a proxied request. */
export const PROXIED_BY = 'connect.gatehouse.dev/proxied-by';

/** attribute rewrites one cluster event for Gatehouse's trail (see the file comment). */
export function attribute(ev: AuditEvent, gatehouseUser: string, store: Store): AuditEvent {
  const out: AuditEvent = { ...ev, annotations: { ...(ev.annotations ?? {}) } };
  const imp = ev.impersonatedUser;
  if (ev.user?.username === gatehouseUser && imp?.username) {
    const viewer = imp.extra?.[SIGNED_IN_USER_EXTRA]?.[0];
    out.annotations![PROXIED_BY] = gatehouseUser;
    if (viewer) out.user = { username: viewer, groups: [] };
    else {
      out.user = imp;
      delete out.impersonatedUser;
    }
  }
  // The cluster's events say a dry run only in the requestURI: mark it, as embedded mode does.
  if (['create', 'update', 'patch', 'delete', 'deletecollection'].includes(ev.verb) && isDryRunQuery(new URLSearchParams((ev.requestURI ?? '').split('?')[1] ?? ''))) {
    out.annotations![AUDIT_ANNOTATIONS.dryRun] = 'true';
  }
  const by = out.user ? originatingUser(store, { username: out.user.username ?? '', groups: out.user.groups ?? [], extra: out.user.extra }) : undefined;
  if (by) out.annotations![AUDIT_ANNOTATIONS.originatingUser] = by;
  return out;
}

/** checkSinkToken compares the bearer token in constant time. */
export function checkSinkToken(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * isBookkeeping is true for Gatehouse's own reads on its own behalf (the mirror's lists and watches,
 * the SubjectAccessReviews that answer admission and the console's questions): they are how Gatehouse
 * works, not anything a person did, and would drown the trail. Anything it does while impersonating
 * someone is kept, and so would any write of its own (it makes none).
 */
export function isBookkeeping(ev: AuditEvent, gatehouseUser: string): boolean {
  if (ev.user?.username !== gatehouseUser || ev.impersonatedUser) return false;
  const readOnly = ['get', 'list', 'watch'].includes(ev.verb ?? '');
  const review = ev.verb === 'create' && ev.objectRef?.apiGroup === 'authorization.k8s.io' && /accessreviews$/.test(ev.objectRef?.resource ?? '');
  return readOnly || review;
}

/** ingest stores a batch (durably) and returns how many events it took. */
export function ingest(body: any, gatehouseUser: string, store: Store, backend: AuditBackend): number {
  const items: AuditEvent[] = Array.isArray(body?.items) ? body.items : [];
  let n = 0;
  for (const ev of items) {
    if (ev?.stage !== 'ResponseComplete' && ev?.stage !== 'Panic') continue;
    if (isBookkeeping(ev, gatehouseUser)) continue;
    backend.process(attribute(ev, gatehouseUser, store), true);
    n += 1;
  }
  return n;
}
