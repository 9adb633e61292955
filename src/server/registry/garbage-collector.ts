import type { KubeObject } from '../../shared/api/meta';
import { RESOURCES } from '../../shared/api/resources';
import { MissingError, type Store, type StoreEvent } from '../storage/store';
import { deletePodGracefully } from './pods/deletion';
import { resourceKey } from './strategies';
import { kubeTime } from '../../shared/api/meta';

// The garbage collector (upstream pkg/controller/garbagecollector): an object whose owners
// (metadata.ownerReferences) are all gone is deleted; one that keeps some owners loses the references
// to the absent ones. Foreground deletion: an owner marked with the `foregroundDeletion` finalizer has
// its dependents deleted first and goes once no dependent with blockOwnerDeletion is left. Orphaning
// (propagationPolicy=Orphan) is done by the registry before the owner goes (see orphanDependents).
// It works on the store from inside the server, as kube-apiserver's own controllers do.

/** FOREGROUND_FINALIZER marks an owner waiting for its dependents (upstream's name). */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** ORPHAN_FINALIZER is upstream's finalizer for orphaning; Gatehouse orphans synchronously but honours it. */
export const ORPHAN_FINALIZER = 'orphan';

type Ref = { apiVersion: string; kind: string; name: string; uid: string; blockOwnerDeletion?: boolean };
type Key = string; // `${res}\0${ns}\0${name}`

const keyOf = (res: string, ns: string, name: string): Key => `${res}\0${ns}\0${name}`;
const splitKey = (k: Key) => { const [res, ns, name] = k.split('\0'); return { res, ns, name }; };

/** kindKey maps apiVersion + kind to the store key and scope of the owner's resource. */
function ownerResource(ref: Ref): { res: string; namespaced: boolean } | undefined {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const r = RESOURCES.find((x) => x.group === group && x.kind === ref.kind && x.stored);
  return r ? { res: resourceKey(r.group, r.resource), namespaced: r.namespaced } : undefined;
}

