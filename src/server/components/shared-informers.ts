import type { KubeObject } from '../../shared/api/meta';
import { ApiClient, Informer, SILENT, type CachedInformer, type ClientLog, type InformerHandler } from './client';
import { apiPath } from './controller-kit';

// One list/watch per resource for all the workload controllers of a process (client-go's
// SharedInformerFactory). The replicaset, job and endpointslice controllers each read every pod: with
// an informer each, the components' thread decoded every pod event three times, and the server encoded
// and sent each one three times. Shared, each event is sent once and decoded once, and every
// controller's handler sees it.

/** ResourceKey names the resource an informer reads, in all namespaces. */
export interface ResourceKey { group: string; resource: string }

/** ACCESS_REVIEW is where a client asks what it may do itself. */
const ACCESS_REVIEW = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

/**
 * mayListAndWatch asks the server, as `client`, whether it may list and watch `ref` in all namespaces
 * (one SelfSubjectAccessReview per verb); any failure to ask is a no.
 */
export async function mayListAndWatch(client: ApiClient, ref: ResourceKey): Promise<boolean> {
  try {
    const answers = await Promise.all(['list', 'watch'].map((verb) => client.create<any>(ACCESS_REVIEW, {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb, group: ref.group, resource: ref.resource } },
    })));
    return answers.every((a) => a?.status?.allowed === true);
  } catch {
    return false;
  }
}

/**
 * SharedInformers hands out views of one Informer per (resource, query). Sharing never widens what a
 * controller reads: a view first asks the server whether its own controller may list and watch the
 * resource (mayListAndWatch, with the controller's credentials), as the controller's own list would
 * have been authorized; if not (or if the question fails), the view runs an informer of its own with
 * the controller's credentials, which fails (and retries) exactly as before. The shared list/watch
 * runs with the credentials of the first controller that was allowed (upstream's shared informers run
 * with the controller manager's own); it stops when the last view stops.
 */
export class SharedInformers {
  private informers = new Map<string, Informer>();

  constructor(private log: ClientLog = SILENT) {}

  /** informer is `client`'s view of the shared informer of `ref` (all namespaces) with `query`, calling `handler` on each change. */
  informer(client: ApiClient, ref: ResourceKey, query: Record<string, string>, handler: InformerHandler): CachedInformer {
    return new InformerView(this, client, ref, query, handler, this.log);
  }

  /** subscribe adds `handler` to the shared informer of `key`, made by `make` if there is none. */
  subscribe(key: string, make: () => Informer, handler: InformerHandler): Informer {
    let informer = this.informers.get(key);
    if (!informer) {
      informer = make();
      this.informers.set(key, informer);
    }
    informer.subscribe(handler);
    return informer;
  }

  /** unsubscribe removes `handler`; the informer stops when it has no handler left. */
  unsubscribe(key: string, informer: Informer, handler: InformerHandler): void {
    if (informer.unsubscribe(handler) > 0) return;
    informer.stop();
    if (this.informers.get(key) === informer) this.informers.delete(key);
  }

  /** size is how many shared informers run (for tests). */
  get size(): number { return this.informers.size; }
}

const NO_OBJECTS = new Map<string, KubeObject>();

/** InformerView is one controller's handle on a shared informer (or, when it may not share, on its own). */
class InformerView implements CachedInformer {
  private source?: Informer;
  private attached?: Promise<void>;
  private stopped = false;
  /** sharing is whether `source` is the shared informer (else the view's own). */
  private sharing = false;
  private readonly key: string;

  constructor(private shared: SharedInformers, private client: ApiClient, private ref: ResourceKey, private query: Record<string, string>, private handler: InformerHandler, private log: ClientLog) {
    this.key = `${ref.group}/${ref.resource}?${new URLSearchParams(Object.entries(query).sort(([a], [b]) => a.localeCompare(b))).toString()}`;
  }

  get cache(): Map<string, KubeObject> { return this.source?.cache ?? NO_OBJECTS; }

  start(): void {
    this.attached ??= this.attach();
  }

  synced(): Promise<void> {
    this.start();
    return this.attached!.then(() => this.source?.synced());
  }

  stop(): void {
    this.stopped = true;
    if (!this.source) return;
    if (this.sharing) this.shared.unsubscribe(this.key, this.source, this.handler);
    else this.source.stop();
  }

  private async attach(): Promise<void> {
    const allowed = await mayListAndWatch(this.client, this.ref);
    if (this.stopped) return;
    const make = () => new Informer(this.client, apiPath(this.ref.group, this.ref.resource), this.query, undefined, this.log);
    if (allowed) {
      this.sharing = true;
      this.source = this.shared.subscribe(this.key, make, this.handler);
    } else {
      this.log.warn({ resource: this.ref.resource, group: this.ref.group }, 'not allowed to list and watch a shared resource; reading it with an informer of its own');
      this.source = new Informer(this.client, apiPath(this.ref.group, this.ref.resource), this.query, this.handler, this.log);
    }
    this.source.start();
  }
}
