import type { KubeObject } from '../../shared/api/meta';
import { ApiClient, EventRecorder, Informer, objectKey, SILENT, type ClientLog } from './client';
import { apiPath, Expectations, PodIndex, reasonOf } from './controller-kit';
import { WorkQueue } from './workqueue';

/** PodOwnerControllerOptions configure a controller of pod-owning objects (replica sets, jobs). */
export interface PodOwnerControllerOptions { client: ApiClient; log?: ClientLog; workers?: number }

/** OwnerKind says which objects a PodOwnerController owns pods for, and how it names itself. */
export interface OwnerKind { group: string; resource: string; component: string; logKey: string }

/**
 * PodOwnerController is the machinery the replicaset and job controllers share (upstream's
 * controller pattern): an informer on the owners and one on pods, an index of pods by controller
 * owner, expectations of its own creates and deletes (so a sync never acts twice on a change it has
 * not yet seen), a work queue with retry, and an event recorder. A subclass writes only `sync(key)`.
 */
export abstract class PodOwnerController {
  protected log: ClientLog;
  protected owners: Informer;
  protected pods: Informer;
  protected index = new PodIndex();
  protected expect = new Expectations();
  protected queue: WorkQueue;
  protected events: EventRecorder;
  private byUid = new Map<string, string>();

  constructor(protected opts: PodOwnerControllerOptions, kind: OwnerKind) {
    this.log = opts.log ?? SILENT;
    const c = opts.client;
    this.events = new EventRecorder(c, { component: kind.component }, this.log);
    this.queue = new WorkQueue((k) => this.sync(k), (k, e) => {
      this.log.warn({ [kind.logKey]: k, err: reasonOf(e) }, `${kind.logKey} sync failed; retrying`);
      this.queue.retry(k);
    }, opts.workers ?? 4);
    this.owners = new Informer(c, apiPath(kind.group, kind.resource), {}, (t, o) => {
      if (t === 'DELETED') { this.byUid.delete(o.metadata.uid!); this.expect.forget(o.metadata.uid!); return; }
      this.byUid.set(o.metadata.uid!, objectKey(o));
      this.queue.add(objectKey(o));
    }, this.log);
    this.pods = new Informer(c, apiPath('', 'pods'), {}, (t, p) => {
      const owner = this.index.update(t, p);
      if (!owner) return;
      this.expect.observe(owner, p, t);
      const key = this.byUid.get(owner);
      if (key) this.queue.add(key);
    }, this.log);
  }

  /** start lists pods, then the owners; it resolves once both are synced. */
  async start(): Promise<void> {
    this.pods.start();
    await this.pods.synced();
    this.owners.start();
    await this.owners.synced();
  }

  stop(): void {
    this.queue.stop();
    this.owners.stop();
    this.pods.stop();
  }

  /** flushEvents resolves once the recorded events are written. */
  flushEvents(): Promise<void> { return this.events.flush(); }

  /** owner returns the cached owner of `key` unless it is gone or being deleted. */
  protected owner(key: string): KubeObject | undefined {
    const o = this.owners.cache.get(key);
    return o && !o.metadata.deletionTimestamp ? o : undefined;
  }

  /** sync brings one owner (by `namespace/name` key) to its wanted state. */
  protected abstract sync(key: string): Promise<void>;
}
