import type { Status, StatusCause } from '../../shared/api/meta';

/** ApiError is every expected failure; the error handler turns it into a metav1.Status with its code. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Status['details'],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  /** toStatus renders the wire Status. */
  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** qualifiedResource renders `pods` or `roles.rbac.authorization.k8s.io`, as Kubernetes messages do. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** notFound is 404 `pods "x" not found`. */
export function notFound(resource: string, group: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource });
}

/** alreadyExists is 409 `pods "x" already exists`. */
export function alreadyExists(resource: string, group: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, { name, group: group || undefined, kind: resource });
}

/** conflict is 409 Conflict for a stale resourceVersion. */
export function conflict(resource: string, group: string, name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`, { name, group: group || undefined, kind: resource });
}

/** invalid is 422 Invalid naming each bad field in `details.causes`. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const gk = group ? `${kind}.${group}` : kind;
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const msg = `${gk} "${name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`;
  return new ApiError(422, 'Invalid', msg, { name, group: group || undefined, kind, causes: causes.map((c) => ({ type: c.type ?? 'FieldValueInvalid', message: c.message, field: c.field })) });
}

/** badRequest is 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** forbidden is 403 Forbidden with an already-rendered message. */
export function forbidden(message: string, resource?: string, group?: string, name?: string): ApiError {
  return new ApiError(403, 'Forbidden', message, resource ? { name, group: group || undefined, kind: resource } : undefined);
}

/** unauthorized is 401 Unauthorized. */
export function unauthorized(message = 'Unauthorized'): ApiError {
  return new ApiError(401, 'Unauthorized', message);
}

/** gone is 410 Gone, for watches and continues older than the event window. */
export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

/** noRoute is upstream's 404 for a path no route serves (a subresource its resource lacks): it names no object. */
export function noRoute(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

/** methodNotAllowed is 405. */
export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): ApiError {
  return new ApiError(405, 'MethodNotAllowed', message);
}

/** tooManyRequests is 429 with Retry-After. */
export function tooManyRequests(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'TooManyRequests', message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
}

/** toApiError maps anything thrown to an ApiError; unexpected errors become a message-less 500 (never a stack). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(500, 'InternalError', 'Internal error occurred: the server could not complete the request');
}
