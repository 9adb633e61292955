// What the workload kinds' strategies share (deployments/, replicasets/, jobs/ hold one each, as
// upstream's pkg/registry/apps/{deployment,replicaset} and batch/job): template defaults, validation of
// selector and template, immutable fields, the template columns kubectl prints. Status is written only
// through the status subresource (by the controllers); replicas also through the scale subresource.

import type { KubeObject, StatusCause } from '../../shared/api/meta';
import { selectorMatches, selectorString, type LabelSelector } from '../../shared/api/workloads';
import { deepEqual } from '../../shared/api/equal';
import { invalid } from '../http/status';
import { defaultPodSpec } from '../../shared/api/pod-defaults';
import { col } from './strategies';

const get = (obj: unknown, path: string): any => path.split('.').reduce<any>((o, k) => (o == null ? undefined : o[k]), obj);

/** goMap renders labels the way upstream's validation messages quote a map[string]string. */
function goMap(m: Record<string, string> | null | undefined): string {
  return `map[string]string{${Object.entries(m ?? {}).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`;
}

/** POD_ONLY_DEFAULTS are PodSpec fields upstream fills on pods but leaves unset in templates. */
const POD_ONLY_DEFAULTS = ['serviceAccountName', 'serviceAccount', 'enableServiceLinks', 'priority', 'preemptionPolicy'];

/**
 * defaultTemplate fills upstream's PodSpec defaults into a pod template and drops what Go's JSON would
 * omit (a non-pointer `false` or 0, a null creationTimestamp), so that one template has one form however it
 * arrived (protobuf, JSON, kubectl's rollback patch) and its pod-template-hash does not change (mutates).
 */
export function defaultTemplate(template: { metadata?: Record<string, any> | null; spec?: Record<string, any> } | undefined): void {
  const spec = template?.spec;
  if (!spec) return;
  if (template.metadata && template.metadata.creationTimestamp === null) delete template.metadata.creationTimestamp;
  const unset = POD_ONLY_DEFAULTS.filter((k) => spec[k] === undefined);
  defaultPodSpec(spec);
  for (const k of unset) delete spec[k];
  const dropFalse = (o: Record<string, any> | undefined, keys: string[]) => { for (const k of keys) if (o && o[k] === false) delete o[k]; };
  dropFalse(spec, ['hostNetwork', 'hostPID', 'hostIPC']);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    dropFalse(c, ['stdin', 'stdinOnce', 'tty']);
    for (const m of c.volumeMounts ?? []) dropFalse(m, ['readOnly']);
    // hostPort is a non-pointer int32 (omitempty): 0 means none, as absent does.
    for (const p of c.ports ?? []) if (p.hostPort === 0) delete p.hostPort;
  }
}

/** validateTemplate checks what upstream checks of a controller's selector and template: a selector, labels it matches, a fitting restartPolicy. */
export function validateTemplate(o: KubeObject, restartPolicies: string[], selectorRequired = true): StatusCause[] {
  const causes: StatusCause[] = [];
  const sel = get(o, 'spec.selector') as LabelSelector | undefined;
  const labels = get(o, 'spec.template.metadata.labels') as Record<string, string> | undefined;
  const empty = !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
  if (selectorRequired && empty) causes.push({ field: 'spec.selector', message: 'Invalid value: "": empty selector is invalid for this resource', type: 'FieldValueInvalid' });
  else if (sel && !empty && !selectorMatches(sel, labels)) causes.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``, type: 'FieldValueInvalid' });
  const rp = get(o, 'spec.template.spec.restartPolicy') as string | undefined;
  if (rp && !restartPolicies.includes(rp)) {
    causes.push(restartPolicies.length === 1
      ? { field: 'spec.template.spec.restartPolicy', message: `Unsupported value: ${JSON.stringify(rp)}: supported values: ${restartPolicies.map((p) => JSON.stringify(p)).join(', ')}`, type: 'FieldValueNotSupported' }
      : { field: 'spec.template.spec.restartPolicy', message: `Required value: valid values: ${restartPolicies.map((p) => JSON.stringify(p)).join(', ')}`, type: 'FieldValueRequired' });
  }
  return causes;
}

/** failIf throws a 422 Invalid naming every cause (nothing when there is none). */
export function failIf(o: KubeObject, causes: StatusCause[]): void {
  if (causes.length > 0) throw invalid(o.kind ?? '', o.apiVersion?.split('/')[0] ?? '', o.metadata.name ?? '', causes);
}

/** immutable returns a cause for each of `paths` that changed. */
export function immutable(o: KubeObject, old: KubeObject, paths: string[]): StatusCause[] {
  return paths.filter((p) => !deepEqual(get(o, p) ?? null, get(old, p) ?? null)).map((p) => ({ field: p, message: `Invalid value: ${JSON.stringify(get(o, p) ?? null)}: field is immutable`, type: 'FieldValueInvalid' }));
}

/** templateCells are the wide columns Containers, Images and Selector of a controller's template. */
export function templateCells(o: KubeObject): string[] {
  return [...containerCells(get(o, 'spec.template')), selectorString(get(o, 'spec.selector')) || '<none>'];
}

/** containerCells are the Containers and Images cells of a pod template. */
export function containerCells(template: { spec?: { containers?: { name: string; image?: string | null }[] } } | undefined): [string, string] {
  const containers = template?.spec?.containers ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(',')];
}
/** TEMPLATE_COLUMNS are the wide columns of a controller's template (see templateCells). */
export const TEMPLATE_COLUMNS = [
  col('Containers', 'string', 'Names of each container in the template.', '', 1),
  col('Images', 'string', 'Images referenced by each container in the template.', '', 1),
  col('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', '', 1),
];

/** duration renders a job's duration the way kubectl does (HumanDuration: 45s, 3m12s, 2h). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  return `${Math.floor(h / 24)}d`;
}

const condTrue = (o: KubeObject, type: string) => ((get(o, 'status.conditions') as { type: string; status: string }[] | undefined) ?? []).some((c) => c.type === type && c.status === 'True');

/** jobStatusText is kubectl's Status column of a Job. */
export function jobStatusText(o: KubeObject): string {
  if (condTrue(o, 'Complete')) return 'Complete';
  if (condTrue(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (condTrue(o, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  if (condTrue(o, 'FailureTarget')) return 'FailureTarget';
  if (condTrue(o, 'Suspended')) return 'Suspended';
  return 'Running';
}

/** JOB_UID_LABELS are the labels a Job's generated selector and its pods carry (upstream's, old and new names). */
export const JOB_LABELS = { controllerUid: 'batch.kubernetes.io/controller-uid', jobName: 'batch.kubernetes.io/job-name', legacyUid: 'controller-uid', legacyName: 'job-name' } as const;
