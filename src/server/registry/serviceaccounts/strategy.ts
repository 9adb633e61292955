import type { z } from 'zod';
import type { serviceAccountSchema } from '../../../shared/api/core';
import { AGE, age, col, defineStrategy, NAME } from '../strategies';

type ServiceAccount = z.infer<typeof serviceAccountSchema>;

/** serviceaccounts: kubectl's columns. */
export const serviceAccountStrategy = defineStrategy<ServiceAccount>({
  columns: [NAME, col('Secrets', 'string', 'Number of secrets'), AGE],
  cells: (o) => [o.metadata.name, String((o.secrets ?? []).length), age(o.metadata.creationTimestamp)],
});
