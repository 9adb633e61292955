import type { KubeObject } from '../../shared/api/meta';
import { isStatus } from './client';
import { apiPath, type Condition, isActive, isAvailable, isReady, podFromTemplate, reasonOf, removeCondition, setCondition } from './controller-kit';
import { OwnerController, type OwnerControllerOptions } from './owner-controller';

// The replicaset controller (`system:controller:replicaset-controller`): it keeps spec.replicas pods of
// each ReplicaSet. It creates copies of the ReplicaSet's template (owned by it) and deletes surplus pods,
// least useful first (unscheduled, pending, not ready, youngest); it reads no secret, config map or
// volume data. Admission makes its pods for the human recorded on the ReplicaSet, with their grants: a
// refusal becomes a FailedCreate event and a ReplicaFailure condition naming the reason, and is retried
// with backoff (the running pods stay). Status (replicas, ready, available, observedGeneration) goes
// through replicasets/status. Events are upstream's: SuccessfulCreate, SuccessfulDelete, FailedCreate.

/** BURST is how many pods one sync creates at most (upstream's burstReplicas). */
const BURST = 500;

/** ReplicaSetControllerOptions configure a ReplicaSetController. */
export type ReplicaSetControllerOptions = OwnerControllerOptions;

/** ReplicaSetController keeps each ReplicaSet's pod count at spec.replicas. */
export class ReplicaSetController extends OwnerController {
  constructor(opts: ReplicaSetControllerOptions) {
    super(opts, { group: 'apps', resource: 'replicasets', apiVersion: 'apps/v1', kind: 'ReplicaSet', child: { group: '', resource: 'pods' }, component: 'replicaset-controller', logKey: 'replicaset' });
  }

  protected async sync(key: string): Promise<void> {
    const rs = this.owner(key);
    if (!rs) return;
    const uid = rs.metadata.uid!;
    const spec = (rs as any).spec ?? {};
    const want = spec.replicas ?? 1;
    const pending = this.expect.pending(uid);
    // Adopt matching orphan pods and release the ones that no longer match (upstream's ClaimPods).
    const owned = await this.claim(rs);
    const active = owned.filter((p) => isActive(p) && !pending.dels.has(p.metadata.uid!));
    const diff = active.length + pending.adds - want;
    let failure: string | undefined;
    if (diff < 0) failure = await this.createPods(rs, Math.min(-diff, BURST));
    else if (diff > 0 && pending.adds === 0) await this.deletePods(rs, active, diff);
    await this.writeStatus(rs, owned, failure);
    if (failure) this.queue.retry(key, 60_000);
    else this.queue.forget(key);
    // Availability waits for minReadySeconds: look again when the youngest ready pod qualifies.
    const minReady = spec.minReadySeconds ?? 0;
    if (minReady > 0 && active.some((p) => isReady(p) && !isAvailable(p, minReady))) this.queue.addAfter(key, minReady * 1000);
  }

  /** createPods creates `n` pods in slow-start batches (1, 2, 4, …) and stops at the first refusal, whose reason it returns. */
  private async createPods(rs: KubeObject, n: number): Promise<string | undefined> {
    const uid = rs.metadata.uid!;
    const path = apiPath('', 'pods', rs.metadata.namespace);
    let left = n;
    for (let batch = 1; left > 0; batch = Math.min(batch * 2, 64)) {
      const size = Math.min(batch, left);
      left -= size;
      const results = await Promise.allSettled(Array.from({ length: size }, async () => {
        const pod = await this.opts.client.create(path, podFromTemplate(rs, 'apps/v1', 'ReplicaSet'));
        this.expect.created(uid, pod.metadata.name!);
        this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      }));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        const why = reasonOf(failed.reason);
        this.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${why}`);
        return why;
      }
    }
    return undefined;
  }

  /** deletePods deletes `n` pods, least useful first (upstream's ActivePods ranking). */
  private async deletePods(rs: KubeObject, active: KubeObject[], n: number): Promise<void> {
    const rank = (p: KubeObject) => ((p as any).spec?.nodeName ? 1 : 0) + ((p as any).status?.phase === 'Running' ? 1 : 0) + (isReady(p) ? 1 : 0);
    const victims = [...active].sort((a, b) => rank(a) - rank(b) || String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp))).slice(0, n);
    await Promise.all(victims.map(async (p) => {
      this.expect.deleting(rs.metadata.uid!, p.metadata.uid!);
      try {
        await this.opts.client.delete(apiPath('', 'pods', p.metadata.namespace, p.metadata.name), { preconditions: { uid: p.metadata.uid } });
        this.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (e) {
        if (!isStatus(e, 404, 409)) throw e;
      }
    }));
  }

  private async writeStatus(rs: KubeObject, owned: KubeObject[], failure: string | undefined): Promise<void> {
    const spec = (rs as any).spec ?? {};
    const old = (rs as any).status ?? {};
    const active = owned.filter(isActive);
    const labels = spec.template?.metadata?.labels ?? {};
    let conditions: Condition[] = old.conditions ?? [];
    if (failure) conditions = setCondition(conditions, { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: failure });
    else if (active.length >= (spec.replicas ?? 1)) conditions = removeCondition(conditions, 'ReplicaFailure');
    const status: Record<string, unknown> = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
      readyReplicas: active.filter(isReady).length,
      availableReplicas: active.filter((p) => isAvailable(p, spec.minReadySeconds ?? 0)).length,
      terminatingReplicas: owned.filter((p) => p.metadata.deletionTimestamp).length,
      observedGeneration: rs.metadata.generation ?? 1,
      ...(conditions.length ? { conditions } : {}),
    };
    const same = JSON.stringify(status) === JSON.stringify({ ...status, ...Object.fromEntries(Object.keys(status).map((k) => [k, old[k]])) });
    if (same) return;
    try {
      await this.opts.client.update(apiPath('apps', 'replicasets', rs.metadata.namespace, rs.metadata.name, 'status'), { ...rs, status });
    } catch (e) {
      // A newer ReplicaSet is on its way through the informer; that sync writes the status.
      if (!isStatus(e, 404, 409)) throw e;
    }
  }
}
