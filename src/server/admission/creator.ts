// Creator stamping (DESIGN "Creator and originating user"): admission sets
// `gatehouse.dev/created-by` on every object created, to the human behind the request. Clients can
// neither set nor change it: a client value is replaced on CREATE, and UPDATE keeps the stored one.
//
// Who the human is:
//   - a user whose name does not start with `system:` is a human: that user;
//   - a service account whose token is bound to a pod (extra `authentication.kubernetes.io/pod-name`
//     and `pod-uid`) acts for the human who created that pod;
//   - otherwise (controllers, node agents) the creator of the new object's owner, found through
//     its ownerReferences (controller owner first);
//   - otherwise nobody: the annotation is left unset.
// The bound pod comes before the owners because ownerReferences are written by the client: an
// automated actor must not choose whose name its objects carry.

import type { KubeObject } from '../../shared/api/meta';
import { ANNOTATIONS } from '../../shared/api/meta';
import { RESOURCES } from '../../shared/api/resources';
import { EXTRA } from '../authn/service-account-tokens';
import { parseServiceAccountUsername, type UserInfo } from '../authn/user';
import type { Store } from '../storage/store';
import { WORKLOAD_ANNOTATIONS } from '../../shared/api/workloads';
import { deepEqual } from '../../shared/api/equal';
import { CONTROLLERS } from '../authz/bootstrap-policy';
import type { AdmissionPlugin, AdmissionRequest } from './types';

/** POD_NAME_EXTRA and POD_UID_EXTRA are the token-bound pod of a service-account request (Kubernetes extras). */
export const POD_NAME_EXTRA = EXTRA.podName;
export const POD_UID_EXTRA = EXTRA.podUid;

/** isHuman is true for users that are people, not system identities. */
export function isHuman(username: string): boolean {
  return username !== '' && !username.startsWith('system:');
}

/**
 * boundPod returns the pod a service-account user's token is bound to (the token's pod-name and pod-uid
 * extras), or undefined for other users and for a token outliving its pod (or bound to an earlier pod
 * of the same name), which vouches for nobody.
 */
export function boundPod(store: Store, user: UserInfo): { pod: Readonly<KubeObject>; namespace: string } | undefined {
  const sa = parseServiceAccountUsername(user.username);
  const podName = user.extra?.[POD_NAME_EXTRA]?.[0];
  if (!sa || !podName) return undefined;
  // Read-only: the store's shared (frozen) copy, no clone (this runs for every service-account request).
  const pod = store.getShared('/pods', sa.namespace, podName);
  const uid = user.extra?.[POD_UID_EXTRA]?.[0];
  if (!pod || (uid && pod.metadata.uid !== uid)) return undefined;
  return { pod, namespace: sa.namespace };
}

/** boundPodCreator returns the creator of the pod a service-account token is bound to, if any. */
export function boundPodCreator(store: Store, user: UserInfo): string | undefined {
  return boundPod(store, user)?.pod.metadata.annotations?.[ANNOTATIONS.createdBy];
}

/**
 * owners returns the existing owners of `obj` (same uid as the reference; controller owner first),
 * looked up through the shared resource table in `namespace` (or cluster-wide for cluster-scoped kinds).
 */
export function owners(store: Store, obj: Readonly<KubeObject>, namespace: string): Readonly<KubeObject>[] {
  const refs = [...(obj.metadata.ownerReferences ?? [])].sort((a, b) => Number(b.controller === true) - Number(a.controller === true));
  const out: Readonly<KubeObject>[] = [];
  for (const ref of refs) {
    const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
    const desc = RESOURCES.find((r) => r.kind === ref.kind && r.group === group && r.stored);
    if (!desc) continue;
    const owner = store.getShared(`${desc.group}/${desc.resource}`, desc.namespaced ? namespace : '', ref.name);
    if (owner && owner.metadata.uid === ref.uid) out.push(owner);
  }
  return out;
}

/** ownerCreator returns the creator recorded on the object's owners (controller owner first). */
export function ownerCreator(store: Store, obj: KubeObject, namespace: string): string | undefined {
  for (const owner of owners(store, obj, namespace)) {
    // A workload's pods are made for the human who last set its template (see WORKLOADS below).
    const by = owner.metadata.annotations?.[WORKLOAD_ANNOTATIONS.changedBy] ?? owner.metadata.annotations?.[ANNOTATIONS.createdBy];
    if (by) return by;
  }
  return undefined;
}

