// The audit filters (STYLE §6; k8s.io/apiserver endpoints/filters/audit.go and
// authn_audit.go). As upstream, `withAudit` sits right after authentication and before
// impersonation: the policy is evaluated for the authenticated user, and the event records
// `user` = the authenticated user and `impersonatedUser` = whom they acted as.
//
// One event per request (RequestReceived is never emitted):
//   - ResponseComplete: for a write when the handler ends the response, committed before the
//     response is released (durable); for anything else once the response finished (a watch: when
//     it ends);
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
import { isDryRunQuery, markDryRun } from '../http/dry-run';
import { ApiError } from '../http/status';
import type { AuditBackend } from './auditor';
import { levelAtLeast, levelCeiling, type AuditChecker, type RequestAuditConfig } from './policy';
import { builtCanonical, redactBody } from './redact';

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

let mtSecond = -1;
let mtPrefix = '';

/** microTime renders metav1.MicroTime (RFC 3339 with microseconds; JavaScript has milliseconds). */
export function microTime(d: Date): string {
  const ms = d.getTime();
  const sec = Math.floor(ms / 1000);
  // toISOString is slow-ish; its first 19 characters change once a second.
  if (sec !== mtSecond) { mtSecond = sec; mtPrefix = d.toISOString().slice(0, 19); }
  const frac = ms - sec * 1000;
  return `${mtPrefix}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}000Z`;
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

// Events are built with their keys in sorted order (and bodies come sorted out of redactBody), so
// the store's canonicalJSON finds them canonical already and need not copy them.

function auditUser(u: UserInfo | undefined): AuditUser {
  if (!u || !u.username) return {};
  const out: AuditUser = {};
  if (u.extra) {
    const keys = Object.keys(u.extra);
    if (keys.length) {
      const extra: Record<string, string[]> = {};
      for (const k of keys.sort()) extra[k] = [...u.extra[k]];
      out.extra = extra;
    }
  }
  if (u.groups.length) out.groups = [...u.groups];
  if (u.uid) out.uid = u.uid;
  out.username = u.username;
  return out;
}

function nameOf(o: unknown): string | undefined {
  const n = (o as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  return typeof n === 'string' && n ? n : undefined;
}

/** WITHHELD replaces a Status message the event of a sensitive request must not carry. */
export const WITHHELD = 'message withheld from the audit trail: it may quote the request body';

/**
 * Recording follows one request from withAudit (or the failed-authentication filter) to the end of
 * its response, and records its event exactly once. A write's event is recorded when the handler
 * ends its response (ctx.deferEnd, called by writeJSON): the backend commits it, then lets the
 * response go. Any other event is recorded when the response has finished ('finish'), or when the
 * client went away ('close'). The response object itself is never patched (that costs every
 * request: Node's internals slow down on responses with a replaced method).
 */
class Recording {
  /** sensitive requests (secrets, tokens, passwords, /auth/) never carry a body or body-quoting message. */
  readonly sensitive: boolean;
  readonly info: RequestInfo;
  readonly durable: boolean;
  panicked = false;
  private entryUser: UserInfo;
  private origin: string | undefined;
  private done = false;

  constructor(private readonly ctx: RequestContext, private readonly deps: AuditDeps, private readonly cfg: RequestAuditConfig, attrs: Attributes, readonly failedAuthn: boolean) {
    this.sensitive = levelCeiling(attrs) !== 'RequestResponse';
    this.info = ctx.info;
    this.entryUser = ctx.user;
    this.durable = DURABLE_METHODS.has(ctx.req.method ?? 'GET');
    if (!failedAuthn) {
      try { this.origin = deps.originatingUser(ctx.user); } catch (err) { deps.onError?.(err, 'resolving the originating user'); }
    }
    if (this.durable) {
      ctx.deferEnd = this.deferEnd.bind(this);
      // Marked here, not only where the registry reads it, so a dry run refused before the registry
      // (authorization, admission of a body it never parsed) is recorded as a dry run too.
      if (isDryRunQuery(ctx.query)) markDryRun(ctx);
    }
    const after = this.finish.bind(this, undefined);
    ctx.res.once('finish', after);
    ctx.res.once('close', after);
  }

  private deferEnd(end: () => void): void {
    // A write response not ended through deferEnd (none today) is recorded at 'finish', committed at once.
    if (!this.finish(end)) end();
  }

  /** finish records the event, handing `release` to the backend; false when it did not take it. */
  private finish(release: (() => void) | undefined): boolean {
    if (this.done) return false;
    this.done = true;
    const stage: AuditStage = this.panicked ? 'Panic' : this.failedAuthn ? 'ResponseStarted' : 'ResponseComplete';
    if (this.cfg.omitStages.includes(stage)) return false;
    try {
      // Login sets ctx.user during the request: the event names whoever signed in, so resolve again.
      const real = this.ctx.impersonator ?? this.ctx.user;
      if (!this.failedAuthn && real !== this.entryUser) { this.origin = this.deps.originatingUser(real); this.entryUser = real; }
      this.deps.backend.process(this.event(stage, this.deps.now ? this.deps.now() : new Date()), this.durable, release);
      return true;
    } catch (err) {
      this.deps.onError?.(err, 'recording an audit event');
      return false;
    }
  }

  /** event builds the audit.k8s.io/v1 Event, keys in sorted order at every level. */
  private event(stage: AuditStage, now: Date): AuditEvent {
    const { ctx, info, cfg } = this;
    const { req, res } = ctx;
    const real = this.failedAuthn ? undefined : ctx.impersonator ?? ctx.user;
    const ev: Partial<AuditEvent> = {};
    const keys = Object.keys(ctx.annotations);
    if (keys.length || this.origin) {
      const annotations: Record<string, string> = {};
      if (this.origin) keys.push(AUDIT_ANNOTATIONS.originatingUser);
      for (const k of keys.sort()) annotations[k] = k === AUDIT_ANNOTATIONS.originatingUser && this.origin ? this.origin : ctx.annotations[k];
      ev.annotations = annotations;
    }
    ev.apiVersion = 'audit.k8s.io/v1';
    ev.auditID = ctx.auditID;
    if (!this.failedAuthn && ctx.impersonator) ev.impersonatedUser = auditUser(ctx.user);
    ev.kind = 'Event';
    ev.level = cfg.level;
    if (info.isResourceRequest) {
      const ref: NonNullable<AuditEvent['objectRef']> = {};
      if (info.apiGroup) ref.apiGroup = info.apiGroup;
      if (info.apiVersion) ref.apiVersion = info.apiVersion;
      const name = info.name || (info.verb === 'create' ? nameOf(ctx.responseObject) ?? nameOf(ctx.requestObject) : undefined);
      if (name) ref.name = name;
      if (info.namespace) ref.namespace = info.namespace;
      ref.resource = info.resource;
      if (info.subresource) ref.subresource = info.subresource;
      ev.objectRef = ref;
    }
    // Bodies only at Request/RequestResponse (the policy ceiling keeps secrets, tokens and passwords at
    // Metadata), and never with secret material in them.
    if (!this.sensitive && levelAtLeast(cfg.level, 'Request') && ctx.requestObject !== undefined) ev.requestObject = redactBody(ctx.requestObject, cfg.omitManagedFields && info.verb !== 'patch');
    ev.requestReceivedTimestamp = microTime(ctx.received);
    ev.requestURI = req.url ?? '/';
    if (!this.sensitive && levelAtLeast(cfg.level, 'RequestResponse') && ctx.responseObject !== undefined) ev.responseObject = redactBody(ctx.responseObject, cfg.omitManagedFields);
    const code = ctx.responseStatus?.code ?? ctx.responseCode ?? (res.headersSent ? res.statusCode : undefined);
    if (stage === 'Panic') {
      ev.responseStatus = { code: 500, message: "APIServer panic'd: the handler failed unexpectedly", metadata: {}, reason: 'InternalError', status: 'Failure' };
    } else if (ctx.responseStatus && ctx.responseStatus.code >= 300) {
      const s = ctx.responseStatus;
      // A decoding or validation error may quote the body (Node's JSON.parse does): for a secret, token or
      // password request only messages that cannot (401, 403, 404, 409...) are kept.
      const message = this.sensitive && (s.code === 400 || s.code === 422 || s.code >= 500) ? WITHHELD : s.message;
      const rs: NonNullable<AuditEvent['responseStatus']> = { code: s.code };
      if (message) rs.message = message;
      rs.metadata = {};
      if (s.reason) rs.reason = s.reason;
      if (s.status) rs.status = s.status;
      ev.responseStatus = rs;
    } else if (code !== undefined) {
      ev.responseStatus = { code, metadata: {} };
    }
    ev.sourceIPs = sourceIPs(req);
    ev.stage = stage;
    ev.stageTimestamp = microTime(now);
    ev.user = auditUser(real);
    const ua = req.headers['user-agent'];
    if (ua) ev.userAgent = ua;
    ev.verb = info.verb;
    return builtCanonical(ev as AuditEvent);
  }
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
    const attrs = auditAttributes(ctx, ctx.user);
    const cfg = deps.checker.evaluate(attrs);
    if (cfg.level === 'None') return next(ctx);
    const r = new Recording(ctx, deps, cfg, attrs, false);
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
        const attrs = auditAttributes(ctx, { username: '', groups: [] });
        const cfg = safe(deps, () => deps.checker.evaluate(attrs), 'evaluating the audit policy');
        if (cfg && cfg.level !== 'None') {
          const r = new Recording(ctx, deps, cfg, attrs, true);
          if (!(err instanceof ApiError)) r.panicked = true;
        }
      }
      throw err;
    }
  };
}
