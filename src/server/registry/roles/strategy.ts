import type { Role } from '../../../shared/api/rbac';
import { col, defineStrategy, NAME, pathSegmentName } from '../strategies';

/** roles (and clusterroles): any one-segment name (`system:…`); kubectl's columns. */
export const roleStrategy = defineStrategy<Role>({
  validateName: pathSegmentName,
  columns: [NAME, col('Created At', 'date')],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
});
