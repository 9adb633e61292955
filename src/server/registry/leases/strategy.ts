import type { z } from 'zod';
import type { leaseSchema } from '../../../shared/api/core';
import { AGE, age, col, defineStrategy, NAME } from '../strategies';

type Lease = z.infer<typeof leaseSchema>;

/** leases: kubectl's columns. */
export const leaseStrategy = defineStrategy<Lease>({
  columns: [NAME, col('Holder', 'string', 'The holder of the lease.'), AGE],
  cells: (o) => [o.metadata.name, o.spec?.holderIdentity ?? '', age(o.metadata.creationTimestamp)],
});
