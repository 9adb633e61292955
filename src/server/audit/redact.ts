// What an event may carry of a request or response body. The policy ceiling already keeps secrets,
// tokens and passwords at Metadata (no body at all); this is the second line: any body that does
// reach an event is copied with secret material removed wherever it appears — a Secret's `data` and
// `stringData` (also inside lists and watch-style wrappers), a TokenRequest's `status.token`, a
// TokenReview's `spec.token`, and any field named like a password or token.

/** REDACTED replaces a removed value (the key stays, so readers see that something was there). */
export const REDACTED = '[redacted]';

const SECRET_FIELD = /^(password|currentPassword|newPassword|token|accessToken|refreshToken|idToken|bearerToken|clientSecret|privateKey)$/i;

function redactMap(m: unknown): unknown {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return REDACTED;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(m).sort()) out[k] = REDACTED;
  return out;
}

/**
 * redactBody returns a deep copy of `v` without secret values: Secret data/stringData keep their
 * keys with the value `[redacted]`; token and password fields become `[redacted]`. The copy's keys are
 * sorted (what canonicalJSON needs). Never mutates `v`.
 */
export function redactBody(v: unknown, depth = 0): unknown {
  if (depth > 64) return REDACTED;
  if (Array.isArray(v)) return v.map((x) => redactBody(x, depth + 1));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const isSecret = o.kind === 'Secret' || o.kind === 'SecretList';
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) {
    const x = o[k];
    if (isSecret && (k === 'data' || k === 'stringData')) out[k] = redactMap(x);
    else if (SECRET_FIELD.test(k) && x !== null && x !== undefined) out[k] = REDACTED;
    else out[k] = redactBody(x, depth + 1);
  }
  return out;
}

// Values their builder made with sorted keys at every level (the audit filter's events, whose bodies
// come from redactBody): canonicalJSON need not walk them to check.
const builtSorted = new WeakSet<object>();

/**
 * builtCanonical marks a value its builder made with keys sorted at every level (filter.test.ts checks
 * the audit filter's events are), so canonicalJSON serializes it without checking. Returns it.
 */
export function builtCanonical<T extends object>(v: T): T {
  builtSorted.add(v);
  return v;
}

/**
 * canonicalJSON serializes like JSON.stringify (undefined dropped) but with object keys sorted at
 * every level and no whitespace, so equal events hash equally whatever order their keys were set in.
 */
export function canonicalJSON(v: unknown): string {
  if (v !== null && typeof v === 'object' && builtSorted.has(v)) return JSON.stringify(v);
  // Events are built sorted: then plain JSON.stringify is canonical, and much faster than a replacer.
  return (isSortedDeep(v, 0) ? JSON.stringify(v) : JSON.stringify(v, sortKeys)) ?? 'null';
}

function isSortedDeep(v: unknown, depth: number): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (depth > 64) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!isSortedDeep(x, depth + 1)) return false;
    return true;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i - 1] > keys[i]) return false;
    if (!isSortedDeep((v as Record<string, unknown>)[keys[i]], depth + 1)) return false;
  }
  return true;
}

function sortKeys(_key: string, val: unknown): unknown {
  if (val === null || typeof val !== 'object' || Array.isArray(val)) return val;
  const keys = Object.keys(val);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] <= keys[i];
  if (sorted) return val;
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (val as Record<string, unknown>)[k];
  return out;
}
