import type { Status } from '../../shared/api/meta';
import { setViewAs, viewAsUser } from './view-as';

// The one way the SPA talks to the API (STYLE §10). Every request carries the CSRF header and
// same-origin credentials; every failure becomes an ApiError with a message a person can read.

/** CSRF_HEADER is sent on every request; the server refuses cookie-authenticated writes without it (a cross-site form cannot set it). */
export const CSRF_HEADER = { name: 'X-Gatehouse-Request', value: '1' } as const;

/**
 * ApiError is every failed API call: `status` is the HTTP code (0 when the server could not be
 * reached), `reason` the Kubernetes Status reason (`Forbidden`, `NotFound`, `Expired`...),
 * `message` a readable sentence, and `namespace` the namespace the request was about, if any.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly reason: string;
  readonly namespace?: string;
  /** details are the Status details (causes name the invalid fields). */
  readonly details?: Status['details'];
  /** retryAfterSeconds comes from `Retry-After` or the Status details on 429/503. */
  readonly retryAfterSeconds?: number;

  constructor(init: { status: number; reason: string; message: string; namespace?: string; details?: Status['details']; retryAfterSeconds?: number }) {
    super(init.message);
    this.status = init.status;
    this.reason = init.reason;
    this.namespace = init.namespace;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** isApiError narrows an unknown error, optionally to one HTTP status. */
export function isApiError(err: unknown, status?: number): err is ApiError {
  return err instanceof ApiError && (status === undefined || err.status === status);
}

/** errorMessage renders any thrown value as a sentence for the UI. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}

/**
 * fieldMessage picks what a refusal says about `field` (Status details.causes, on a 422 or a 403 that
 * names its field), else the whole message.
 */
export function fieldMessage(err: unknown, field: string): string {
  if (isApiError(err)) {
    const causes = (err.details?.causes ?? []).filter((c) => c.field === field).map((c) => c.message);
    if (causes.length) return causes.join('; ');
  }
  return errorMessage(err);
}

/** hasFieldCause tells whether a refusal names `field` among its causes. */
export function hasFieldCause(err: unknown, field: string): boolean {
  return isApiError(err) && (err.details?.causes ?? []).some((c) => c.field === field);
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The server could not understand the request.',
  401: 'You are not signed in.',
  403: 'You do not have permission to do that.',
  404: 'The requested resource was not found.',
  409: 'Someone else changed this object; reload and try again.',
  410: 'The list changed too much to follow; reloading.',
  422: 'The object is invalid.',
  429: 'Too many requests; wait a moment and try again.',
};

const REASONS: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict',
  410: 'Gone', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
};

function isStatus(v: unknown): v is Partial<Status> {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

/** namespaceOf reads the namespace out of a Kubernetes API path (`/api/v1/namespaces/<ns>/...`). */
export function namespaceOf(path: string): string | undefined {
  const m = /^\/apis?\/(?:[^/]+\/)?v[^/]+\/namespaces\/([^/?]+)\/[^?]/.exec(path);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** sentence capitalises a Kubernetes message (`pods "x" not found` → `Pods "x" not found`) for display. */
function sentence(message: string | undefined): string | undefined {
  const m = message?.trim();
  return m ? m[0].toUpperCase() + m.slice(1) : undefined;
}

/**
 * toApiError turns an HTTP status and (possibly empty or non-JSON) body into an ApiError, preferring
 * the Kubernetes Status message. 5xx messages are generic on purpose: the server hides internals.
 */
export function toApiError(status: number, body: unknown, opts: { namespace?: string; retryAfter?: string | null } = {}): ApiError {
  const s = isStatus(body) ? body : undefined;
  const headerRetry = opts.retryAfter && /^\d+$/.test(opts.retryAfter) ? Number(opts.retryAfter) : undefined;
  const retryAfterSeconds = headerRetry ?? s?.details?.retryAfterSeconds;
  let message = sentence(s?.message) || FALLBACK_MESSAGES[status] || (status >= 500
    ? `The server had a problem (HTTP ${status}). Try again in a moment.`
    : `The request failed (HTTP ${status}).`);
  if (status === 429 && retryAfterSeconds !== undefined && !/\d+\s*s/.test(message)) message = `${message.replace(/\.$/, '')}. Try again in ${retryAfterSeconds} s.`;
  return new ApiError({ status, reason: s?.reason || REASONS[status] || 'Unknown', message, namespace: opts.namespace, details: s?.details, retryAfterSeconds });
}

type UnauthorizedHandler = () => void;
let unauthorizedHandler: UnauthorizedHandler | undefined;

/**
 * setUnauthorizedHandler registers what happens when any request answers 401 (the app sends the
 * person to the sign-in page, remembering where they were). Returns a function that unregisters it.
 */
export function setUnauthorizedHandler(fn: UnauthorizedHandler): () => void {
  unauthorizedHandler = fn;
  return () => { if (unauthorizedHandler === fn) unauthorizedHandler = undefined; };
}

/** RequestOptions tune one call of `apiFetch`. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** body is sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** on401 `throw` skips the sign-in redirect (the login form itself, where 401 means "wrong password"). */
  on401?: 'redirect' | 'throw';
  /** headers are set last, so they override the defaults (e.g. a patch Content-Type, or Impersonate-User for one question). */
  headers?: Record<string, string>;
  /** asSelf sends the request as the signed-in person even during "view as" (e.g. to say who they are). */
  asSelf?: boolean;
}

/** withQuery appends defined query parameters to a path. */
export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/**
 * apiFetch is the single fetch wrapper: same-origin credentials, the CSRF header, JSON bodies, and an
 * ApiError for every non-2xx answer or network failure. It resolves to the Response so that callers
 * that stream (watch) can read the body themselves. An aborted request rejects with the AbortError.
 */
export async function apiFetch(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers = new Headers({ [CSRF_HEADER.name]: CSRF_HEADER.value, Accept: 'application/json' });
  if (opts.body !== undefined) headers.set('Content-Type', 'application/json');
  // "View as" (lib/view-as): every API request acts as the chosen user. Signing in or out is always
  // one's own, and ends any view-as, so the next person in this tab starts as themselves.
  if (path.startsWith('/auth/')) {
    if (path.startsWith('/auth/login') || path.startsWith('/auth/logout')) setViewAs(undefined);
  } else if (!opts.asSelf) {
    const viewAs = viewAsUser();
    if (viewAs) headers.set('Impersonate-User', viewAs);
  }
  for (const [k, v] of Object.entries(opts.headers ?? {})) headers.set(k, v);
  const url = withQuery(path, opts.query);
  const namespace = namespaceOf(path);
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new ApiError({ status: 0, reason: 'NetworkError', message: 'Cannot reach the Gatehouse server. Check your connection and try again.', namespace });
  }
  if (res.ok) return res;
  let body: unknown;
  try { body = await res.json(); } catch { body = undefined; }
  const err = toApiError(res.status, body, { namespace, retryAfter: res.headers.get('Retry-After') });
  if (res.status === 401 && opts.on401 !== 'throw') unauthorizedHandler?.();
  throw err;
}

/** apiRequest calls apiFetch and parses the JSON answer (undefined for an empty body); `parse` validates it at the edge. */
export async function apiRequest<T = unknown>(path: string, opts: RequestOptions & { parse?: (v: unknown) => T } = {}): Promise<T> {
  const res = await apiFetch(path, opts);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError({ status: res.status, reason: 'InvalidResponse', message: 'The server sent an answer the console could not read.', namespace: namespaceOf(path) });
  }
  return opts.parse ? opts.parse(json) : (json as T);
}
