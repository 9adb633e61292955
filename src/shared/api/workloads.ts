import { z } from 'zod';
import { objectMetaSchema, objectFields } from './meta';
import { podSpecSchema } from './core';
import { matchesRequirements, selectorToRequirements } from './labels';

// Schemas for the workload kinds: apps/v1 Deployments and ReplicaSets, batch/v1 Jobs,
// discovery.k8s.io/v1 EndpointSlices, and the autoscaling/v1 Scale of the scale subresource. The
// parts the server and the controllers reason about (replicas, selector, template, strategy) are
// strict; status is written by the controllers and stored as given.

const loose = z.looseObject({});
const intOrString = z.union([z.number().int(), z.string()]);

/** labelSelectorSchema is metav1.LabelSelector. */
export const labelSelectorSchema = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).nullable().optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).nullable().optional() })).nullable().optional(),
});
/** LabelSelector is metav1.LabelSelector. */
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

/** podTemplateSpecSchema is core/v1 PodTemplateSpec: the pods a controller makes. */
export const podTemplateSpecSchema = z.strictObject({
  metadata: objectMetaSchema.optional(),
  spec: podSpecSchema,
});
/** PodTemplateSpec is core/v1 PodTemplateSpec. */
export type PodTemplateSpec = z.infer<typeof podTemplateSpecSchema>;

/** podTemplateSchema is core/v1 PodTemplate: a stored pod template (nothing makes pods from it here). */
export const podTemplateSchema = z.strictObject({
  ...objectFields,
  template: podTemplateSpecSchema,
});
/** PodTemplate is core/v1 PodTemplate. */
export type PodTemplate = z.infer<typeof podTemplateSchema>;

const replicas = z.number().int().min(0, 'must be greater than or equal to 0');
const status = loose.optional();

/** deploymentSchema is apps/v1 Deployment. */
export const deploymentSchema = z.strictObject({
  ...objectFields,
  spec: z.strictObject({
    replicas: replicas.nullable().optional(),
    selector: labelSelectorSchema,
    template: podTemplateSpecSchema,
    strategy: z.strictObject({
      type: z.enum(['RollingUpdate', 'Recreate']).optional(),
      rollingUpdate: z.strictObject({ maxSurge: intOrString.nullable().optional(), maxUnavailable: intOrString.nullable().optional() }).nullable().optional(),
    }).optional(),
    minReadySeconds: z.number().int().min(0).optional(),
    revisionHistoryLimit: z.number().int().min(0).nullable().optional(),
    paused: z.boolean().optional(),
    progressDeadlineSeconds: z.number().int().min(1).nullable().optional(),
  }),
  status,
});
/** Deployment is apps/v1 Deployment. */
export type Deployment = z.infer<typeof deploymentSchema>;

/** replicaSetSchema is apps/v1 ReplicaSet. */
export const replicaSetSchema = z.strictObject({
  ...objectFields,
  spec: z.strictObject({
    replicas: replicas.nullable().optional(),
    minReadySeconds: z.number().int().min(0).optional(),
    selector: labelSelectorSchema,
    template: podTemplateSpecSchema,
  }),
  status,
});
/** ReplicaSet is apps/v1 ReplicaSet. */
export type ReplicaSet = z.infer<typeof replicaSetSchema>;

/** jobSchema is batch/v1 Job. */
export const jobSchema = z.strictObject({
  ...objectFields,
  spec: z.strictObject({
    parallelism: z.number().int().min(0).nullable().optional(),
    completions: z.number().int().min(0).nullable().optional(),
    activeDeadlineSeconds: z.number().int().min(1).nullable().optional(),
    podFailurePolicy: loose.nullable().optional(),
    successPolicy: loose.nullable().optional(),
    backoffLimit: z.number().int().min(0).nullable().optional(),
    backoffLimitPerIndex: z.number().int().nullable().optional(),
    maxFailedIndexes: z.number().int().nullable().optional(),
    selector: labelSelectorSchema.nullable().optional(),
    manualSelector: z.boolean().nullable().optional(),
    template: podTemplateSpecSchema,
    ttlSecondsAfterFinished: z.number().int().min(0).nullable().optional(),
    completionMode: z.enum(['NonIndexed', 'Indexed']).nullable().optional(),
    suspend: z.boolean().nullable().optional(),
    podReplacementPolicy: z.enum(['TerminatingOrFailed', 'Failed']).nullable().optional(),
    managedBy: z.string().nullable().optional(),
  }),
  status,
});
/** Job is batch/v1 Job. */
export type Job = z.infer<typeof jobSchema>;

