import type { Group } from '../../../shared/api/iam';
import { AGE, age, col, defineStrategy, NAME, pathSegmentName } from '../strategies';

/** groups: any one-segment name (system: groups included). */
export const groupStrategy = defineStrategy<Group>({
  validateName: pathSegmentName,
  columns: [NAME, col('Users'), AGE],
  cells: (o) => [o.metadata.name, (o.users ?? []).join(','), age(o.metadata.creationTimestamp)],
});
