// The originating user (DESIGN "Creator and originating user"): the human an event is attributed to,
// recorded as the annotation `audit.gatehouse.dev/originating-user` and the `originatingUser` field
// of auditevents.
//   - a human (a username not starting with `system:`) originates their own requests;
//   - an impersonated request originates with the impersonator (resolved by these same rules): a
//     cluster admin's "view as alice" is the admin's doing, not alice's;
//   - a service account whose token is bound to a pod acts for the human who created that pod
//     (`gatehouse.dev/created-by`, stamped by admission); a pod without it is followed through its
//     controller owners (then other owners) up to an object that has it;
//   - anything else (controllers, node agents, unbound tokens) has no originating user.

import { ANNOTATIONS, type KubeObject } from '../../shared/api/meta';
import { boundPod, isHuman, owners } from '../admission/creator';
import type { UserInfo } from '../authn/user';
import type { Store } from '../storage/store';

const MAX_OWNER_DEPTH = 8;

/** creatorThroughOwners returns the nearest `created-by` on `obj` or, following owners, its ancestors. */
export function creatorThroughOwners(store: Store, obj: Readonly<KubeObject>, namespace: string): string | undefined {
  let cur: Readonly<KubeObject> | undefined = obj;
  const seen = new Set<string>();
  for (let depth = 0; cur && depth < MAX_OWNER_DEPTH; depth++) {
    const by = cur.metadata.annotations?.[ANNOTATIONS.createdBy];
    if (by) return by;
    if (cur.metadata.uid) {
      if (seen.has(cur.metadata.uid)) return undefined;
      seen.add(cur.metadata.uid);
    }
    // The first existing owner, the controller owner first.
    cur = owners(store, cur, namespace)[0];
  }
  return undefined;
}

/** originatingUser names the human behind a request made as `user` (the authenticated, not the impersonated, user). */
export function originatingUser(store: Store, user: UserInfo): string | undefined {
  if (isHuman(user.username)) return user.username;
  const bound = boundPod(store, user);
  return bound ? creatorThroughOwners(store, bound.pod, bound.namespace) : undefined;
}
