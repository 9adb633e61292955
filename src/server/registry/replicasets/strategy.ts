import type { ReplicaSet } from '../../../shared/api/workloads';
import { AGE, age, col, defineStrategy, NAME } from '../strategies';
import { defaultTemplate, failIf, immutable, TEMPLATE_COLUMNS, templateCells, validateTemplate } from '../workloads';

/** replicasets: one replica by default; selector immutable; status.replicas selectable. */
export const replicaSetStrategy = defineStrategy<ReplicaSet>({
  create: (o) => {
    o.spec.replicas ??= 1;
    defaultTemplate(o.spec.template);
    failIf(o, validateTemplate(o, ['Always']));
    delete o.status;
  },
  updateDefaults: (o) => { if (o.spec) defaultTemplate(o.spec.template); failIf(o, validateTemplate(o, ['Always'])); },
  keepOnUpdate: ['status'],
  immutable: (o, old) => immutable(o, old, ['spec.selector']),
  fields: (o) => ({ 'status.replicas': String(o.status?.replicas ?? 0) }),
  columns: [NAME, col('Desired', 'integer', 'Number of desired pods.'), col('Current', 'integer', 'Number of actually running pods.'), col('Ready', 'integer', 'Number of pods with ready state.'), AGE, ...TEMPLATE_COLUMNS],
  cells: (o) => [o.metadata.name, o.spec?.replicas ?? 0, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o.metadata.creationTimestamp), ...templateCells(o)],
});
