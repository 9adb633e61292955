import type { StatusCause } from '../../shared/api/meta';

// The rules upstream's ValidateConfigMap and ValidateSecret apply to the data of ConfigMaps and Secrets
// (k8s.io/apimachinery validation.IsConfigMapKey, core.MaxSecretSize): every key is at most 253
// characters of `[-._a-zA-Z0-9]`, not `.`, `..` or starting with `..`; a ConfigMap's key is in `data`
// or `binaryData`, not both; all values together are at most 1 MiB. Checked on every create and update
// (patches and applies end as one), in one pass over the keys.

/** MAX_DATA_BYTES is core.MaxSecretSize (also a ConfigMap's limit): 1 MiB of values in all. */
export const MAX_DATA_BYTES = 1024 * 1024;

/** MAX_KEY_CAUSES bounds how many bad keys one Status names (a body may hold hundreds of thousands). */
const MAX_KEY_CAUSES = 16;

const KEY_FORMAT = /^[-._a-zA-Z0-9]+$/;
const KEY_FORMAT_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** configMapKeyErrors is upstream's IsConfigMapKey: the reasons `key` cannot name a ConfigMap or Secret entry. */
export function configMapKeyErrors(key: string): string[] {
  const errs: string[] = [];
  // Go's len() counts bytes; a non-ASCII key fails the pattern anyway.
  if (Buffer.byteLength(key, 'utf8') > 253) errs.push('must be no more than 253 characters');
  if (!KEY_FORMAT.test(key)) errs.push(KEY_FORMAT_MESSAGE);
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** shown quotes a key for a message, cut short when long (a megabyte key is not echoed back whole). */
const cut = (key: string): string => (key.length > 64 ? `${key.slice(0, 64)}...` : key);
const shown = (key: string): string => JSON.stringify(cut(key));

/** base64Bytes is the decoded length of (valid, schema-checked) base64 text. */
const base64Bytes = (s: string): number => Math.floor((s.length * 3) / 4) - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);

/** DataMap is one map of entries and how its values count towards the size limit. */
export interface DataMap { field: string; entries: Record<string, string> | null | undefined; encoding: 'utf8' | 'base64' }

/**
 * dataCauses validates the entry maps of one object (a ConfigMap's data and binaryData, a Secret's data
 * and stringData): key rules, duplicates across maps where `distinct` (ConfigMap), and the total size
 * (stringData's entries replace data's of the same key, as upstream folds them before validating).
 * Values are only measured, never quoted: a Secret's value must not reach a Status, log or audit event.
 */
export function dataCauses(maps: DataMap[], distinct: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const note = (c: StatusCause) => { if (causes.length < MAX_KEY_CAUSES) causes.push(c); };
  // Bytes per key: a later map's entry replaces an earlier one's (a Secret's stringData overrides data).
  const sizes = new Map<string, number>();
  for (const { field, entries, encoding } of maps) {
    if (!entries) continue;
    for (const key of Object.keys(entries)) {
      const errs = configMapKeyErrors(key);
      for (const msg of errs) note({ field: `${field}[${cut(key)}]`, message: `Invalid value: ${shown(key)}: ${msg}`, type: 'FieldValueInvalid' });
      if (distinct && sizes.has(key)) note({ field: `${field}[${cut(key)}]`, message: `Invalid value: ${shown(key)}: duplicate of key present in ${maps[0].field}`, type: 'FieldValueInvalid' });
      const v = entries[key];
      sizes.set(key, typeof v !== 'string' ? 0 : encoding === 'base64' ? base64Bytes(v) : Buffer.byteLength(v, 'utf8'));
    }
  }
  let total = 0;
  for (const n of sizes.values()) total += n;
  // Upstream names no field for a ConfigMap ("") and `data` for a Secret; the field named here is `data` for both.
  if (total > MAX_DATA_BYTES) causes.push({ field: 'data', message: `Too long: must have at most ${MAX_DATA_BYTES} bytes`, type: 'FieldValueTooLong' });
  return causes;
}
