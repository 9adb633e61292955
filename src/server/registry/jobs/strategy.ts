import type { StatusCause } from '../../../shared/api/meta';
import type { Job } from '../../../shared/api/workloads';
import { AGE, age, col, defineStrategy, NAME } from '../strategies';
import { defaultTemplate, duration, failIf, immutable, JOB_LABELS, jobStatusText, TEMPLATE_COLUMNS, templateCells, validateTemplate } from '../workloads';

const POLICY_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

/** MAX_INDEXED, MAX_POLICY_RULES and MAX_EXIT_CODES are upstream's bounds on an Indexed Job's size and a podFailurePolicy's lists. */
const MAX_INDEXED = 100_000;
const MAX_POLICY_RULES = 20;
const MAX_EXIT_CODES = 255;

/** validateJobModes checks what upstream checks of an Indexed Job and of a podFailurePolicy. */
function validateJobModes(spec: Job['spec']): StatusCause[] {
  const causes: StatusCause[] = [];
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    causes.push({ field: 'spec.completions', message: 'Required value: when completion mode is Indexed', type: 'FieldValueRequired' });
  }
  // Upstream's bounds (batch validation): an Indexed Job tracks every index, so its size is capped.
  for (const f of ['completions', 'parallelism'] as const) {
    const n = spec[f];
    if (spec.completionMode === 'Indexed' && typeof n === 'number' && n > MAX_INDEXED) causes.push({ field: `spec.${f}`, message: `Invalid value: ${n}: must be less than or equal to ${MAX_INDEXED} when completion mode is Indexed`, type: 'FieldValueInvalid' });
  }
  const rules = (spec.podFailurePolicy as { rules?: unknown } | null | undefined)?.rules;
  if (Array.isArray(rules) && rules.length > MAX_POLICY_RULES) return [...causes, { field: 'spec.podFailurePolicy.rules', message: `Too many: ${rules.length}: must have at most ${MAX_POLICY_RULES} items`, type: 'FieldValueTooMany' }];
  if (spec.podFailurePolicy && spec.template?.spec?.restartPolicy !== 'Never') {
    causes.push({ field: 'spec.template.spec.restartPolicy', message: `Invalid value: ${JSON.stringify(spec.template?.spec?.restartPolicy ?? '')}: only "Never" is supported when podFailurePolicy is specified`, type: 'FieldValueInvalid' });
  }
  for (const [i, r] of (Array.isArray(rules) ? rules : []).entries()) {
    const at = `spec.podFailurePolicy.rules[${i}]`;
    if (!POLICY_ACTIONS.includes(r?.action)) causes.push({ field: `${at}.action`, message: `Unsupported value: ${JSON.stringify(r?.action ?? '')}: supported values: ${POLICY_ACTIONS.map((a) => JSON.stringify(a)).join(', ')}`, type: 'FieldValueNotSupported' });
    if (!!r?.onExitCodes === !!r?.onPodConditions) causes.push({ field: at, message: 'Invalid value: specifying one of OnExitCodes and OnPodConditions is required', type: 'FieldValueInvalid' });
    const op = r?.onExitCodes?.operator;
    if (r?.onExitCodes && op !== 'In' && op !== 'NotIn') causes.push({ field: `${at}.onExitCodes.operator`, message: `Unsupported value: ${JSON.stringify(op ?? '')}: supported values: "In", "NotIn"`, type: 'FieldValueNotSupported' });
    if (Array.isArray(r?.onExitCodes?.values) && r.onExitCodes.values.length > MAX_EXIT_CODES) causes.push({ field: `${at}.onExitCodes.values`, message: `Too many: ${r.onExitCodes.values.length}: must have at most ${MAX_EXIT_CODES} items`, type: 'FieldValueTooMany' });
    else if (Array.isArray(r?.onPodConditions) && r.onPodConditions.length > MAX_POLICY_RULES) causes.push({ field: `${at}.onPodConditions`, message: `Too many: ${r.onPodConditions.length}: must have at most ${MAX_POLICY_RULES} items`, type: 'FieldValueTooMany' });
    else if (r?.onExitCodes && (!Array.isArray(r.onExitCodes.values) || r.onExitCodes.values.some((v: unknown) => !Number.isInteger(v)))) causes.push({ field: `${at}.onExitCodes.values`, message: 'Invalid value: must be a list of integer exit codes', type: 'FieldValueInvalid' });
  }
  return causes;
}

/** jobs: upstream's defaults; the selector is generated from the uid unless manualSelector; the template and completions are immutable. */
export const jobStrategy = defineStrategy<Job>({
  create: (o) => {
    const spec = o.spec;
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
    delete o.status;
  },
  // A Job's selector and pods' labels name its uid, known only once it is stamped.
  stamped: (o) => {
    const spec = o.spec;
    if (spec.manualSelector === true) return;
    const uid = o.metadata.uid!;
    const name = o.metadata.name!;
    spec.selector = { matchLabels: { [JOB_LABELS.controllerUid]: uid } };
    spec.template.metadata ??= {};
    spec.template.metadata.labels = { ...(spec.template.metadata.labels ?? {}), [JOB_LABELS.controllerUid]: uid, [JOB_LABELS.jobName]: name, [JOB_LABELS.legacyUid]: uid, [JOB_LABELS.legacyName]: name };
  },
  updateDefaults: (o) => { if (o.spec) defaultTemplate(o.spec.template); },
  keepOnUpdate: ['status'],
  immutable: (o, old) => immutable(o, old, ['spec.selector', 'spec.template', 'spec.completions', 'spec.completionMode', 'spec.backoffLimitPerIndex', 'spec.podFailurePolicy']),
  columns: [NAME, col('Status', 'string', 'Status of the job.'), col('Completions', 'string', 'The completion status of the job.'), col('Duration', 'string', 'Time required to complete the job.'), AGE, ...TEMPLATE_COLUMNS],
  cells: (o) => {
    const completions = o.spec?.completions;
    const succeeded = o.status?.succeeded ?? 0;
    const comp = completions === null || completions === undefined ? `${succeeded}/1 of ${o.spec?.parallelism ?? 1}` : `${succeeded}/${completions}`;
    const start = o.status?.startTime as string | undefined;
    const end = o.status?.completionTime as string | undefined;
    const dur = start ? duration((end ? Date.parse(end) : Date.now()) - Date.parse(start)) : '';
    return [o.metadata.name, jobStatusText(o), comp, dur, age(o.metadata.creationTimestamp), ...templateCells(o)];
  },
});
