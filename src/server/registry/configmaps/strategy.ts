import type { z } from 'zod';
import type { configMapSchema } from '../../../shared/api/core';
import { dataCauses } from '../config-data';
import { AGE, age, col, defineStrategy, immutableWhenSet, NAME, same } from '../strategies';

type ConfigMap = z.infer<typeof configMapSchema>;

/** configmaps: upstream's key and size rules; data and binaryData immutable once `immutable` is set. */
export const configMapStrategy = defineStrategy<ConfigMap>({
  immutable: (o, old) => immutableWhenSet(o, old, () => same(o.data, old.data) && same(o.binaryData, old.binaryData)),
  validate: (o) => dataCauses([{ field: 'data', entries: o.data, encoding: 'utf8' }, { field: 'binaryData', entries: o.binaryData, encoding: 'base64' }], true),
  columns: [NAME, col('Data', 'string', 'Number of data entries'), AGE],
  cells: (o) => [o.metadata.name, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o.metadata.creationTimestamp)],
});
