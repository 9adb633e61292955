import type { KubeObject } from '../../shared/api/meta';
import { ApiClient, Informer, SILENT, type ClientLog } from './client';

// What a node agent reads of the config maps its pods reference, as the kubelet's watch-based
// ConfigMap manager (pkg/kubelet/util/manager/watch_based_manager.go) does: one single-object watch
// (list and watch with fieldSelector metadata.name=<name>) per referenced config map, held while a pod
// of the node references it, instead of a GET per pod start. The Node authorizer allows that list/watch
// only for a config map a pod bound to the node references, as it allows the GET.
//
// A config map the watch has not listed yet, or that it does not hold (missing, or not created yet), is
// read with a GET, as before: a pod never waits for a watch, and "not found" (FailedMount, the message,
// the retry) is the API server's answer, not a cache's. Secrets are still read with a GET per pod: the
// node keeps no secret in memory beyond a pod start, and each read stays its own audit event.

/** ObjectWatches is a node agent's config map watches, counted by the pods that reference each. */
export class ObjectWatches {
  /** By `namespace/name`: the watch and the pods (`namespace/name`) that hold it. */
  private watches = new Map<string, { informer: Informer; pods: Set<string> }>();
  /** By pod: the config maps it holds. */
  private held = new Map<string, Set<string>>();

  constructor(private client: ApiClient, private log: ClientLog = SILENT) {}

  /**
   * get returns the config map `ns/name` for the pod `podKey` (which then holds its watch until
   * release): the watch's copy once it has listed and holds it, else the API's answer to a GET (which
   * rejects as ApiClient.get does, e.g. a StatusError 404).
   */
  get(podKey: string, ns: string, name: string): Promise<KubeObject> {
    const key = `${ns}/${name}`;
    let w = this.watches.get(key);
    if (!w) {
      const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps`;
      w = { informer: new Informer(this.client, path, { fieldSelector: `metadata.name=${name}` }, undefined, this.log).start(), pods: new Set() };
      this.watches.set(key, w);
    }
    w.pods.add(podKey);
    let mine = this.held.get(podKey);
    if (!mine) this.held.set(podKey, (mine = new Set()));
    mine.add(key);
    const cached = w.informer.hasSynced() ? w.informer.cache.get(key) : undefined;
    return cached ? Promise.resolve(cached) : this.client.get(`/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps/${encodeURIComponent(name)}`);
  }

  /** release drops the pod's hold on its config maps; a watch no pod holds any more stops. */
  release(podKey: string): void {
    const mine = this.held.get(podKey);
    if (!mine) return;
    this.held.delete(podKey);
    for (const key of mine) {
      const w = this.watches.get(key);
      if (!w) continue;
      w.pods.delete(podKey);
      if (w.pods.size === 0) {
        w.informer.stop();
        this.watches.delete(key);
      }
    }
  }

  /** synced is true once the watch of `ns/name` has listed (from then on its copy answers, when it holds one). */
  synced(ns: string, name: string): boolean {
    return this.watches.get(`${ns}/${name}`)?.informer.hasSynced() ?? false;
  }

  /** watching lists the config maps (`namespace/name`) watched now. */
  watching(): string[] {
    return [...this.watches.keys()];
  }

  /** stop ends every watch. */
  stop(): void {
    for (const w of this.watches.values()) w.informer.stop();
    this.watches.clear();
    this.held.clear();
  }
}
