import type { KubeObject } from '../../shared/api/meta';
import { compressIndexes, JOB_COMPLETION_INDEX, parseIndexes, withCompletionIndex } from '../../shared/api/workloads';
import { isStatus, objectKey } from './client';
import { apiPath, type Condition, isActive, isReady, podFromTemplate, reasonOf, setCondition, timestamp } from './controller-kit';
import { OwnerController, type OwnerControllerOptions } from './owner-controller';

// The job controller (`system:controller:job-controller`), after upstream's pkg/controller/job: it runs
// a Job's pods until `completions` of them succeed (at most `parallelism` at once), fails the Job after
// more than `backoffLimit` failed pods or past `activeDeadlineSeconds`, stops while `suspend`ed, and
// deletes a finished Job after `ttlSecondsAfterFinished` (upstream's ttl-after-finished controller,
// folded in). Like the replicaset controller, it creates copies of the Job's template, admitted for the
// human recorded on the Job; it reads no secret, config map or volume data.

const num = (v: unknown, d = 0) => (typeof v === 'number' ? v : d);

/** PolicyMatch is the podFailurePolicy rule a failed pod matched: its action, index and upstream's message. */
export interface PolicyMatch { action: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex'; index: number; message: string }

interface PolicyRule {
  action: PolicyMatch['action'];
  onExitCodes?: { containerName?: string | null; operator: 'In' | 'NotIn'; values: number[] } | null;
  onPodConditions?: { type: string; status?: string }[] | null;
}

/**
 * matchPodFailurePolicy is upstream's matchPodFailurePolicy: the first rule a failed pod matches, or
 * undefined (the failure then counts toward backoffLimit). An exit-code rule matches a terminated
 * container (containers first, then init containers) with a non-zero code In (NotIn) its values; a
 * condition rule matches a pod condition of that type and status (default True).
 */
export function matchPodFailurePolicy(policy: { rules?: PolicyRule[] | null } | null | undefined, pod: KubeObject): PolicyMatch | undefined {
  const st = (pod as any).status ?? {};
  const where = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [index, rule] of (policy?.rules ?? []).entries()) {
    const req = rule.onExitCodes;
    if (req) {
      const statuses: any[] = [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? [])];
      const hit = statuses.find((c) => {
        const code = c.state?.terminated?.exitCode;
        if (typeof code !== 'number' || code === 0) return false;
        if (req.containerName && req.containerName !== c.name) return false;
        return req.operator === 'NotIn' ? !req.values.includes(code) : req.values.includes(code);
      });
      if (hit) return { action: rule.action, index, message: `Container ${hit.name} for pod ${where} failed with exit code ${hit.state.terminated.exitCode} matching ${rule.action} rule at index ${index}` };
    }
    for (const want of rule.onPodConditions ?? []) {
      const c = ((st.conditions ?? []) as { type: string; status: string }[]).find((x) => x.type === want.type && x.status === (want.status ?? 'True'));
      if (c) return { action: rule.action, index, message: `Pod ${where} has condition ${c.type} matching ${rule.action} rule at index ${index}` };
    }
  }
  return undefined;
}
const isDone = (conds: Condition[]) => conds.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** JobControllerOptions configure a JobController. */
export type JobControllerOptions = OwnerControllerOptions;

/** JobController runs Jobs to completion. */
export class JobController extends OwnerController {
  constructor(opts: JobControllerOptions) {
    super(opts, { group: 'batch', resource: 'jobs', apiVersion: 'batch/v1', kind: 'Job', child: { group: '', resource: 'pods' }, component: 'job-controller', logKey: 'job' });
  }

