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
