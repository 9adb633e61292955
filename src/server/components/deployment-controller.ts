import { createHash } from 'node:crypto';
import type { KubeObject } from '../../shared/api/meta';
import { POD_TEMPLATE_HASH, WORKLOAD_ANNOTATIONS } from '../../shared/api/workloads';
import { isStatus } from './client';
import { apiPath, type Condition, ownerRef, reasonOf, removeCondition, setCondition } from './controller-kit';
import { OwnerController, type OwnerControllerOptions } from './owner-controller';

// The deployment controller (`system:controller:deployment-controller`), after upstream's
// pkg/controller/deployment: each Deployment owns one ReplicaSet per pod template it has had
// (`<name>-<pod-template-hash>`, revision in `deployment.kubernetes.io/revision`). It rolls from the old
// ReplicaSets to the new one within maxSurge/maxUnavailable (or all at once for Recreate), keeps
// revisionHistoryLimit old ones for `kubectl rollout undo`, and reports replicas, conditions
// (Available, Progressing, ReplicaFailure) and observedGeneration through deployments/status. It reads
// and writes only Deployments and ReplicaSets: pods are the replicaset controller's.

const A = WORKLOAD_ANNOTATIONS;
const num = (v: unknown, d = 0) => (typeof v === 'number' ? v : d);

/** templateHash is the pod-template-hash of a template: a short, stable digest (upstream's ComputeHash in spirit). */
export function templateHash(template: unknown): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const digest = createHash('sha256').update(stableJson(template)).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += alphabet[digest[i] % alphabet.length];
  return out;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** resolveIntOrPercent resolves maxSurge (round up) or maxUnavailable (round down) against `total`. */
export function resolveIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
  if (!m) return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** surgeAndUnavailable returns a RollingUpdate's maxSurge and maxUnavailable (never both 0, as upstream). */
