import type { Deployment } from '../../../shared/api/workloads';
import { AGE, age, col, defineStrategy, NAME } from '../strategies';
import { defaultTemplate, failIf, immutable, TEMPLATE_COLUMNS, templateCells, validateTemplate } from '../workloads';

/** deployments: upstream's defaults (replicas, RollingUpdate 25%/25%, history 10, deadline 600 s); selector immutable. */
export const deploymentStrategy = defineStrategy<Deployment>({
  create: (o) => {
    const spec = o.spec;
    spec.replicas ??= 1;
    spec.strategy ??= {};
    spec.strategy.type ??= 'RollingUpdate';
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    defaultTemplate(spec.template);
    failIf(o, validateTemplate(o, ['Always']));
    delete o.status;
  },
  updateDefaults: (o) => { if (o.spec) defaultTemplate(o.spec.template); failIf(o, validateTemplate(o, ['Always'])); },
  keepOnUpdate: ['status'],
  immutable: (o, old) => immutable(o, old, ['spec.selector']),
  columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'), AGE, ...TEMPLATE_COLUMNS],
  cells: (o) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`, o.status?.updatedReplicas ?? 0, o.status?.availableReplicas ?? 0,
    age(o.metadata.creationTimestamp), ...templateCells(o)],
});
