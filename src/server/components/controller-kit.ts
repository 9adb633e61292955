import type { KubeObject } from '../../shared/api/meta';
import { findResource, toPath } from '../../shared/api/resources';
import { StatusError } from './client';

// What the workload controllers share: API paths, pod state as upstream's controllers read it, pods
// made from a template, an index of pods by their controlling owner, and "expectations" (pods this
// controller created or deleted that its informer has not seen yet, so it never acts twice).

/** apiPath is the path of a resource (a collection, one object, or a subresource) from the resource table. */
export function apiPath(group: string, resource: string, ns?: string, name?: string, sub?: string): string {
  return toPath(findResource(group, resource)!, ns, name, sub);
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
export { now as timestamp };

const phase = (p: KubeObject) => (p as any).status?.phase as string | undefined;

/** isActive is a pod that counts toward replicas: not terminal and not being deleted. */
export function isActive(p: KubeObject): boolean {
  return !p.metadata.deletionTimestamp && phase(p) !== 'Succeeded' && phase(p) !== 'Failed';
}

/** readySince returns when a pod's Ready condition became True, or undefined when it is not Ready. */
export function readySince(p: KubeObject): number | undefined {
  const c = (((p as any).status?.conditions ?? []) as { type: string; status: string; lastTransitionTime?: string }[]).find((x) => x.type === 'Ready');
  if (c?.status !== 'True') return undefined;
  return c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

/** isReady is a running pod whose Ready condition is True. */
export function isReady(p: KubeObject): boolean {
  return isActive(p) && readySince(p) !== undefined;
}

/** isAvailable is a ready pod that has been ready for at least minReadySeconds (upstream's IsPodAvailable). */
export function isAvailable(p: KubeObject, minReadySeconds: number, at = Date.now()): boolean {
  const since = readySince(p);
  return isActive(p) && since !== undefined && (minReadySeconds <= 0 || since + minReadySeconds * 1000 <= at);
}

/** controllerUid is the uid of an object's controlling owner. */
export function controllerUid(o: KubeObject): string | undefined {
  return (o.metadata.ownerReferences ?? []).find((r) => r.controller === true)?.uid;
}

/** ownerRef is the controlling owner reference to `owner`. */
export function ownerRef(owner: KubeObject, apiVersion: string, kind: string) {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** podFromTemplate is the pod a controller makes for `owner`: its template's labels, annotations and spec, owned by it. */
export function podFromTemplate(owner: KubeObject, apiVersion: string, kind: string, prefix = `${owner.metadata.name}-`): KubeObject {
  const t = structuredClone((owner as any).spec.template ?? {});
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: prefix, namespace: owner.metadata.namespace,
      ...(t.metadata?.labels ? { labels: t.metadata.labels } : {}), ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
      ownerReferences: [ownerRef(owner, apiVersion, kind)],
    },
    spec: t.spec,
  };
}

/** reasonOf is the message of an API refusal without the request line the client prefixes. */
export function reasonOf(e: unknown): string {
  if (e instanceof StatusError) return (e.status?.message as string | undefined) ?? e.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * ChildIndex keeps the children (pods, or a Deployment's ReplicaSets) of each controlling owner by owner
 * uid, and the orphans (no controller reference) by namespace, fed by the children's informer. It
 * remembers each child's owner, so a child whose controller reference is removed or changed leaves
 * its former owner's set.
 */
export class ChildIndex {
  private byOwner = new Map<string, Map<string, KubeObject>>();
  private ownerOf = new Map<string, string>();
  private orphans = new Map<string, Map<string, KubeObject>>();

  private put(m: Map<string, Map<string, KubeObject>>, key: string, o: KubeObject | undefined, uid: string): void {
    const set = m.get(key) ?? new Map<string, KubeObject>();
    if (o) set.set(uid, o);
    else set.delete(uid);
    if (set.size === 0) m.delete(key);
    else m.set(key, set);
  }

  /** update records a child change; it returns the owner uid before and after it (either may be undefined). */
  update(type: 'ADDED' | 'MODIFIED' | 'DELETED', o: KubeObject): { before?: string; after?: string } {
    const k = o.metadata.uid!;
    const ns = o.metadata.namespace ?? '';
    const before = this.ownerOf.get(k);
    const after = type === 'DELETED' ? undefined : controllerUid(o);
    if (before && before !== after) this.put(this.byOwner, before, undefined, k);
    if (after) { this.put(this.byOwner, after, o, k); this.ownerOf.set(k, after); } else this.ownerOf.delete(k);
    this.put(this.orphans, ns, type !== 'DELETED' && !after ? o : undefined, k);
    return { before, after };
  }

  /** of returns the children an owner controls. */
  of(ownerUid: string): KubeObject[] {
    return [...(this.byOwner.get(ownerUid)?.values() ?? [])];
  }

  /** orphansIn returns the children of no controller in a namespace. */
  orphansIn(namespace: string): KubeObject[] {
    return [...(this.orphans.get(namespace)?.values() ?? [])];
  }
}

/**
 * Expectations are the creations and deletions a controller made for an owner that its informer has not
 * reported yet (upstream's ControllerExpectations): until they are seen, they count as done. Entries
 * expire after `ttlMs` so that a missed watch event cannot stall an owner.
 */
export class Expectations {
  private adds = new Map<string, Map<string, number>>();
  private dels = new Map<string, Map<string, number>>();

  constructor(private ttlMs = 30_000) {}

  private live(m: Map<string, Map<string, number>>, owner: string): Map<string, number> {
    const s = m.get(owner) ?? new Map<string, number>();
    const cutoff = Date.now() - this.ttlMs;
    for (const [k, t] of s) if (t < cutoff) s.delete(k);
    m.set(owner, s);
    return s;
  }

  created(owner: string, podName: string): void { this.live(this.adds, owner).set(podName, Date.now()); }
  deleting(owner: string, podUid: string): void { this.live(this.dels, owner).set(podUid, Date.now()); }

  /** observe clears what the informer reported for a pod. */
  observe(owner: string, p: KubeObject, type: string): void {
    this.adds.get(owner)?.delete(p.metadata.name!);
    if (type === 'DELETED' || p.metadata.deletionTimestamp) this.dels.get(owner)?.delete(p.metadata.uid!);
  }

  /** pending returns the creations not yet seen and the uids of deletions not yet seen. */
  pending(owner: string): { adds: number; dels: Set<string> } {
    return { adds: this.live(this.adds, owner).size, dels: new Set(this.live(this.dels, owner).keys()) };
  }

  forget(owner: string): void { this.adds.delete(owner); this.dels.delete(owner); }
}

/** Condition is an apps/batch status condition. */
export interface Condition { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string; lastProbeTime?: string }

/**
 * setCondition puts `c` into `conditions`: lastTransitionTime moves only when the status flips, and
 * lastUpdateTime (when `withUpdateTime`) whenever reason or message change, as upstream.
 */
export function setCondition(conditions: Condition[], c: Condition, withUpdateTime = false): Condition[] {
  const at = now();
  const old = conditions.find((x) => x.type === c.type);
  const same = old && old.status === c.status && old.reason === c.reason && old.message === c.message;
  if (same) return conditions;
  const next: Condition = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : at };
  if (withUpdateTime) next.lastUpdateTime = at;
  return [...conditions.filter((x) => x.type !== c.type), next];
}

/** removeCondition drops a condition type. */
export function removeCondition(conditions: Condition[], type: string): Condition[] {
  return conditions.filter((c) => c.type !== type);
}
