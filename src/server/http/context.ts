import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../authn/user';
import type { RequestInfo } from './request-info';

/**
 * RequestContext carries one request through the filter chain. Filters fill it in order:
 * requestInfo → authenticate (user) → audit (auditID, annotations) → authorize → handler.
 */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: URLSearchParams;
  info: RequestInfo;
  received: Date;
  auditID: string;
  user: UserInfo;
  /** impersonator is the real user when the request is impersonated. */
  impersonator?: UserInfo;
  /** authMethod tells how the user authenticated (cookie requests get CSRF checks). */
  authMethod?: 'token' | 'session' | 'serviceaccount' | 'anonymous' | 'internal';
  annotations: Record<string, string>;
  warnings: string[];
  /** requestObject/responseObject are recorded by audit at RequestResponse level (never for secrets). */
  requestObject?: unknown;
  responseObject?: unknown;
  /** requestText is the raw body as text, kept by the registry's writes (never logged or audited). */
  requestText?: string;
  responseCode?: number;
  responseStatus?: { code: number; status?: string; reason?: string; message?: string };
  /** long is true for watches, which audit records when they end. */
  long?: boolean;
  /**
   * deferEnd, when set (by the audit filter, for writes), takes the call that ends the response and
   * makes it once the request's audit event is committed, so no write is acknowledged unrecorded.
   */
  deferEnd?: (end: () => void) => void;
}

/** Handler serves one request after the filters ran. */
export type Handler = (ctx: RequestContext) => Promise<void>;

/** Filter wraps a handler (STYLE §6): `withX(next)`. */
export type Filter = (next: Handler) => Handler;
