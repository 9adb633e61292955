import type { Deployment, EndpointSlice, Job, ReplicaSet } from '../../../../shared/api/workloads';
import { POD_TEMPLATE_HASH, WORKLOAD_ANNOTATIONS } from '../../../../shared/api/workloads';

// What the workload tables show, computed from the objects as `kubectl get` computes its columns, and
// how the pod-template form's pod becomes a Deployment or a Job. Pure functions, tested beside.

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const status = (o: { status?: unknown }): Record<string, any> => (o.status && typeof o.status === 'object' ? o.status as Record<string, any> : {});

/** imagesOf lists the images of a pod template's containers, comma-separated (kubectl's IMAGES column). */
export function imagesOf(t: { spec: { containers: { image?: string }[] } } | undefined): string {
  return (t?.spec.containers ?? []).map((c) => c.image ?? '').join(', ');
}

/** DeploymentRow is one line of the Deployments table: kubectl's columns plus the image. */
export interface DeploymentRow { name: string; desired: number; ready: string; upToDate: number; available: number; image: string; created?: string; progressing: boolean }

/** deploymentRow reads READY (ready/desired), UP-TO-DATE and AVAILABLE from the status the controller writes. */
export function deploymentRow(d: Deployment): DeploymentRow {
  const s = status(d);
  const desired = d.spec.replicas ?? 1;
  return {
    name: d.metadata.name ?? '', desired, ready: `${num(s.readyReplicas)}/${desired}`, upToDate: num(s.updatedReplicas), available: num(s.availableReplicas),
    image: imagesOf(d.spec.template), created: d.metadata.creationTimestamp ?? undefined,
    progressing: num(s.updatedReplicas) !== desired || num(s.availableReplicas) !== desired || num(s.replicas) !== desired,
  };
}

/** JobRow is one line of the Jobs table: COMPLETIONS, DURATION and a status word. */
export interface JobRow { name: string; completions: string; duration: string; status: 'Complete' | 'Failed' | 'Suspended' | 'Running' | 'Pending'; image: string; created?: string }

/** durationText renders seconds as kubectl does for a job's DURATION (`45s`, `3m12s`, `2h5m`). */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
}

/** jobRow reads a job's progress: succeeded/completions, the time from start to completion (or to `now`), and its state. */
export function jobRow(j: Job, now: number): JobRow {
  const s = status(j);
  const conditions: { type?: string; status?: string }[] = Array.isArray(s.conditions) ? s.conditions : [];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  const start = Date.parse(s.startTime ?? '');
  const end = Date.parse(s.completionTime ?? '') || now;
  return {
    name: j.metadata.name ?? '',
    completions: `${num(s.succeeded)}/${j.spec.completions ?? 1}`,
    duration: Number.isNaN(start) ? '' : durationText((end - start) / 1000),
    status: has('Complete') ? 'Complete' : has('Failed') ? 'Failed' : j.spec.suspend ? 'Suspended' : num(s.active) > 0 ? 'Running' : 'Pending',
    image: imagesOf(j.spec.template),
    created: j.metadata.creationTimestamp ?? undefined,
  };
}

/** Revision is one entry of a Deployment's rollout history: a ReplicaSet it owns. */
export interface Revision { revision: number; name: string; image: string; changeCause: string; replicas: number; ready: number; replicaSet: ReplicaSet }

/** revisionsOf lists the ReplicaSets `d` owns (by owner uid), newest revision first, as `kubectl rollout history`. */
export function revisionsOf(d: Deployment, replicaSets: readonly ReplicaSet[]): Revision[] {
  return replicaSets
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === d.metadata.uid))
    .map((rs) => ({
      revision: Number(rs.metadata.annotations?.[WORKLOAD_ANNOTATIONS.revision]) || 0,
      name: rs.metadata.name ?? '',
      image: imagesOf(rs.spec.template),
      changeCause: rs.metadata.annotations?.[WORKLOAD_ANNOTATIONS.changeCause] ?? '',
      replicas: num(status(rs).replicas),
      ready: num(status(rs).readyReplicas),
      replicaSet: rs,
    }))
    .sort((a, b) => b.revision - a.revision);
}

