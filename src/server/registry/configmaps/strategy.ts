import type { z } from 'zod';
import type { configMapSchema } from '../../../shared/api/core';
import { AGE, age, col, defineStrategy, immutableWhenSet, NAME, same } from '../strategies';

type ConfigMap = z.infer<typeof configMapSchema>;

/** configmaps: data and binaryData immutable once `immutable` is set. */
export const configMapStrategy = defineStrategy<ConfigMap>({
  immutable: (o, old) => immutableWhenSet(o, old, same(o.data, old.data) && same(o.binaryData, old.binaryData)),
  columns: [NAME, col('Data', 'string', 'Number of data entries'), AGE],
  cells: (o) => [o.metadata.name, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o.metadata.creationTimestamp)],
});
