// The registry strategies of the workload kinds (upstream's pkg/registry/apps/{deployment,replicaset},
// batch/job and discovery/endpointslice strategies): defaults, validation of selector and template,
// immutable fields, and the table columns kubectl prints. Status is written only through the status
// subresource (by the controllers); replicas also through the scale subresource.

import type { KubeObject, StatusCause } from '../../shared/api/meta';
import { selectorMatches, selectorString, type LabelSelector } from '../../shared/api/workloads';
import { deepEqual } from '../../shared/api/equal';
import { invalid } from '../http/status';
import { defaultPodSpec } from '../../shared/api/pod-defaults';
import { AGE, age, col, NAME, type StrategySpec } from './strategies';

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
function validateTemplate(o: KubeObject, restartPolicies: string[], selectorRequired = true): StatusCause[] {
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

function failIf(o: KubeObject, causes: StatusCause[]): void {
  if (causes.length > 0) throw invalid(o.kind ?? '', o.apiVersion?.split('/')[0] ?? '', o.metadata.name ?? '', causes);
}

/** immutable returns a cause for each of `paths` that changed. */
function immutable(o: KubeObject, old: KubeObject, paths: string[]): StatusCause[] {
  return paths.filter((p) => !deepEqual(get(o, p) ?? null, get(old, p) ?? null)).map((p) => ({ field: p, message: `Invalid value: ${JSON.stringify(get(o, p) ?? null)}: field is immutable`, type: 'FieldValueInvalid' }));
}

const POLICY_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

/** validateJobModes checks what upstream checks of an Indexed Job and of a podFailurePolicy. */
function validateJobModes(spec: Record<string, any>): StatusCause[] {
  const causes: StatusCause[] = [];
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    causes.push({ field: 'spec.completions', message: 'Required value: when completion mode is Indexed', type: 'FieldValueRequired' });
  }
  const rules = spec.podFailurePolicy?.rules;
  if (spec.podFailurePolicy && spec.template?.spec?.restartPolicy !== 'Never') {
    causes.push({ field: 'spec.template.spec.restartPolicy', message: `Invalid value: ${JSON.stringify(spec.template?.spec?.restartPolicy ?? '')}: only "Never" is supported when podFailurePolicy is specified`, type: 'FieldValueInvalid' });
  }
  for (const [i, r] of (Array.isArray(rules) ? rules : []).entries()) {
    const at = `spec.podFailurePolicy.rules[${i}]`;
    if (!POLICY_ACTIONS.includes(r?.action)) causes.push({ field: `${at}.action`, message: `Unsupported value: ${JSON.stringify(r?.action ?? '')}: supported values: ${POLICY_ACTIONS.map((a) => JSON.stringify(a)).join(', ')}`, type: 'FieldValueNotSupported' });
    if (!!r?.onExitCodes === !!r?.onPodConditions) causes.push({ field: at, message: 'Invalid value: specifying one of OnExitCodes and OnPodConditions is required', type: 'FieldValueInvalid' });
    const op = r?.onExitCodes?.operator;
    if (r?.onExitCodes && op !== 'In' && op !== 'NotIn') causes.push({ field: `${at}.onExitCodes.operator`, message: `Unsupported value: ${JSON.stringify(op ?? '')}: supported values: "In", "NotIn"`, type: 'FieldValueNotSupported' });
    if (r?.onExitCodes && (!Array.isArray(r.onExitCodes.values) || r.onExitCodes.values.some((v: unknown) => !Number.isInteger(v)))) causes.push({ field: `${at}.onExitCodes.values`, message: 'Invalid value: must be a list of integer exit codes', type: 'FieldValueInvalid' });
  }
  return causes;
}