/**
 * rollbackTemplate is the pod template an undo to `rs` writes back into its Deployment: the
 * ReplicaSet's template without the `pod-template-hash` label the controller added (as kubectl).
 */
export function rollbackTemplate(rs: ReplicaSet): ReplicaSet['spec']['template'] {
  const t = structuredClone(rs.spec.template);
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** readyAddresses lists the addresses of the ready endpoints of a Service's EndpointSlices (ready unless said otherwise, as upstream). */
export function readyAddresses(slices: readonly EndpointSlice[]): { address: string; pod?: string; ports: string }[] {
  return slices.flatMap((s) => {
    const ports = (s.ports ?? []).map((p) => `${p.port ?? ''}/${p.protocol ?? 'TCP'}`).join(', ');
    return (s.endpoints ?? [])
      .filter((e) => (e.conditions as { ready?: boolean } | undefined)?.ready !== false)
      .flatMap((e) => e.addresses.map((address) => ({ address, pod: (e.targetRef as { kind?: string; name?: string } | undefined)?.kind === 'Pod' ? (e.targetRef as { name?: string }).name : undefined, ports })));
  });
}

type Manifest = Record<string, any>;

/** templateOf turns the pod form's pod into a PodTemplateSpec labelled `app=<name>` (the workload's selector). */
function templateOf(pod: Manifest, name: string, extraSpec: Manifest = {}): Manifest {
  const meta = pod.metadata && typeof pod.metadata === 'object' ? pod.metadata : {};
  const labels = { ...(meta.labels ?? {}), app: name };
  return { metadata: { labels, ...(meta.annotations ? { annotations: meta.annotations } : {}) }, spec: { ...extraSpec, ...(pod.spec ?? {}) } };
}

/** deploymentFromPod is the Deployment the form creates: `replicas` copies of the pod, selected by `app=<name>`. */
export function deploymentFromPod(pod: Manifest, replicas: number): Manifest {
  const name = String(pod.metadata?.name ?? '');
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: templateOf(pod, name) },
  };
}

/** JobCounts are the Job form's own fields. */
export interface JobCounts { completions: number; parallelism: number; backoffLimit: number }

/** jobFromPod is the Job the form creates; its pods restart Never unless the pod says OnFailure (a Job's pods may not restart Always). */
export function jobFromPod(pod: Manifest, c: JobCounts): Manifest {
  const name = String(pod.metadata?.name ?? '');
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: { completions: c.completions, parallelism: c.parallelism, backoffLimit: c.backoffLimit, template: templateOf(pod, name, { restartPolicy: 'Never' }) },
  };
}

/** templatePodField maps a field of the workload (`spec.template.spec.containers[0].image`) to the pod form's; fields of the workload itself map to none. */
export function templatePodField(field: string): string | undefined {
  if (field === 'metadata.name') return field;
  if (field.startsWith('spec.template.')) return field.slice('spec.template.'.length);
  return undefined;
}

/** countProblem says what is wrong with a whole-number field typed as `text` (undefined when it is a number in [min, max]). */
export function countProblem(label: string, text: string, min: number, max = 100_000): string | undefined {
  if (!/^\d+$/.test(text.trim())) return `${label} must be a whole number.`;
  const n = Number(text);
  if (n < min) return `${label} must be at least ${min}.`;
  if (n > max) return `${label} must be at most ${max}.`;
  return undefined;
}

/** imageProblem says what is wrong with an image reference typed as `text` (undefined when it looks like one). */
export function imageProblem(text: string): string | undefined {
  const t = text.trim();
  if (!t) return 'Image is required.';
  if (/\s/.test(t)) return 'Image must not contain spaces.';
  return undefined;
}
