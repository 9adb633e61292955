import type { KubeObject } from '../../shared/api/meta';
import { matchesRequirements, selectorToRequirements } from '../../shared/api/labels';
import type { LabelSelector } from '../../shared/api/workloads';
import { ApiClient, EventRecorder, isStatus, objectKey, SILENT, startInStages, type CachedInformer, type ClientLog } from './client';
import { apiPath, ChildIndex, controllerUid, Expectations, ownerRef, reasonOf } from './controller-kit';
import { SharedInformers } from './shared-informers';
import { WorkQueue } from './workqueue';

/**
 * OwnerControllerOptions configure a controller of objects that own children (replica sets, jobs,
 * deployments); `informers` are the process's shared informers (default: the controller's own).
 */
export interface OwnerControllerOptions { client: ApiClient; log?: ClientLog; workers?: number; informers?: SharedInformers }

/** ResourceRef names an API resource by group and plural. */
export interface ResourceRef { group: string; resource: string }

/**
 * OwnerKind says which objects an OwnerController manages (`group`/`resource`, written as
 * `apiVersion`/`kind` in owner references), which children they own, and how the controller names itself.
 */
export interface OwnerKind extends ResourceRef { apiVersion: string; kind: string; child: ResourceRef; component: string; logKey: string }

/** ClaimPlan is what claiming children decides: orphans to adopt, owned children to release. */
export interface ClaimPlan { adopt: KubeObject[]; release: KubeObject[] }

/**
 * planClaim is upstream's ControllerRefManager decision for one owner: a child it controls whose labels
 * no longer match its selector is released; an orphan (no controller reference) in its namespace whose
 * labels match is adopted, unless the owner or the child is being deleted. An owner being deleted
 * releases nothing either (its children go with it). Children of other controllers are never touched.
 */
export function planClaim(owner: KubeObject, selector: LabelSelector | undefined, owned: KubeObject[], orphans: KubeObject[]): ClaimPlan {
  // An empty selector matches nothing here (upstream: a controller's selector must not be empty).
  const empty = !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
  if (owner.metadata.deletionTimestamp) return { adopt: [], release: [] };
  // Parsed once: a sync may look at every orphan of a namespace.
  const reqs = empty ? [] : selectorToRequirements(selector as never);
  const matches = (o: KubeObject) => !empty && matchesRequirements(o.metadata.labels, reqs);
  return {
    adopt: orphans.filter((o) => o.metadata.namespace === owner.metadata.namespace && !o.metadata.deletionTimestamp && !controllerUid(o) && matches(o)),
    release: owned.filter((o) => controllerUid(o) === owner.metadata.uid && !matches(o)),
  };
}

/**
 * OwnerController is the machinery the replicaset, job and deployment controllers share (upstream's
 * controller pattern): an informer on the owners and one on their children, an index of children by
 * controller owner (and of orphans by namespace, for adoption), expectations of its own creates and
 * deletes (so a sync never acts twice on a change it has not yet seen), a work queue with retry, and an
 * event recorder. A subclass writes only `sync(key)`, calling `claim` where it adopts and releases.
 */
export abstract class OwnerController {
  protected log: ClientLog;
  protected owners: CachedInformer;
  protected children: CachedInformer;
  protected index = new ChildIndex();
  protected expect = new Expectations();
  protected queue: WorkQueue;
  protected events: EventRecorder;
  private byUid = new Map<string, string>();

