import type { Namespace } from '../../../shared/api/core';
import { AGE, age, col, defineStrategy, labelName, NAME } from '../strategies';

/** namespaces: a DNS label name, the `kubernetes` finalizer and phase Active on create; status only through its subresource. */
export const namespaceStrategy = defineStrategy<Namespace>({
  validateName: labelName,
  create: (o) => { o.spec = { finalizers: ['kubernetes'], ...(o.spec ?? {}) }; o.status = { phase: 'Active' }; },
  keepOnUpdate: ['status'],
  fields: (o) => ({ 'status.phase': String(o.status?.phase ?? '') }),
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (o) => [o.metadata.name, o.status?.phase ?? 'Active', age(o.metadata.creationTimestamp)],
});
