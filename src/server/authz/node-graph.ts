import type { KubeObject } from '../../shared/api/meta';
import { podConfigMapRefs, podSecretRefs } from '../../shared/pod-references';
import type { Store } from '../storage/store';

// The relationships the node authorizer decides on (upstream plugin/pkg/auth/authorizer/node/graph.go,
// reduced to what Gatehouse serves): node ← pod → secret | configmap | serviceaccount. It is kept in
// memory from store events, so an authorization never reads the database or scans pods.

/** RelatedKind is a kind of object a node can reach through the pods bound to it. */
export type RelatedKind = 'secret' | 'configmap' | 'serviceaccount';

const POD_KEY = '/pods';

/** podRelations lists the `kind/namespace/name` keys a bound pod gives its node access to. */
export function podRelations(pod: KubeObject): string[] {
  const ns = pod.metadata.namespace ?? '';
  const spec = (pod as any).spec ?? {};
  const keys = new Set<string>();
  for (const r of podSecretRefs(spec)) keys.add(`secret/${ns}/${r.name}`);
  for (const n of podConfigMapRefs(spec)) keys.add(`configmap/${ns}/${n}`);
  keys.add(`serviceaccount/${ns}/${typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : 'default'}`);
  return [...keys];
}

/**
 * NodeGraph indexes, per node, the pods bound to it and what those pods reference. Invariant: after
 * a store write returns, the graph reflects it (the store publishes synchronously after commit).
 */
export class NodeGraph {
  private pods = new Map<string, { node: string; uid: string; relations: string[] }>();
  /**
   * Relations by pod spec object: a status write or a binding's later writes store the pod with the very
   * spec object the cache holds (frozen, store.ts), so most pod events need not walk the spec again.
   * Weak: a spec no version of the pod holds any more is not kept.
   */
  private relationsOf = new WeakMap<object, { ns: string; relations: string[] }>();
  private edges = new Map<string, Map<string, number>>();
  private unsubscribe: () => void;

  constructor(store: Store) {
    for (const p of store.list(POD_KEY)) this.setPod(p.metadata.namespace ?? '', p.metadata.name ?? '', p);
    this.unsubscribe = store.subscribe((e) => {
      if (e.res === POD_KEY) this.setPod(e.ns, e.name, e.type === 'DELETED' ? undefined : e.object);
    });
  }

  private setPod(ns: string, name: string, pod: KubeObject | undefined): void {
    const key = `${ns}/${name}`;
    const old = this.pods.get(key);
    const spec = (pod as { spec?: { nodeName?: unknown } } | undefined)?.spec;
    const node = spec && typeof spec === 'object' && typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
    // Only a bound pod has relations (an unbound one's create walks nothing).
    const relations = pod && spec && node ? this.relationsFor(ns, pod, spec) : undefined;
    // The same node and the same references (same spec): nothing to change.
    if (old && relations && old.relations === relations && old.node === node && old.uid === (pod!.metadata.uid ?? '')) return;
    if (old) {
      const m = this.edges.get(old.node);
      for (const r of old.relations) {
        const n = (m?.get(r) ?? 1) - 1;
        if (n <= 0) m?.delete(r); else m!.set(r, n);
      }
      this.pods.delete(key);
    }
    if (!pod || !node || !relations) return;
    this.pods.set(key, { node, uid: pod.metadata.uid ?? '', relations });
    let m = this.edges.get(node);
    if (!m) this.edges.set(node, (m = new Map()));
    for (const r of relations) m.set(r, (m.get(r) ?? 0) + 1);
  }

  /** relationsFor is podRelations of a bound pod, reused while its (frozen) spec object is the same. */
  private relationsFor(ns: string, pod: KubeObject, spec: object): string[] {
    const known = this.relationsOf.get(spec);
    if (known && known.ns === ns) return known.relations;
    const relations = podRelations(pod);
    // Only a frozen spec cannot change behind the graph's back.
    if (Object.isFrozen(spec)) this.relationsOf.set(spec, { ns, relations });
    return relations;
  }

  /** podNode is the node a pod is bound to, or undefined (unbound or missing). */
  podNode(ns: string, name: string): string | undefined {
    return this.pods.get(`${ns}/${name}`)?.node;
  }

  /** related is true when some pod bound to `node` references the object. */
  related(node: string, kind: RelatedKind, ns: string, name: string): boolean {
    return (this.edges.get(node)?.get(`${kind}/${ns}/${name}`) ?? 0) > 0;
  }

  /** close stops following the store. */
  close(): void {
    this.unsubscribe();
  }
}
