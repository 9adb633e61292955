import type { Group } from '../../../shared/api/iam';
import type { KubeObject } from '../../../shared/api/meta';
import type { RoleBinding } from '../../../shared/api/rbac';
import { GROUPS } from '../../authn/identity';
import type { RbacIndex } from '../../authz/rbac';
import type { Store } from '../../storage/store';

const RB = 'rbac.authorization.k8s.io/rolebindings';
const CRB = 'rbac.authorization.k8s.io/clusterrolebindings';

/** RemovedFrom names what a deleted user was taken out of: `RoleBinding ns/name`, `ClusterRoleBinding name`, group names. */
export interface RemovedFrom { bindings: string[]; groups: string[] }

/**
 * removeUserEverywhere takes user `username` out of every RoleBinding and ClusterRoleBinding subject
 * list and every Group, so that a user created later with the same name inherits nothing. A binding
 * left without subjects is deleted (it grants nothing and would only wait for the name to return).
 * Callers run it in the transaction that deletes the user; the writes are the system's own (no admission).
 */
export function removeUserEverywhere(store: Store, index: Pick<RbacIndex, 'bindingsOf'>, username: string): RemovedFrom {
  const out: RemovedFrom = { bindings: [], groups: [] };
  for (const { ns, name } of index.bindingsOf('User', username)) {
    const res = ns ? RB : CRB;
    const cur = store.get(res, ns, name) as RoleBinding | undefined;
    if (!cur) continue;
    const subjects = (cur.subjects ?? []).filter((s) => !(s.kind === 'User' && s.name === username));
    if (subjects.length === (cur.subjects ?? []).length) continue;
    if (subjects.length === 0) store.delete(res, ns, name);
    else store.update(res, ns, name, { ...cur, subjects } as KubeObject);
    out.bindings.push(ns ? `RoleBinding ${ns}/${name}` : `ClusterRoleBinding ${name}`);
  }
  for (const g of store.list(GROUPS) as Group[]) {
    if (!(g.users ?? []).includes(username)) continue;
    store.update(GROUPS, '', g.metadata.name!, { ...g, users: (g.users ?? []).filter((u) => u !== username) } as KubeObject);
    out.groups.push(g.metadata.name!);
  }
  return out;
}