/** endpointSliceSchema is discovery.k8s.io/v1 EndpointSlice (written by the endpointslice controller). */
export const endpointSliceSchema = z.strictObject({
  ...objectFields,
  addressType: z.enum(['IPv4', 'IPv6', 'FQDN']),
  endpoints: z.array(z.looseObject({ addresses: z.array(z.string()) })).nullable().optional(),
  ports: z.array(z.looseObject({ name: z.string().optional(), port: z.number().int().nullable().optional(), protocol: z.string().optional() })).nullable().optional(),
});
/** EndpointSlice is discovery.k8s.io/v1 EndpointSlice. */
export type EndpointSlice = z.infer<typeof endpointSliceSchema>;

/** scaleSchema is autoscaling/v1 Scale, the body of the scale subresource. */
export const scaleSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema.optional(),
  spec: z.looseObject({ replicas: replicas.optional() }).optional(),
});

/** WORKLOAD_ANNOTATIONS are the annotation keys of rollouts (upstream's) and of delegation (Gatehouse's). */
export const WORKLOAD_ANNOTATIONS = {
  revision: 'deployment.kubernetes.io/revision',
  revisionHistory: 'deployment.kubernetes.io/revision-history',
  desiredReplicas: 'deployment.kubernetes.io/desired-replicas',
  maxReplicas: 'deployment.kubernetes.io/max-replicas',
  changeCause: 'kubernetes.io/change-cause',
  /**
   * changedBy is the human who last set the workload's pod template (admission stamps it; clients
   * cannot). A controller makes the workload's pods on that person's behalf, with their grants.
   */
  changedBy: 'gatehouse.dev/template-changed-by',
} as const;

/** POD_TEMPLATE_HASH is the label the deployment controller adds to a ReplicaSet and its pods. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** selectorString renders a LabelSelector as a label-selector query (`app=web,tier in (a,b)`). */
export function selectorString(sel: LabelSelector | null | undefined): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

/** selectorMatches tells whether `labels` satisfy a LabelSelector (an empty selector matches everything, as upstream). */
export function selectorMatches(sel: LabelSelector | null | undefined, labels: Record<string, string> | null | undefined): boolean {
  return matchesRequirements(labels, selectorToRequirements((sel ?? {}) as never));
}

/** JOB_COMPLETION_INDEX is the annotation and label of an Indexed Job's pod that carries its completion index (upstream's). */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/**
 * withCompletionIndex is the pod template of completion index `index` of the Indexed Job `jobName`, as
 * upstream's job controller makes it: the index as annotation and label, `JOB_COMPLETION_INDEX` in every
 * container's environment (from the annotation), and hostname `<job>-<index>`. Pure: the template is copied.
 */
export function withCompletionIndex<T extends { metadata?: Record<string, any> | null; spec?: Record<string, any> }>(template: T, jobName: string, index: number): T {
  const t = structuredClone(template);
  const i = String(index);
  t.metadata = { ...(t.metadata ?? {}), annotations: { ...(t.metadata?.annotations ?? {}), [JOB_COMPLETION_INDEX]: i }, labels: { ...(t.metadata?.labels ?? {}), [JOB_COMPLETION_INDEX]: i } };
  const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX}']` } } };
  const spec = t.spec ?? {};
  // A container that sets JOB_COMPLETION_INDEX itself keeps its own (as upstream).
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) if (!(c.env ?? []).some((e: { name: string }) => e.name === env.name)) c.env = [...(c.env ?? []), env];
  spec.hostname ??= `${jobName}-${i}`.slice(0, 63);
  t.spec = spec;
  return t;
}

/** compressIndexes renders a set of completion indexes as upstream's status.completedIndexes ("0-2,5"). */
export function compressIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return out.join(',');
}

/** parseIndexes reads status.completedIndexes back into a set (malformed parts are skipped). */
export function parseIndexes(text: string | null | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    for (let i = Number(m[1]); i <= Number(m[2] ?? m[1]) && i - Number(m[1]) < 100_000; i++) out.add(i);
  }
  return out;
}
