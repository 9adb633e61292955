// The audit filters (STYLE §6; k8s.io/apiserver endpoints/filters/audit.go and
// authn_audit.go). As upstream, `withAudit` sits right after authentication and before
// impersonation: the policy is evaluated for the authenticated user, and the event records
// `user` = the authenticated user and `impersonatedUser` = whom they acted as.
//
// One event per request (RequestReceived is never emitted):
//   - ResponseComplete, built when the handler ends the response — for writes synchronously before
//     the response bytes leave (durable), for a watch when the watch ends;
//   - Panic instead, when the handler threw something other than an ApiError (the client got a 500);
//   - ResponseStarted for a request refused by authentication, recorded by
//     `withFailedAuthenticationAudit` (placed before authentication) with an empty user, as
//     upstream's WithFailedAuthenticationAudit does.

import type { IncomingMessage } from 'node:http';
import type { AuditEvent, AuditStage, AuditUser } from '../../shared/api/audit';
import { AUDIT_ANNOTATIONS } from '../../shared/api/audit';
import type { UserInfo } from '../authn/user';
import type { Attributes } from '../authz/types';
import type { Filter, RequestContext } from '../http/context';
import type { RequestInfo } from '../http/request-info';
import { ApiError } from '../http/status';
import type { AuditBackend } from './auditor';
import { levelAtLeast, levelCeiling, type AuditChecker, type RequestAuditConfig } from './policy';
import { redactBody } from './redact';

/** AuditDeps are what the filters need: the policy, the backend and the originating-user resolver. */
export interface AuditDeps {
  checker: AuditChecker;
  backend: AuditBackend;
  originatingUser(user: UserInfo): string | undefined;
  onError?(err: unknown, what: string): void;
  now?(): Date;
}

/** DURABLE_METHODS are the methods whose event is committed before the response is sent. */
const DURABLE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Requests the audit filter has taken (even at level None), so the failed-authentication filter
// records only requests that never reached it.
const taken = new WeakSet<RequestContext>();

/** auditAttributes are the request attributes the policy is evaluated on (STYLE §7). */
export function auditAttributes(ctx: RequestContext, user: UserInfo): Attributes {
  const { info } = ctx;
  return {
    user, verb: info.verb, isResourceRequest: info.isResourceRequest, path: ctx.url.pathname, apiGroup: info.apiGroup,
    apiVersion: info.apiVersion, namespace: info.namespace, resource: info.resource, subresource: info.subresource, name: info.name,
  };
}

/** microTime renders metav1.MicroTime (RFC 3339 with microseconds). */
export function microTime(d: Date): string {
  const iso = d.toISOString(); // 2006-01-02T15:04:05.000Z
  return `${iso.slice(0, -1)}000Z`;
}

/** sourceIPs lists X-Forwarded-For, then X-Real-Ip, then the peer address, without repeats (upstream utilnet.SourceIPs). */
export function sourceIPs(req: IncomingMessage): string[] {
  const out: string[] = [];
  const fwd = req.headers['x-forwarded-for'];
  if (fwd) for (const part of (Array.isArray(fwd) ? fwd.join(',') : fwd).split(',')) addIP(out, part);
  const real = req.headers['x-real-ip'];
  if (real) addIP(out, Array.isArray(real) ? real[0] : real);
  addIP(out, req.socket?.remoteAddress);
  return out;
}

function addIP(out: string[], ip: string | undefined): void {
  let v = ip?.trim();
  if (!v) return;
  if (v.startsWith('::ffff:') && v.includes('.')) v = v.slice(7);
  if (!out.includes(v)) out.push(v);
}

function auditUser(u: UserInfo | undefined): AuditUser {
  if (!u || !u.username) return {};
  const out: AuditUser = { username: u.username };
  if (u.uid) out.uid = u.uid;
  if (u.groups.length) out.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length) out.extra = Object.fromEntries(Object.entries(u.extra).map(([k, v]) => [k, [...v]]));
  return out;
}