  constructor(protected opts: OwnerControllerOptions, protected kind: OwnerKind) {
    this.log = opts.log ?? SILENT;
    const c = opts.client;
    this.events = new EventRecorder(c, { component: kind.component }, this.log);
    this.queue = new WorkQueue((k) => this.sync(k), (k, e) => {
      this.log.warn({ [kind.logKey]: k, err: reasonOf(e) }, `${kind.logKey} sync failed; retrying`);
      this.queue.retry(k);
    }, opts.workers ?? 4);
    const informers = opts.informers ?? new SharedInformers(this.log);
    this.owners = informers.informer(c, kind, {}, (t, o) => {
      if (t === 'DELETED') { this.byUid.delete(o.metadata.uid!); this.expect.forget(o.metadata.uid!); return; }
      this.byUid.set(o.metadata.uid!, objectKey(o));
      this.queue.add(objectKey(o));
    });
    this.children = informers.informer(c, kind.child, {}, (t, o) => {
      const { before, after } = this.index.update(t, o);
      for (const owner of new Set([before, after])) {
        if (!owner) continue;
        this.expect.observe(owner, o, t);
        const key = this.byUid.get(owner);
        if (key) this.queue.add(key);
      }
      // An orphan may be adopted by an owner whose selector matches it.
      if (!after && t !== 'DELETED') for (const key of this.matchingOwners(o)) this.queue.add(key);
    });
  }

  /** start lists the children, then the owners; it resolves once both are synced. */
  async start(): Promise<void> {
    await startInStages([this.children], [this.owners]);
  }

  stop(): void {
    this.queue.stop();
    this.owners.stop();
    this.children.stop();
  }

  /** flushEvents resolves once the recorded events are written. */
  flushEvents(): Promise<void> { return this.events.flush(); }

  /** owner returns the cached owner of `key` unless it is gone or being deleted. */
  protected owner(key: string): KubeObject | undefined {
    const o = this.owners.cache.get(key);
    return o && !o.metadata.deletionTimestamp ? o : undefined;
  }

  /** ownerKey returns the queue key of an owner uid, if the owner is known. */
  protected ownerKey(uid: string): string | undefined { return this.byUid.get(uid); }

  private matchingOwners(child: KubeObject): string[] {
    const keys: string[] = [];
    for (const [key, o] of this.owners.cache) {
      if (o.metadata.namespace === child.metadata.namespace && planClaim(o, (o as any).spec?.selector, [], [child]).adopt.length) keys.push(key);
    }
    return keys;
  }

  /**
   * claim adopts the matching orphans and releases the non-matching children of `owner` (planClaim),
   * each with a merge patch of ownerReferences that holds the child's resourceVersion (a child changed
   * meanwhile is a 409, looked at again on its next event). It returns the children `owner` controls
   * afterwards (not being deleted: those are the caller's to count).
   */
  protected async claim(owner: KubeObject): Promise<KubeObject[]> {
    const uid = owner.metadata.uid!;
    const plan = planClaim(owner, (owner as any).spec?.selector, this.index.of(uid), this.index.orphansIn(owner.metadata.namespace ?? ''));
    const patchRefs = async (child: KubeObject, refs: unknown[]): Promise<KubeObject | undefined> => {
      try {
        return await this.opts.client.patch(apiPath(this.kind.child.group, this.kind.child.resource, child.metadata.namespace, child.metadata.name), {
          metadata: { ownerReferences: refs.length ? refs : null, resourceVersion: child.metadata.resourceVersion, uid: child.metadata.uid },
        });
      } catch (e) {
        if (isStatus(e, 404, 409, 422)) return undefined;
        throw e;
      }
    };
    const adopted = (await Promise.all(plan.adopt.map(async (c) => {
      const out = await patchRefs(c, [...(c.metadata.ownerReferences ?? []), ownerRef(owner, this.kind.apiVersion, this.kind.kind)]);
      if (out) this.log.info({ [this.kind.logKey]: objectKey(owner), child: objectKey(c) }, 'adopted an orphan');
      return out;
    }))).filter((c): c is KubeObject => !!c);
    await Promise.all(plan.release.map(async (c) => {
      const out = await patchRefs(c, (c.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
      if (out) this.log.info({ [this.kind.logKey]: objectKey(owner), child: objectKey(c) }, 'released a child that no longer matches');
    }));
    const released = new Set(plan.release.map((c) => c.metadata.uid));
    return [...this.index.of(uid).filter((c) => !released.has(c.metadata.uid)), ...adopted.filter((c) => !this.index.of(uid).some((x) => x.metadata.uid === c.metadata.uid))];
  }

  /** sync brings one owner (by `namespace/name` key) to its wanted state. */
  protected abstract sync(key: string): Promise<void>;
}
