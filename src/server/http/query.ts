import { badRequest } from './status';

/**
 * parseLimit reads the `limit` query parameter of a list: a non-negative integer (an int64 upstream; we
 * take up to 18 digits). Absent or empty is 0 (no limit); anything else is a 400 naming the parameter.
 */
export function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return 0;
  if (!/^\d{1,18}$/.test(raw)) throw badRequest(`invalid value for query parameter "limit": ${JSON.stringify(raw.slice(0, 40))}: must be a non-negative integer`);
  return Number(raw);
}

/**
 * encodeContinue makes a list's `continue` token: opaque to clients (base64url JSON `{v: 1, ...state}`),
 * carrying whatever the list needs to resume (where the next page starts, the snapshot revision...).
 */
export function encodeContinue(state: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...state })).toString('base64url');
}

/**
 * decodeContinue reads a token made by encodeContinue; `read` checks the fields and returns the state
 * (or undefined). A token that is not base64url JSON, or that `read` refuses, is the upstream 400.
 */
export function decodeContinue<T>(token: string, read: (v: Record<string, unknown>) => T | undefined): T {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const out = v !== null && typeof v === 'object' && !Array.isArray(v) ? read(v as Record<string, unknown>) : undefined;
    if (out !== undefined) return out;
  } catch { /* fall through */ }
  throw badRequest('continue key is not valid: the continue token is malformed');
}

/** Page is a list request's paging: `limit` (0 = all) and the decoded `continue` state, if any. */
export interface Page<T> { limit: number; from?: T }

/** parsePage reads `limit` and `continue` of a list request (each a 400 naming it when malformed). */
export function parsePage<T>(query: URLSearchParams, read: (v: Record<string, unknown>) => T | undefined): Page<T> {
  const limit = parseLimit(query.get('limit'));
  const token = query.get('continue');
  return { limit, ...(token ? { from: decodeContinue(token, read) } : {}) };
}