/** templateCells are the wide columns Containers, Images and Selector of a controller's template. */
function templateCells(o: KubeObject): string[] {
  const containers = (get(o, 'spec.template.spec.containers') as { name: string; image?: string }[] | undefined) ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image ?? '').join(','), selectorString(get(o, 'spec.selector')) || '<none>'];
}
const TEMPLATE_COLUMNS = [
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

/** WORKLOAD_SPECS are the per-resource strategies of the workload kinds (passed to buildStrategies). */
export const WORKLOAD_SPECS: Record<string, StrategySpec> = {
  deployments: {
    create: (o) => {
      const spec = (o as any).spec;
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
      delete (o as any).status;
    },
    updateDefaults: (o) => { if ((o as any).spec) defaultTemplate((o as any).spec.template); failIf(o, validateTemplate(o, ['Always'])); },
    keepOnUpdate: ['status'],
    immutable: (o, old) => immutable(o, old, ['spec.selector']),
    columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'), AGE, ...TEMPLATE_COLUMNS],
    cells: (o) => [o.metadata.name, `${get(o, 'status.readyReplicas') ?? 0}/${get(o, 'spec.replicas') ?? 0}`, get(o, 'status.updatedReplicas') ?? 0, get(o, 'status.availableReplicas') ?? 0,
      age(o.metadata.creationTimestamp), ...templateCells(o)],
  },
  replicasets: {
    create: (o) => {
      (o as any).spec.replicas ??= 1;
      defaultTemplate((o as any).spec.template);
      failIf(o, validateTemplate(o, ['Always']));
      delete (o as any).status;
    },
    updateDefaults: (o) => { if ((o as any).spec) defaultTemplate((o as any).spec.template); failIf(o, validateTemplate(o, ['Always'])); },
    keepOnUpdate: ['status'],
    immutable: (o, old) => immutable(o, old, ['spec.selector']),
    fields: (o) => ({ 'status.replicas': String(get(o, 'status.replicas') ?? 0) }),
    columns: [NAME, col('Desired', 'integer', 'Number of desired pods.'), col('Current', 'integer', 'Number of actually running pods.'), col('Ready', 'integer', 'Number of pods with ready state.'), AGE, ...TEMPLATE_COLUMNS],
    cells: (o) => [o.metadata.name, get(o, 'spec.replicas') ?? 0, get(o, 'status.replicas') ?? 0, get(o, 'status.readyReplicas') ?? 0, age(o.metadata.creationTimestamp), ...templateCells(o)],
  },
  jobs: {
    create: (o) => {
      const spec = (o as any).spec;
      if (spec.completions === undefined || spec.completions === null) {
        if (spec.parallelism === undefined || spec.parallelism === null) spec.completions = 1;
      }
      spec.parallelism ??= 1;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      defaultTemplate(spec.template);
      if (spec.template?.spec && spec.template.spec.restartPolicy === 'Always') {
        failIf(o, [{ field: 'spec.template.spec.restartPolicy', message: 'Required value: valid values: "OnFailure", "Never"', type: 'FieldValueRequired' }]);
      }
      failIf(o, validateJobModes(spec));
      if (spec.manualSelector === true) failIf(o, validateTemplate(o, ['OnFailure', 'Never']));
      else if (spec.selector) {
        failIf(o, [{ field: 'spec.selector', message: 'Invalid value: the selector is generated from the job\'s uid unless `manualSelector` is true', type: 'FieldValueInvalid' }]);
      }
      delete (o as any).status;
    },
    // A Job's selector and pods' labels name its uid, known only once it is stamped.
    stamped: (o) => {
      const spec = (o as any).spec;
      if (spec.manualSelector === true) return;
      const uid = o.metadata.uid!;
      spec.selector = { matchLabels: { [JOB_LABELS.controllerUid]: uid } };
      spec.template.metadata ??= {};
      spec.template.metadata.labels = { ...(spec.template.metadata.labels ?? {}), [JOB_LABELS.controllerUid]: uid, [JOB_LABELS.jobName]: o.metadata.name!, [JOB_LABELS.legacyUid]: uid, [JOB_LABELS.legacyName]: o.metadata.name! };
    },
    updateDefaults: (o) => { if ((o as any).spec) defaultTemplate((o as any).spec.template); },
    keepOnUpdate: ['status'],
    immutable: (o, old) => immutable(o, old, ['spec.selector', 'spec.template', 'spec.completions', 'spec.completionMode', 'spec.backoffLimitPerIndex', 'spec.podFailurePolicy']),
    columns: [NAME, col('Status', 'string', 'Status of the job.'), col('Completions', 'string', 'The completion status of the job.'), col('Duration', 'string', 'Time required to complete the job.'), AGE, ...TEMPLATE_COLUMNS],
    cells: (o) => {
      const completions = get(o, 'spec.completions') as number | null | undefined;
      const succeeded = get(o, 'status.succeeded') ?? 0;
      const comp = completions === null || completions === undefined ? `${succeeded}/1 of ${get(o, 'spec.parallelism') ?? 1}` : `${succeeded}/${completions}`;
      const start = get(o, 'status.startTime') as string | undefined;
      const end = get(o, 'status.completionTime') as string | undefined;
      const dur = start ? duration((end ? Date.parse(end) : Date.now()) - Date.parse(start)) : '';
      return [o.metadata.name, jobStatusText(o), comp, dur, age(o.metadata.creationTimestamp), ...templateCells(o)];
    },
  },
  endpointslices: {
    columns: [NAME, col('AddressType', 'string', 'The IP protocol for this slice'), col('Ports', 'string', 'Ports in this slice'), col('Endpoints', 'string', 'Endpoints in this slice'), AGE],
    cells: (o) => {
      const ports = ((get(o, 'ports') as { port?: number | null }[] | undefined) ?? []).map((p) => (p.port === null || p.port === undefined ? '<unset>' : String(p.port)));
      const addrs = ((get(o, 'endpoints') as { addresses: string[] }[] | undefined) ?? []).flatMap((e) => e.addresses);
      const shown = addrs.slice(0, 3).join(',') + (addrs.length > 3 ? ` + ${addrs.length - 3} more...` : '');
      return [o.metadata.name, get(o, 'addressType') ?? '', ports.length ? ports.join(',') : '<unset>', addrs.length ? shown : '<unset>', age(o.metadata.creationTimestamp)];
    },
  },
};
