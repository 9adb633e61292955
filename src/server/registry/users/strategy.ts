import type { User } from '../../../shared/api/iam';
import { AGE, age, col, defineStrategy, NAME, pathSegmentName } from '../strategies';

/** users: any one-segment name; status only through the system (a create drops it, an update keeps the stored one). */
export const userStrategy = defineStrategy<User>({
  validateName: pathSegmentName,
  create: (o) => { delete o.status; },
  keepOnUpdate: ['status'],
  columns: [NAME, col('Full Name'), col('Groups'), col('Disabled'), AGE],
  cells: (o) => [o.metadata.name, o.spec?.fullName ?? '', (o.spec?.groups ?? []).join(','), String(!!o.spec?.disabled), age(o.metadata.creationTimestamp)],
});
