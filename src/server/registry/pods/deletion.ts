import type { KubeObject } from '../../../shared/api/meta';
import { conflict, notFound } from '../../http/status';
import { ConflictError, MissingError, type Store } from '../../storage/store';
import type { DeleteOptions } from '../registry';
import { kubeTime } from '../../../shared/api/meta';

// Graceful pod deletion (upstream pkg/registry/core/pod/strategy.go CheckGracefulDelete): DELETE of a
// pod running on a node only marks it (deletionTimestamp = now + grace period); the node agent
// stops its containers and then deletes it with gracePeriodSeconds=0, which removes it. A pod that no
// live node would ever finish is removed at once, as upstream's pod garbage collector would.

const POD_KEY = '/pods';
const NODE_KEY = '/nodes';

/** NODE_STALE_MS is how old a node's last heartbeat may be before its pods are deleted without it. */
export const NODE_STALE_MS = 40_000;

/** nodeIsLive is true when the Node exists and its Ready condition is True with a recent heartbeat. */
export function nodeIsLive(node: KubeObject | undefined, now = Date.now()): boolean {
  const ready = ((node as any)?.status?.conditions ?? []).find((c: any) => c?.type === 'Ready');
  if (!ready || ready.status !== 'True') return false;
  const beat = Date.parse(ready.lastHeartbeatTime ?? '');
  return Number.isFinite(beat) && now - beat < NODE_STALE_MS;
}

/** gracePeriod is the grace period a delete asks for: the request's, else the pod's terminationGracePeriodSeconds (default 30). */
export function gracePeriod(pod: KubeObject, options: DeleteOptions): number {
  if (options.gracePeriodSeconds !== undefined) return options.gracePeriodSeconds;
  const t = (pod as any).spec?.terminationGracePeriodSeconds;
  return typeof t === 'number' && t >= 0 ? t : 30;
}

/**
 * deletePodGracefully marks a bound pod of a live node for deletion and returns 'graceful', or
 * returns undefined when the pod is to be removed now (unbound, finished, node gone or stale, grace period 0).
 * A pod already marked keeps its deletionTimestamp unless the new request shortens it.
 */
export function deletePodGracefully(store: Store, pod: KubeObject, options: DeleteOptions, now = Date.now()): 'graceful' | undefined {
  const node = (pod as any).spec?.nodeName;
  const grace = gracePeriod(pod, options);
  const phase = (pod as any).status?.phase;
  // Nothing runs for an unbound or finished pod, and nobody would finish it on a dead node.
  if (!node || grace === 0 || phase === 'Succeeded' || phase === 'Failed' || !nodeIsLive(store.get(NODE_KEY, '', node), now)) return undefined;
  const ts = kubeTime(now + grace * 1000);
  const cur = pod.metadata;
  if (cur.deletionTimestamp && Date.parse(cur.deletionTimestamp) <= Date.parse(ts)) return 'graceful';
  try {
    store.update(POD_KEY, cur.namespace ?? '', cur.name!, { ...pod, metadata: { ...cur, deletionTimestamp: ts, deletionGracePeriodSeconds: grace } }, Number(cur.resourceVersion));
  } catch (e) {
    if (e instanceof ConflictError) throw conflict('pods', '', cur.name!, 'the object has been modified; please apply your changes to the latest version and try again');
    if (e instanceof MissingError) throw notFound('pods', '', cur.name!);
    throw e;
  }
  return 'graceful';
}
