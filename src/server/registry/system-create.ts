import { randomUUID } from 'node:crypto';
import { kubeTime, type KubeObject } from '../../shared/api/meta';
import type { Store } from '../storage/store';

/** systemCreate stores an object as the system would (uid, timestamps), without admission; used only for bootstrap data. */
export function systemCreate(store: Store, res: string, ns: string, obj: KubeObject): KubeObject {
  // Only Gatehouse's own kinds carry a generation here (as custom resources do upstream); namespaces and RBAC objects do not.
  const generation = res.includes('.gatehouse.dev/') ? { generation: 1 } : {};
  return store.create(res, ns, obj.metadata.name!, { ...obj, metadata: { ...obj.metadata, uid: randomUUID(), creationTimestamp: kubeTime(), ...generation } });
}