/** CONTROLLER_USERS are the workload controllers: the only requesters whose owner references name the human they act for. */
const CONTROLLER_USERS = new Set<string>(Object.values(CONTROLLERS).map((c) => c.user));

/** isController is true for the workload controllers' identities. */
export function isController(username: string): boolean {
  return CONTROLLER_USERS.has(username);
}

/**
 * personOf names the human a requester acts for by itself: a human is that person; a service account
 * with a token bound to an existing pod acts for that pod's creator; anyone else (a token bound to no
 * pod, or to one that is gone; a node; a controller) for nobody.
 */
export function personOf(store: Store, user: UserInfo): string | undefined {
  return isHuman(user.username) ? user.username : boundPodCreator(store, user);
}

/**
 * resolveCreator names the human behind creating `obj`, or undefined. Owner references are written by
 * the client, so they vouch for a human only when a workload controller writes them (it makes children
 * of owners it manages): anyone else naming another person's object as owner gets no person from it.
 */
export function resolveCreator(store: Store, user: UserInfo, obj: KubeObject, namespace: string): string | undefined {
  return personOf(store, user) ?? (isController(user.username) ? ownerCreator(store, obj, namespace) : undefined);
}

/** WORKLOADS are the kinds with a pod template whose controllers make pods on a human's behalf (key: `group/resource`). */
export const WORKLOADS = new Set(['apps/deployments', 'apps/replicasets', 'batch/jobs']);

/**
 * templateChanger names the human who sets a workload's pod template in this write: on CREATE the
 * creator; on UPDATE, when the template changes, the one the requester acts for (resolveCreator:
 * themselves, the human behind a pod-bound service-account token, or for a controller its owner's),
 * never the one recorded before; when it does not change (a scale, a label), the one recorded before.
 * A requester acting for no person is recorded as itself (a name that is no person's). Clients never choose it.
 */
function templateChanger(a: AdmissionRequest, createdBy: string | undefined): string | undefined {
  const before = a.oldObject?.metadata.annotations?.[WORKLOAD_ANNOTATIONS.changedBy] ?? a.oldObject?.metadata.annotations?.[ANNOTATIONS.createdBy];
  if (a.operation !== 'CREATE') {
    const changed = !deepEqual((a.object as any)?.spec?.template ?? null, (a.oldObject as any)?.spec?.template ?? null);
    if (!changed) return before;
  }
  // Never `before`: whoever sets the template takes the workload over (a controller's copy is made for
  // its owner's person). A requester acting for no person is recorded by its own name, so that its
  // pods are made for no person either (never for the one recorded before, nor the creator).
  return (a.operation === 'CREATE' ? createdBy : resolveCreator(a.store, a.user, a.object!, a.namespace)) ?? (a.user.username || undefined);
}

/** setAnnotation sets (or, for undefined, removes) one annotation of `meta` (mutates). */
function setAnnotation(meta: KubeObject['metadata'], key: string, value: string | undefined): void {
  const ann = meta.annotations ?? {};
  if (ann[key] === value) return;
  const next: Record<string, string> = { ...ann };
  if (value === undefined) delete next[key];
  else next[key] = value;
  meta.annotations = next;
}

/** creator is the mutating admission plugin that stamps and protects `gatehouse.dev/created-by` (and a workload's template-changed-by). */
export function creator(): AdmissionPlugin {
  return {
    name: 'Creator',
    admit(a) {
      // Subresource writes (status, binding, token requests) carry no object metadata of their own to stamp.
      if (!a.object || a.subresource !== '') return;
      let by: string | undefined;
      if (a.operation === 'CREATE') by = resolveCreator(a.store, a.user, a.object, a.namespace);
      else if (a.operation === 'UPDATE') by = a.oldObject?.metadata.annotations?.[ANNOTATIONS.createdBy];
      else return;
      setAnnotation(a.object.metadata, ANNOTATIONS.createdBy, by);
      if (WORKLOADS.has(`${a.group}/${a.resource}`)) setAnnotation(a.object.metadata, WORKLOAD_ANNOTATIONS.changedBy, templateChanger(a, by));
    },
  };
}
