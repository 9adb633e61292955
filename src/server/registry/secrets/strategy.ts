import type { StatusCause } from '../../../shared/api/meta';
import type { Secret } from '../../../shared/api/core';
import { dataCauses } from '../config-data';
import { AGE, age, col, defineStrategy, immutableWhenSet, NAME, same } from '../strategies';

/** secrets: type Opaque by default; upstream's key and size rules; type immutable; data immutable once `immutable` is set. */
export const secretStrategy = defineStrategy<Secret>({
  create: (o) => { o.type ??= 'Opaque'; },
  // A replace without `type` means the default type, as upstream's defaulting does before validation.
  updateDefaults: (o) => { o.type ??= 'Opaque'; },
  immutable: (o, old) => {
    const causes: StatusCause[] = [];
    if (o.type !== old.type) causes.push({ field: 'type', message: 'Invalid value: field is immutable', type: 'FieldValueInvalid' });
    return [...causes, ...immutableWhenSet(o, old, () => same(o.data, old.data))];
  },
  // stringData is folded into data by admission, after this: its entries count in place of data's.
  validate: (o) => dataCauses([{ field: 'data', entries: o.data, encoding: 'base64' }, { field: 'stringData', entries: o.stringData, encoding: 'utf8' }], false),
  fields: (o) => ({ type: o.type ?? '' }),
  columns: [NAME, col('Type', 'string', 'The type of the secret'), col('Data', 'string', 'The number of keys in the secret'), AGE],
  cells: (o) => [o.metadata.name, o.type ?? 'Opaque', String(Object.keys(o.data ?? {}).length), age(o.metadata.creationTimestamp)],
});
