import type { PodTemplate } from '../../../shared/api/workloads';
import { col, defineStrategy, NAME } from '../strategies';
import { containerCells, defaultTemplate } from '../workloads';

const formatLabels = (labels: Record<string, string> | null | undefined): string =>
  Object.keys(labels ?? {}).sort().map((k) => `${k}=${labels![k]}`).join(',') || '<none>';

/** admit gives the template the PodSpec defaults a controller's template gets (it has no selector to check). */
const admit = (o: PodTemplate): void => defaultTemplate(o.template);

/**
 * podtemplates (core/v1, as upstream's pkg/registry/core/podtemplate): stored templates with kubectl's
 * columns. Nothing here makes pods from a PodTemplate, so its spec is not admitted as a pod (neither is
 * it upstream, whose admission sees pods and the workloads that make them).
 */
export const podTemplateStrategy = defineStrategy<PodTemplate>({
  create: admit,
  updateDefaults: admit,
  columns: [NAME, col('Containers', 'string', 'Names of each container in the template.'), col('Images', 'string', 'Images referenced by each container in the template.'), col('Pod Labels', 'string', 'The labels for the pod template.')],
  cells: (o) => [o.metadata.name, ...containerCells(o.template), formatLabels(o.template?.metadata?.labels)],
});