  protected async sync(key: string): Promise<void> {
    const job = this.owner(key);
    if (!job) return;
    const spec = (job as any).spec ?? {};
    const st = (job as any).status ?? {};
    let conditions: Condition[] = st.conditions ?? [];
    if (isDone(conditions)) return this.expire(key, job, conditions);
    const uid = job.metadata.uid!;
    const pods = this.index.of(uid);
    const pending = this.expect.pending(uid);
    const active = pods.filter((p) => isActive(p) && !pending.dels.has(p.metadata.uid!));
    // Finished pods may be deleted later; what the status counted stays counted. A failure the
    // podFailurePolicy ignores is not counted; one it says FailJob fails the Job at once.
    const completions: number | null = spec.completions ?? null;
    // Indexed: an index is done once a pod of it succeeded; the Job is complete when every index is.
    const indexed = spec.completionMode === 'Indexed' && completions !== null;
    const indexOf = (p: KubeObject) => {
      const i = Number(p.metadata.annotations?.[JOB_COMPLETION_INDEX]);
      return Number.isInteger(i) && i >= 0 && i < (completions ?? 0) ? i : undefined;
    };
    const done = parseIndexes(st.completedIndexes);
    if (indexed) for (const p of pods) if ((p as any).status?.phase === 'Succeeded' && indexOf(p) !== undefined) done.add(indexOf(p)!);
    const succeeded = indexed ? done.size : Math.max(num(st.succeeded), pods.filter((p) => (p as any).status?.phase === 'Succeeded').length);
    const verdicts = pods.filter((p) => (p as any).status?.phase === 'Failed').map((p) => matchPodFailurePolicy(spec.podFailurePolicy, p));
    const failed = Math.max(num(st.failed), verdicts.filter((v) => v?.action !== 'Ignore').length);
    const failJob = verdicts.find((v) => v?.action === 'FailJob');
    const status: Record<string, any> = { ...st, startTime: st.startTime ?? (spec.suspend ? undefined : timestamp()) };
    const parallelism = num(spec.parallelism, 1);
    let finished: 'Complete' | 'Failed' | undefined;
    let stopActive = false;
    if (failJob) {
      finished = 'Failed';
      conditions = this.fail(job, conditions, 'PodFailurePolicy', failJob.message);
    } else if (failed > num(spec.backoffLimit, 6)) {
      finished = 'Failed';
      conditions = this.fail(job, conditions, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    } else if (spec.activeDeadlineSeconds && status.startTime && Date.now() - Date.parse(status.startTime) > spec.activeDeadlineSeconds * 1000) {
      finished = 'Failed';
      conditions = this.fail(job, conditions, 'DeadlineExceeded', 'Job was active longer than specified deadline');
    } else if ((completions !== null && succeeded >= completions) || (completions === null && succeeded > 0 && active.length === 0)) {
      finished = 'Complete';
      conditions = setCondition(conditions, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: timestamp() });
      conditions = setCondition(conditions, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: timestamp() });
      status.completionTime = timestamp();
      this.events.record(job, 'Normal', 'Completed', 'Job completed');
    } else if (spec.suspend) {
      stopActive = true;
      conditions = setCondition(conditions, { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: timestamp() });
    } else {
      conditions = conditions.filter((c) => c.type !== 'Suspended');
      const want = completions === null ? (succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, completions - succeeded);
      const diff = want - active.length - pending.adds;
      if (diff > 0 && indexed) {
        // The lowest indexes neither done nor running; one round at a time, so no index is made twice.
        const busy = new Set(active.map(indexOf));
        const free: number[] = [];
        for (let i = 0; i < completions! && free.length < diff; i++) if (!done.has(i) && !busy.has(i)) free.push(i);
        if (pending.adds === 0 && free.length) await this.create(job, free);
      } else if (diff > 0) await this.create(job, Array.from({ length: diff }, () => undefined));
      else if (diff < 0 && pending.adds === 0) await this.remove(job, active.slice(0, -diff));
    }
    if (finished || stopActive) await this.remove(job, active);
    Object.assign(status, {
      active: finished || stopActive ? 0 : active.length + this.expect.pending(uid).adds,
      succeeded, failed, ready: active.filter(isReady).length, terminating: pods.filter((p) => p.metadata.deletionTimestamp).length,
      uncountedTerminatedPods: {}, conditions,
    });
    if (indexed) status.completedIndexes = compressIndexes(done);
    if (!status.startTime) delete status.startTime;
    if (conditions.length === 0) delete status.conditions;
    for (const k of ['active', 'succeeded', 'failed'] as const) if (status[k] === 0) delete status[k];
    if (JSON.stringify(status) !== JSON.stringify(st)) {
      try {
        await this.opts.client.update(apiPath('batch', 'jobs', job.metadata.namespace, job.metadata.name, 'status'), { ...job, status });
      } catch (e) {
        if (!isStatus(e, 404, 409)) throw e;
      }
    }
    if (spec.activeDeadlineSeconds && !finished && status.startTime) this.queue.addAfter(key, Math.max(0, Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000 - Date.now()) + 100);
  }

  private fail(job: KubeObject, conditions: Condition[], reason: string, message: string): Condition[] {
    this.events.record(job, 'Warning', reason, message);
    const c = setCondition(conditions, { type: 'FailureTarget', status: 'True', reason, message, lastProbeTime: timestamp() });
    return setCondition(c, { type: 'Failed', status: 'True', reason, message, lastProbeTime: timestamp() });
  }

  /** create makes one pod per entry: of that completion index (Indexed Jobs), or a plain copy (undefined). */
  private async create(job: KubeObject, indexes: (number | undefined)[]): Promise<void> {
    const uid = job.metadata.uid!;
    const name = job.metadata.name!;
    const results = await Promise.allSettled(indexes.map(async (i) => {
      const owner = i === undefined ? job : { ...job, spec: { ...(job as any).spec, template: withCompletionIndex((job as any).spec.template, name, i) } } as KubeObject;
      const pod = await this.opts.client.create(apiPath('', 'pods', job.metadata.namespace), podFromTemplate(owner, 'batch/v1', 'Job', i === undefined ? undefined : `${name}-${i}-`));
      this.expect.created(uid, pod.metadata.name!);
      this.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    }));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      this.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${reasonOf(failed.reason)}`);
      this.queue.retry(objectKey(job), 60_000);
    }
  }

  private async remove(job: KubeObject, pods: KubeObject[]): Promise<void> {
    await Promise.all(pods.map(async (p) => {
      this.expect.deleting(job.metadata.uid!, p.metadata.uid!);
      try {
        await this.opts.client.delete(apiPath('', 'pods', p.metadata.namespace, p.metadata.name), { preconditions: { uid: p.metadata.uid } });
        this.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (e) {
        if (!isStatus(e, 404, 409)) throw e;
      }
    }));
  }

  /** expire deletes a finished Job once ttlSecondsAfterFinished has passed (its pods go with it), else looks again then. */
  private async expire(key: string, job: KubeObject, conditions: Condition[]): Promise<void> {
    const ttl = (job as any).spec?.ttlSecondsAfterFinished;
    if (typeof ttl !== 'number') return;
    const done = conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    const at = Date.parse((job as any).status?.completionTime ?? done?.lastTransitionTime ?? '') || Date.now();
    const left = at + ttl * 1000 - Date.now();
    if (left > 0) return void this.queue.addAfter(key, left + 50);
    try {
      await this.opts.client.delete(apiPath('batch', 'jobs', job.metadata.namespace, job.metadata.name), { propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid } });
    } catch (e) {
      if (!isStatus(e, 404, 409)) throw e;
    }
  }
}
