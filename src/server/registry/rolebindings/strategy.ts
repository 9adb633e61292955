import type { RoleBinding } from '../../../shared/api/rbac';
import { AGE, age, col, defineStrategy, NAME, pathSegmentName, same } from '../strategies';

/** bindingSubjects renders a binding's subjects of one kind the way kubectl -o wide does. */
function bindingSubjects(o: RoleBinding, kind: string): string {
  return (o.subjects ?? []).filter((x) => x.kind === kind).map((x) => (kind === 'ServiceAccount' ? `${x.namespace ?? ''}/${x.name}` : x.name)).join(', ');
}

/** rolebindings (and clusterrolebindings): roleRef is immutable; kubectl's columns. */
export const roleBindingStrategy = defineStrategy<RoleBinding>({
  validateName: pathSegmentName,
  immutable: (o, old) => (same(o.roleRef, old.roleRef) ? [] : [{ field: 'roleRef', message: 'Invalid value: cannot change roleRef', type: 'FieldValueInvalid' }]),
  columns: [NAME, col('Role'), AGE, col('Users', 'string', '', '', 1), col('Groups', 'string', '', '', 1), col('ServiceAccounts', 'string', '', '', 1)],
  cells: (o) => [o.metadata.name, `${o.roleRef.kind}/${o.roleRef.name}`, age(o.metadata.creationTimestamp),
    bindingSubjects(o, 'User'), bindingSubjects(o, 'Group'), bindingSubjects(o, 'ServiceAccount')],
});