function nameOf(o: unknown): string | undefined {
  const n = (o as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  return typeof n === 'string' && n ? n : undefined;
}

/** WITHHELD replaces a Status message the event of a sensitive request must not carry. */
export const WITHHELD = 'message withheld from the audit trail: it may quote the request body';

interface Recording {
  /** sensitive requests (secrets, tokens, passwords, /auth/) never carry a body or body-quoting message. */
  sensitive: boolean;
  info: RequestInfo;
  cfg: RequestAuditConfig;
  failedAuthn: boolean;
  panicked: boolean;
  entryUser: UserInfo;
  origin: string | undefined;
}

function buildEvent(ctx: RequestContext, r: Recording, stage: AuditStage, now: Date): AuditEvent {
  const { info, cfg } = r;
  const { req, res } = ctx;
  const real = r.failedAuthn ? undefined : ctx.impersonator ?? ctx.user;
  const ev: AuditEvent = {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: cfg.level, auditID: ctx.auditID, stage,
    requestURI: req.url ?? '/', verb: info.verb, user: auditUser(real),
    requestReceivedTimestamp: microTime(ctx.received), stageTimestamp: microTime(now),
  };
  if (!r.failedAuthn && ctx.impersonator) ev.impersonatedUser = auditUser(ctx.user);
  ev.sourceIPs = sourceIPs(req);
  const ua = req.headers['user-agent'];
  if (ua) ev.userAgent = ua;
  if (info.isResourceRequest) {
    const ref: NonNullable<AuditEvent['objectRef']> = { resource: info.resource };
    if (info.namespace) ref.namespace = info.namespace;
    const name = info.name || (info.verb === 'create' ? nameOf(ctx.responseObject) ?? nameOf(ctx.requestObject) : undefined);
    if (name) ref.name = name;
    if (info.apiGroup) ref.apiGroup = info.apiGroup;
    if (info.apiVersion) ref.apiVersion = info.apiVersion;
    if (info.subresource) ref.subresource = info.subresource;
    ev.objectRef = ref;
  }
  const code = ctx.responseStatus?.code ?? ctx.responseCode ?? (res.headersSent ? res.statusCode : undefined);
  if (ctx.responseStatus && ctx.responseStatus.code >= 300) {
    const s = ctx.responseStatus;
    // A decoding or validation error may quote the body (Node's JSON.parse does): for a secret, token or
    // password request only messages that cannot (401, 403, 404, 409...) are kept.
    const message = r.sensitive && (s.code === 400 || s.code === 422 || s.code >= 500) ? WITHHELD : s.message;
    ev.responseStatus = { metadata: {}, code: s.code, ...(s.status ? { status: s.status } : {}), ...(s.reason ? { reason: s.reason } : {}), ...(message ? { message } : {}) };
  } else if (code !== undefined) {
    ev.responseStatus = { metadata: {}, code };
  }
  if (stage === 'Panic') ev.responseStatus = { metadata: {}, status: 'Failure', reason: 'InternalError', message: "APIServer panic'd: the handler failed unexpectedly", code: 500 };
  // Bodies only at Request/RequestResponse (the policy ceiling keeps secrets, tokens and passwords at
  // Metadata), and never with secret material in them.
  if (!r.sensitive && levelAtLeast(cfg.level, 'Request') && ctx.requestObject !== undefined) ev.requestObject = redactBody(ctx.requestObject);
  if (!r.sensitive && levelAtLeast(cfg.level, 'RequestResponse') && ctx.responseObject !== undefined) ev.responseObject = redactBody(ctx.responseObject);
  const annotations: Record<string, string> = { ...ctx.annotations };
  if (r.origin) annotations[AUDIT_ANNOTATIONS.originatingUser] = r.origin;
  if (Object.keys(annotations).length > 0) ev.annotations = annotations;
  return ev;
}

function startRecording(ctx: RequestContext, deps: AuditDeps, cfg: RequestAuditConfig, failedAuthn: boolean): Recording {
  const sensitive = levelCeiling(auditAttributes(ctx, ctx.user)) !== 'RequestResponse';
  const r: Recording = { sensitive, info: ctx.info, cfg, failedAuthn, panicked: false, entryUser: ctx.user, origin: undefined };
  if (!failedAuthn) {
    try { r.origin = deps.originatingUser(ctx.user); } catch (err) { deps.onError?.(err, 'resolving the originating user'); }
  }
  const durable = DURABLE_METHODS.has(ctx.req.method ?? 'GET');
  let done = false;
  // finish records the event; `release` (the real end of the response) is called once a durable
  // event is committed, or at once. It returns false when nothing took `release`.
  const finish = (release?: () => void): boolean => {
    if (done) return false;
    done = true;
    const stage: AuditStage = r.panicked ? 'Panic' : r.failedAuthn ? 'ResponseStarted' : 'ResponseComplete';
    if (cfg.omitStages.includes(stage)) return false;
    try {
      // Login sets ctx.user during the request: the event names whoever signed in, so resolve again.
      const real = ctx.impersonator ?? ctx.user;
      if (!r.failedAuthn && real !== r.entryUser) { r.origin = deps.originatingUser(real); r.entryUser = real; }
      deps.backend.process(buildEvent(ctx, r, stage, deps.now ? deps.now() : new Date()), durable, release);
      return true;
    } catch (err) {
      deps.onError?.(err, 'recording an audit event');
      return false;
    }
  };
  const { res } = ctx;
  const end = res.end;
  // Recording happens inside end(), before the response is flushed: a durable event is committed
  // before the client can see the write acknowledged (the backend calls the real end after the commit).
  let ended = false;
  res.end = ((...args: unknown[]) => {
    // A second end() (an error handler after a response was written) must not overtake the first,
    // which may be waiting for its event's commit; it would be a no-op anyway.
    if (ended) return res;
    ended = true;
    const release = () => { (end as (...a: unknown[]) => unknown).apply(res, args); };
    if (!finish(release)) release();
    return res;
  }) as typeof res.end;
  res.once('close', finish);
  return r;
}

function safe<T>(deps: AuditDeps, fn: () => T, what: string): T | undefined {
  try {
    return fn();
  } catch (err) {
    deps.onError?.(err, what);
    return undefined;
  }
}

/** withAudit records every request that reaches it at the level the policy gives (None: nothing). */
export function withAudit(deps: AuditDeps): Filter {
  return (next) => async (ctx) => {
    taken.add(ctx);
    const cfg = deps.checker.evaluate(auditAttributes(ctx, ctx.user));
    if (cfg.level === 'None') return next(ctx);
    const r = startRecording(ctx, deps, cfg, false);
    try {
      await next(ctx);
    } catch (err) {
      if (!(err instanceof ApiError)) r.panicked = true;
      throw err;
    }
  };
}

/**
 * withFailedAuthenticationAudit records requests that failed before withAudit took them — refused
 * by authentication (401, or a CSRF refusal of a cookie request) — at stage ResponseStarted with an
 * empty user, like upstream's WithFailedAuthenticationAudit. Place it before withAuthentication.
 */
export function withFailedAuthenticationAudit(deps: AuditDeps): Filter {
  return (next) => async (ctx) => {
    try {
      await next(ctx);
    } catch (err) {
      if (!taken.has(ctx)) {
        taken.add(ctx);
        const cfg = safe(deps, () => deps.checker.evaluate(auditAttributes(ctx, { username: '', groups: [] })), 'evaluating the audit policy');
        if (cfg && cfg.level !== 'None') {
          const r = startRecording(ctx, deps, cfg, true);
          if (!(err instanceof ApiError)) r.panicked = true;
        }
      }
      throw err;
    }
  };
}