/** GarbageCollector keeps an index owner uid → dependents and acts on deletions. */
export class GarbageCollector {
  private readonly dependentsOf = new Map<string, Set<Key>>();
  private readonly refsOf = new Map<Key, string[]>();
  private readonly pending = new Set<string>(); // owner uids whose dependents need a look
  private scheduled = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: Store, resources: string[]) {
    for (const res of resources) {
      for (const o of store.list(res)) {
        this.index(res, o);
        this.noteForeground(res, o);
      }
    }
    this.unsubscribe = store.subscribe((e) => this.onEvent(e));
    // Dependents whose owners vanished while the server was down.
    for (const uid of this.dependentsOf.keys()) this.pending.add(uid);
    this.schedule();
  }

  close(): void { this.unsubscribe(); }

  /** dependents returns the keys of the objects that name `uid` as an owner. */
  dependents(uid: string): { res: string; ns: string; name: string }[] {
    return [...(this.dependentsOf.get(uid) ?? [])].map(splitKey);
  }

  /**
   * orphanDependents removes the references to `owner` from its dependents (propagationPolicy=Orphan),
   * before the owner is deleted.
   */
  orphanDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid;
    if (!uid) return;
    this.store.transaction(() => {
      for (const d of this.dependents(uid)) {
        const o = this.store.get(d.res, d.ns, d.name);
        if (!o) continue;
        const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        this.store.update(d.res, d.ns, d.name, { ...o, metadata: { ...o.metadata, ownerReferences: refs.length ? refs : undefined } }, Number(o.metadata.resourceVersion));
      }
    });
  }

  private index(res: string, o: KubeObject): void {
    const key = keyOf(res, o.metadata.namespace ?? '', o.metadata.name ?? '');
    this.unindex(key);
    const uids = (o.metadata.ownerReferences ?? []).map((r) => r.uid).filter(Boolean);
    if (uids.length === 0) return;
    this.refsOf.set(key, uids);
    for (const uid of uids) {
      let set = this.dependentsOf.get(uid);
      if (!set) this.dependentsOf.set(uid, (set = new Set()));
      set.add(key);
    }
  }

  private unindex(key: Key): void {
    for (const uid of this.refsOf.get(key) ?? []) {
      const set = this.dependentsOf.get(uid);
      set?.delete(key);
      if (set && set.size === 0) this.dependentsOf.delete(uid);
    }
    this.refsOf.delete(key);
  }

  private onEvent(e: StoreEvent): void {
    const key = keyOf(e.res, e.ns, e.name);
    if (e.type === 'DELETED') {
      this.unindex(key);
      const uid = e.object.metadata.uid;
      if (uid && this.dependentsOf.has(uid)) this.pending.add(uid);
      // A dependent went: an owner waiting in foreground deletion may now go.
      for (const r of (e.object.metadata.ownerReferences ?? []) as Ref[]) this.pending.add(r.uid);
    } else {
      this.index(e.res, e.object);
      this.noteForeground(e.res, e.object);
    }
    if (this.pending.size > 0) this.schedule();
  }

  /** schedule works after the publishing write returns (a write from inside a listener would reorder events). */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const uids = [...this.pending];
      this.pending.clear();
      for (const uid of uids) {
        try { this.process(uid); } catch { /* raced with another writer: the next event brings it back */ }
      }
    });
  }

  /** ownerState finds the owner a reference names: present (same uid), waiting in foreground deletion, or absent. */
  private ownerState(dependentNs: string, ref: Ref): { state: 'present' | 'foreground' | 'absent'; owner?: KubeObject; res?: string } {
    const r = ownerResource(ref);
    if (!r) return { state: 'present' }; // an unknown kind is never collected (upstream waits for discovery)
    const owner = this.store.get(r.res, r.namespaced ? dependentNs : '', ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) return { state: 'absent' };
    const fg = owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER);
    return { state: fg ? 'foreground' : 'present', owner, res: r.res };
  }

  private process(uid: string): void {
    for (const d of this.dependents(uid)) {
      const o = this.store.get(d.res, d.ns, d.name);
      if (!o) continue;
      const refs = (o.metadata.ownerReferences ?? []) as Ref[];
      const states = refs.map((r) => this.ownerState(d.ns, r));
      const solid = refs.filter((_, i) => states[i].state === 'present');
      if (solid.length > 0) {
        // Some owners remain: drop references to absent owners only.
        const kept = refs.filter((_, i) => states[i].state !== 'absent');
        if (kept.length !== refs.length) this.store.update(d.res, d.ns, d.name, { ...o, metadata: { ...o.metadata, ownerReferences: kept } }, Number(o.metadata.resourceVersion));
        continue;
      }
      this.deleteDependent(d.res, o);
    }
    this.finishForeground(uid);
  }

  private deleteDependent(res: string, o: KubeObject): void {
    if (o.metadata.deletionTimestamp) return; // already going
    const ns = o.metadata.namespace ?? '';
    if ((o.metadata.finalizers ?? []).length > 0) {
      this.store.update(res, ns, o.metadata.name!, { ...o, metadata: { ...o.metadata, deletionTimestamp: kubeTime() } }, Number(o.metadata.resourceVersion));
      return;
    }
    if (res === '/pods' && deletePodGracefully(this.store, o, {}) === 'graceful') return;
    try { this.store.delete(res, ns, o.metadata.name!); } catch (e) { if (!(e instanceof MissingError)) throw e; }
  }

  /** finishForeground lets an owner in foreground deletion go once no blocking dependent is left. */
  private finishForeground(uid: string): void {
    // Find the owner by uid among the objects in foreground deletion (few at a time): its dependents index entry names it.
    const owner = this.foregroundOwners.get(uid);
    if (!owner) return;
    const cur = this.store.get(owner.res, owner.ns, owner.name);
    if (!cur || cur.metadata.uid !== uid || !(cur.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)) { this.foregroundOwners.delete(uid); return; }
    const blocking = this.dependents(uid).some((d) => {
      const o = this.store.get(d.res, d.ns, d.name);
      return o && ((o.metadata.ownerReferences ?? []) as Ref[]).some((r) => r.uid === uid && r.blockOwnerDeletion);
    });
    if (blocking) return;
    const finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND_FINALIZER);
    this.foregroundOwners.delete(uid);
    if (finalizers.length === 0) this.store.delete(owner.res, owner.ns, owner.name);
    else this.store.update(owner.res, owner.ns, owner.name, { ...cur, metadata: { ...cur.metadata, finalizers } }, Number(cur.metadata.resourceVersion));
  }

  private readonly foregroundOwners = new Map<string, { res: string; ns: string; name: string }>();

  /** noteForeground records an owner in foreground deletion (deletionTimestamp and the finalizer) so its dependents go first. */
  private noteForeground(res: string, o: KubeObject): void {
    const uid = o.metadata.uid;
    if (!uid || !o.metadata.deletionTimestamp || !(o.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)) return;
    this.foregroundOwners.set(uid, { res, ns: o.metadata.namespace ?? '', name: o.metadata.name! });
    this.pending.add(uid);
  }
}
