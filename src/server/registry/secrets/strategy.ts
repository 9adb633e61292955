import type { StatusCause } from '../../../shared/api/meta';
import type { Secret } from '../../../shared/api/core';
import { dataCauses } from '../config-data';
import { AGE, age, col, defineStrategy, immutableWhenSet, NAME, same } from '../strategies';

/**
 * foldStringData gives write-only `stringData` (core/v1 semantics) to `data`: its entries base64-encoded,
 * overriding data's of the same keys, and the field dropped, so it is never stored or returned. Upstream
 * does it when it decodes the request, so managed fields, the immutable check and admission all see data.
 */
function foldStringData(o: Secret): void {
  const s = o as Secret & { stringData?: Record<string, string> | null };
  if (s.stringData === undefined) return;
  const extra = s.stringData ?? {};
  delete s.stringData;
  if (Object.keys(extra).length === 0) return;
  const data: Record<string, string> = { ...(s.data ?? {}) };
  for (const [k, v] of Object.entries(extra)) data[k] = Buffer.from(v, 'utf8').toString('base64');
  s.data = data;
}

/** secrets: type Opaque by default; stringData folded into data; upstream's key and size rules; type immutable; data immutable once `immutable` is set. */
export const secretStrategy = defineStrategy<Secret>({
  create: (o) => { o.type ??= 'Opaque'; foldStringData(o); },
  // A replace without `type` means the default type, as upstream's defaulting does before validation.
  updateDefaults: (o) => { o.type ??= 'Opaque'; foldStringData(o); },
  immutable: (o, old) => {
    const causes: StatusCause[] = [];
    if (o.type !== old.type) causes.push({ field: 'type', message: 'Invalid value: field is immutable', type: 'FieldValueInvalid' });
    return [...causes, ...immutableWhenSet(o, old, () => same(o.data, old.data))];
  },
  // stringData is folded into data after this (create, updateDefaults): its entries count in place of data's.
  validate: (o) => dataCauses([{ field: 'data', entries: o.data, encoding: 'base64' }, { field: 'stringData', entries: o.stringData, encoding: 'utf8' }], false),
  fields: (o) => ({ type: o.type ?? '' }),
  columns: [NAME, col('Type', 'string', 'The type of the secret'), col('Data', 'string', 'The number of keys in the secret'), AGE],
  cells: (o) => [o.metadata.name, o.type ?? 'Opaque', String(Object.keys(o.data ?? {}).length), age(o.metadata.creationTimestamp)],
});
