// What an event may carry of a request or response body. The policy ceiling already keeps secrets,
// tokens and passwords at Metadata (no body at all); this is the second line: any body that does
// reach an event is copied with secret material removed wherever it appears — a Secret's `data` and
// `stringData` (also inside lists and watch-style wrappers), a TokenRequest's `status.token`, a
// TokenReview's `spec.token`, and any field named like a password or token.

import { isRecord } from '../../shared/json';

/** REDACTED replaces a removed value (the key stays, so readers see that something was there). */
export const REDACTED = '[redacted]';

/** SECRET_FIELDS are the field names whose values are redacted wherever they appear, in any case. */
const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'refreshToken', 'idToken', 'bearerToken', 'clientSecret', 'privateKey'];
const SECRET_FIELD = new RegExp(`^(${SECRET_FIELDS.join('|')})$`, 'i');
// What a key must have to match, taken from the list: a length between the shortest and longest name's,
// and a last character that is a name's last one, folded to lower case as /i does for ASCII letters.
const SECRET_MIN = Math.min(...SECRET_FIELDS.map((n) => n.length));
const SECRET_MAX = Math.max(...SECRET_FIELDS.map((n) => n.length));
const SECRET_LAST = new Set(SECRET_FIELDS.map((n) => n.charCodeAt(n.length - 1) | 0x20));

/**
 * isSecretField is SECRET_FIELD.test(k), without running the pattern for keys of another length or
 * last letter than every secret name's: most of a body's keys.
 */
function isSecretField(k: string): boolean {
  if (k.length < SECRET_MIN || k.length > SECRET_MAX) return false;
  return SECRET_LAST.has(k.charCodeAt(k.length - 1) | 0x20) && SECRET_FIELD.test(k);
}

/**
 * sortedKeys is `Object.keys(o).sort()`: the same order (UTF-16 code units, as the default sort
 * compares strings), by insertion sort, which for the handful of keys of an API object's levels takes
 * half the time of Array.prototype.sort (a pod's bodies have some 60 objects to sort, per event).
 */
export function sortedKeys(o: object): string[] {
  const k = Object.keys(o);
  for (let i = 1; i < k.length; i++) {
    const x = k[i];
    let j = i - 1;
    while (j >= 0 && k[j] > x) {
      k[j + 1] = k[j];
      j--;
    }
    k[j + 1] = x;
  }
  return k;
}

function redactMap(m: unknown): unknown {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return REDACTED;
  const out: Record<string, unknown> = {};
  for (const k of sortedKeys(m)) out[k] = REDACTED;
  return out;
}


/**
 * redactBody returns a deep copy of `v` without secret values: Secret data/stringData keep their
 * keys with the value `[redacted]`; token and password fields become `[redacted]`. The copy's keys are
 * sorted (what canonicalJSON needs). Never mutates `v`. With `omitManagedFields` (the audit policy's),
 * the object's `metadata.managedFields` — each item's, for a list — is left out of the copy without
 * being walked, as upstream's audit removeManagedFields does.
 */
export function redactBody(v: unknown, omitManagedFields = false): unknown {
  if (!omitManagedFields || !isRecord(v)) return redactValue(v, 0);
  const list = typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
  return redactObject(v, 0, (k, x) => {
    if (k === 'metadata' && isRecord(x)) return withoutManagedFields(x, 1);
    if (k === 'items' && list) return (x as unknown[]).map((item) => (isRecord(item) ? redactObject(item, 2, (ik, ix) => (ik === 'metadata' && isRecord(ix) ? withoutManagedFields(ix, 3) : KEEP)) : redactValue(item, 2)));
    return KEEP;
  });
}

/** KEEP tells redactObject to copy a key as usual; SKIP, to leave it out. */
const KEEP = Symbol('keep');
const SKIP = Symbol('skip');

function withoutManagedFields(metadata: Record<string, unknown>, depth: number): Record<string, unknown> {
  return redactObject(metadata, depth, (k) => (k === 'managedFields' ? SKIP : KEEP));
}

function redactValue(v: unknown, depth: number): unknown {
  if (depth > 64) return REDACTED;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, depth + 1));
  if (!isRecord(v)) return v;
  return redactObject(v, depth);
}

/** redactObject is redactValue of an object; `special` may copy a key its own way (KEEP: as usual; SKIP: not at all). */
function redactObject(o: Record<string, unknown>, depth: number, special?: (k: string, x: unknown) => unknown): Record<string, unknown> {
  const isSecret = o.kind === 'Secret' || o.kind === 'SecretList';
  const out: Record<string, unknown> = {};
  for (const k of sortedKeys(o)) {
    const x = o[k];
    const own = special ? special(k, x) : KEEP;
    if (own === SKIP) continue;
    if (own !== KEEP) out[k] = own;
    else if (isSecret && (k === 'data' || k === 'stringData')) out[k] = redactMap(x);
    else if (isSecretField(k) && x !== null && x !== undefined) out[k] = REDACTED;
    else out[k] = redactValue(x, depth + 1);
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