export function surgeAndUnavailable(d: KubeObject): { surge: number; unavailable: number } {
  const spec = (d as any).spec ?? {};
  const replicas = num(spec.replicas, 1);
  if (spec.strategy?.type === 'Recreate') return { surge: 0, unavailable: replicas };
  const ru = spec.strategy?.rollingUpdate ?? {};
  const surge = resolveIntOrPercent(ru.maxSurge ?? '25%', replicas, true);
  let unavailable = resolveIntOrPercent(ru.maxUnavailable ?? '25%', replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

const revisionOf = (rs: KubeObject) => Number(rs.metadata.annotations?.[A.revision] ?? 0) || 0;
const specReplicas = (rs: KubeObject) => num((rs as any).spec?.replicas);
const statusOf = (rs: KubeObject, f: string) => num((rs as any).status?.[f]);

/** DeploymentControllerOptions configure a DeploymentController. */
export type DeploymentControllerOptions = OwnerControllerOptions;

/** DeploymentController rolls Deployments out through their ReplicaSets (the OwnerController frame, children: ReplicaSets). */
export class DeploymentController extends OwnerController {
  constructor(opts: DeploymentControllerOptions) {
    super(opts, { group: 'apps', resource: 'deployments', apiVersion: 'apps/v1', kind: 'Deployment', child: { group: 'apps', resource: 'replicasets' }, component: 'deployment-controller', logKey: 'deployment' });
  }

  private owned(d: KubeObject): KubeObject[] {
    return this.index.of(d.metadata.uid!).filter((rs) => !rs.metadata.deletionTimestamp);
  }

  protected async sync(key: string): Promise<void> {
    const d = this.owner(key);
    if (!d) return;
    const spec = (d as any).spec ?? {};
    // Adopt matching orphan ReplicaSets and release the ones that no longer match (upstream's ClaimReplicaSets).
    const all = (await this.claim(d)).filter((rs) => !rs.metadata.deletionTimestamp);
    const hash = templateHash(spec.template);
    let newRS = all.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
    const old = all.filter((rs) => rs !== newRS);
    const maxRevision = Math.max(0, ...all.map(revisionOf));
    let created = false;
    if (!spec.paused) {
      if (!newRS) {
        newRS = await this.createReplicaSet(d, hash, maxRevision + 1, old);
        created = true;
      } else if (revisionOf(newRS) < maxRevision) {
        // A rollback (or a return to an earlier template): that ReplicaSet becomes the newest revision.
        newRS = await this.patchReplicaSet(newRS, undefined, { [A.revision]: String(maxRevision + 1), [A.revisionHistory]: [newRS.metadata.annotations?.[A.revisionHistory], String(revisionOf(newRS))].filter(Boolean).join(',') });
      }
      if (newRS) {
        if (spec.strategy?.type === 'Recreate') await this.recreate(d, newRS, old);
        else await this.rollingUpdate(d, newRS, old);
        await this.cleanup(d, old);
      }
    }
    await this.writeStatus(d, newRS, this.owned(d), created);
    await this.syncRevision(d, newRS);
    // Progress is judged against the deadline even when nothing changes.
    if (newRS && !spec.paused) this.queue.addAfter(key, Math.min(num(spec.progressDeadlineSeconds, 600), 60) * 1000);
  }

  private async createReplicaSet(d: KubeObject, hash: string, revision: number, old: KubeObject[]): Promise<KubeObject | undefined> {
    const spec = (d as any).spec;
    const template = structuredClone(spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    const { surge } = surgeAndUnavailable(d);
    const replicas = num(spec.replicas, 1);
    // The first ReplicaSet starts at full size; later ones within the surge (Recreate: after the old ones are gone).
    const oldTotal = old.reduce((n, rs) => n + specReplicas(rs), 0);
    const initial = spec.strategy?.type === 'Recreate' ? 0 : Math.max(0, Math.min(replicas, replicas + surge - oldTotal));
    const changeCause = d.metadata.annotations?.[A.changeCause];
    const rs = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: template.metadata.labels,
        annotations: { [A.revision]: String(revision), [A.desiredReplicas]: String(replicas), [A.maxReplicas]: String(replicas + surge), ...(changeCause ? { [A.changeCause]: changeCause } : {}) },
        ownerReferences: [ownerRef(d, 'apps/v1', 'Deployment')],
      },
      spec: { replicas: initial, minReadySeconds: num(spec.minReadySeconds), selector: { ...spec.selector, matchLabels: { ...(spec.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } }, template },
    };
    try {
      const out = await this.opts.client.create(apiPath('apps', 'replicasets', d.metadata.namespace), rs);
      this.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata.name} from 0 to ${initial}`);
      return out;
    } catch (e) {
      if (isStatus(e, 409)) return undefined; // made by an earlier sync; the informer brings it
      this.events.record(d, 'Warning', 'FailedCreate', `Failed to create new replica set "${rs.metadata.name}": ${reasonOf(e)}`);
      throw e;
    }
  }

  private async patchReplicaSet(rs: KubeObject, replicas: number | undefined, annotations: Record<string, string> = {}): Promise<KubeObject> {
    const body: Record<string, unknown> = { metadata: { annotations, resourceVersion: rs.metadata.resourceVersion } };
    if (replicas !== undefined) body.spec = { replicas };
    return this.opts.client.patch(apiPath('apps', 'replicasets', rs.metadata.namespace, rs.metadata.name), body);
  }

  /** scale sets a ReplicaSet's replicas (and the desired/max annotations) and records ScalingReplicaSet. */
  private async scale(d: KubeObject, rs: KubeObject, to: number): Promise<KubeObject> {
    const from = specReplicas(rs);
    const replicas = num((d as any).spec?.replicas, 1);
    const ann = { [A.desiredReplicas]: String(replicas), [A.maxReplicas]: String(replicas + surgeAndUnavailable(d).surge) };
    if (from === to && rs.metadata.annotations?.[A.desiredReplicas] === ann[A.desiredReplicas]) return rs;
    const out = await this.patchReplicaSet(rs, to, ann);
    if (from !== to) this.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`);
    return out;
  }

  private async recreate(d: KubeObject, newRS: KubeObject, old: KubeObject[]): Promise<void> {
    let waiting = false;
    for (const rs of old) {
      if (specReplicas(rs) > 0) await this.scale(d, rs, 0);
      if (specReplicas(rs) > 0 || statusOf(rs, 'replicas') > 0) waiting = true;
    }
    if (!waiting) await this.scale(d, newRS, num((d as any).spec?.replicas, 1));
  }

  /** rollingUpdate is upstream's rolloutRolling: scale the new ReplicaSet up within maxSurge, the old ones down within maxUnavailable. */
  private async rollingUpdate(d: KubeObject, newRS: KubeObject, old: KubeObject[]): Promise<void> {
    const replicas = num((d as any).spec?.replicas, 1);
    const { surge, unavailable } = surgeAndUnavailable(d);
    const total = () => [newRS, ...old].reduce((n, rs) => n + specReplicas(rs), 0);
    const cur = specReplicas(newRS);
    if (cur > replicas) newRS = await this.scale(d, newRS, replicas);
    else if (cur < replicas) {
      const room = replicas + surge - total();
      const to = Math.min(replicas, cur + Math.max(0, room));
      if (to !== cur) newRS = await this.scale(d, newRS, to);
    } else await this.scale(d, newRS, replicas);
    const active = old.filter((rs) => specReplicas(rs) > 0);
    if (active.length === 0) return;
    const minAvailable = replicas - unavailable;
    const newUnavailable = specReplicas(newRS) - statusOf(newRS, 'availableReplicas');
    let budget = total() - minAvailable - newUnavailable;
    if (budget <= 0) return;
    // First the old replicas that are not available anyway, then available ones while enough stay available.
    const sorted = [...active].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    for (const rs of sorted) {
      if (budget <= 0) break;
      const unhealthy = specReplicas(rs) - statusOf(rs, 'availableReplicas');
      const cut = Math.min(budget, Math.max(0, unhealthy));
      if (cut > 0) {
        const i = old.indexOf(rs);
        old[i] = await this.scale(d, rs, specReplicas(rs) - cut);
        budget -= cut;
      }
    }
    const available = [newRS, ...old].reduce((n, rs) => n + statusOf(rs, 'availableReplicas'), 0);
    let down = Math.min(budget, available - minAvailable);
    for (const rs of [...old].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)))) {
      if (down <= 0) break;
      const cut = Math.min(down, specReplicas(rs));
      if (cut > 0) {
        await this.scale(d, rs, specReplicas(rs) - cut);
        down -= cut;
      }
    }
  }

  /** cleanup deletes the oldest empty old ReplicaSets beyond revisionHistoryLimit. */
  private async cleanup(d: KubeObject, old: KubeObject[]): Promise<void> {
    const limit = num((d as any).spec?.revisionHistoryLimit, 10);
    const empty = old.filter((rs) => specReplicas(rs) === 0 && statusOf(rs, 'replicas') === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of empty.slice(0, Math.max(0, empty.length - limit))) {
      try {
        await this.opts.client.delete(apiPath('apps', 'replicasets', rs.metadata.namespace, rs.metadata.name), { propagationPolicy: 'Background', preconditions: { uid: rs.metadata.uid } });
      } catch (e) {
        if (!isStatus(e, 404, 409)) throw e;
      }
    }
  }

  private async writeStatus(d: KubeObject, newRS: KubeObject | undefined, all: KubeObject[], created: boolean): Promise<void> {
    const spec = (d as any).spec ?? {};
    const old = (d as any).status ?? {};
    const replicas = num(spec.replicas, 1);
    const sum = (f: string) => all.reduce((n, rs) => n + statusOf(rs, f), 0);
    const available = sum('availableReplicas');
    const updated = newRS ? statusOf(newRS, 'replicas') : 0;
    const total = sum('replicas');
    const { unavailable } = surgeAndUnavailable(d);
    let conditions: Condition[] = old.conditions ?? [];
    conditions = setCondition(conditions, available >= replicas - unavailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, true);
    const name = newRS?.metadata.name ?? '';
    const complete = newRS && updated === replicas && available === replicas && total === replicas && specReplicas(newRS) === replicas;
    const progressing = conditions.find((c) => c.type === 'Progressing');
    if (spec.paused) conditions = setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, true);
    else if (created) conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${name}"` }, true);
    else if (complete) conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.` }, true);
    else if (newRS) {
      const moved = old.updatedReplicas !== updated || old.availableReplicas !== available || old.replicas !== total || progressing?.reason === 'NewReplicaSetAvailable';
      const since = Date.parse(progressing?.lastUpdateTime ?? '') || Date.now();
      if (moved || !progressing) conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` }, true);
      else if (Date.now() - since > num(spec.progressDeadlineSeconds, 600) * 1000) {
        conditions = setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}" has timed out progressing.` }, true);
      }
    }
    // The new ReplicaSet's refusals (a delegation refused by admission) surface on the Deployment, as upstream.
    const failure = ((newRS as any)?.status?.conditions ?? []).find((c: Condition) => c.type === 'ReplicaFailure' && c.status === 'True') as Condition | undefined;
    conditions = failure ? setCondition(conditions, { type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message }, true) : removeCondition(conditions, 'ReplicaFailure');
    const status: Record<string, unknown> = {
      observedGeneration: d.metadata.generation ?? 1, replicas: total, updatedReplicas: updated, readyReplicas: sum('readyReplicas'),
      availableReplicas: available, unavailableReplicas: Math.max(0, replicas - available), terminatingReplicas: sum('terminatingReplicas'), conditions,
    };
    if (JSON.stringify(status) === JSON.stringify(Object.fromEntries(Object.keys(status).map((k) => [k, old[k]])))) return;
    try {
      await this.opts.client.update(apiPath('apps', 'deployments', d.metadata.namespace, d.metadata.name, 'status'), { ...d, status });
    } catch (e) {
      if (!isStatus(e, 404, 409)) throw e;
    }
  }

  /** syncRevision copies the new ReplicaSet's revision onto the Deployment (what `kubectl rollout history` reads first). */
  private async syncRevision(d: KubeObject, newRS: KubeObject | undefined): Promise<void> {
    const rev = newRS?.metadata.annotations?.[A.revision];
    if (!rev || d.metadata.annotations?.[A.revision] === rev) return;
    try {
      await this.opts.client.patch(apiPath('apps', 'deployments', d.metadata.namespace, d.metadata.name), { metadata: { annotations: { [A.revision]: rev } } });
    } catch (e) {
      if (!isStatus(e, 404, 409)) throw e;
    }
  }
}
