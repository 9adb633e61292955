import type { KubeObject } from '../../shared/api/meta';
import type { Role, RoleBinding } from '../../shared/api/rbac';
import { matchesRequirements, selectorToRequirements } from '../../shared/api/labels';
import type { Store } from '../storage/store';
import { deepEqual } from '../../shared/api/equal';
import { RbacIndex } from './rbac';

const RBAC = 'rbac.authorization.k8s.io';
const KEYS = { roles: `${RBAC}/roles`, clusterroles: `${RBAC}/clusterroles`, rolebindings: `${RBAC}/rolebindings`, clusterrolebindings: `${RBAC}/clusterrolebindings` };

/** aggregatedRules computes the rules of a ClusterRole with an aggregationRule: the union of the rules of every ClusterRole its selectors match. */
export function aggregatedRules(role: Role, all: Role[]): Role['rules'] {
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  const rules: NonNullable<Role['rules']> = [];
  const seen = new Set<string>();
  for (const sel of selectors) {
    const reqs = selectorToRequirements(sel);
    for (const other of all) {
      if (other.metadata.name === role.metadata.name) continue;
      if (!matchesRequirements(other.metadata.labels, reqs)) continue;
      for (const r of other.rules ?? []) {
        const k = JSON.stringify(r);
        if (!seen.has(k)) { seen.add(k); rules.push(r); }
      }
    }
  }
  return rules;
}

/**
 * syncRbac loads roles and bindings into an index and keeps it current from store events. It also
 * runs the ClusterRole aggregation controller: whenever a ClusterRole changes, every aggregated
 * ClusterRole whose rules differ from the union of its selected roles is rewritten (as upstream does).
 */
export function syncRbac(store: Store): { index: RbacIndex; reconcileAggregation: () => void; stop: () => void } {
  const index = new RbacIndex();
  for (const o of store.list(KEYS.roles)) index.setRole(o.metadata.namespace ?? '', o.metadata.name!, o as Role);
  for (const o of store.list(KEYS.clusterroles)) index.setRole('', o.metadata.name!, o as Role);
  for (const o of store.list(KEYS.rolebindings)) index.setBinding(o.metadata.namespace ?? '', o.metadata.name!, o as RoleBinding);
  for (const o of store.list(KEYS.clusterrolebindings)) index.setBinding('', o.metadata.name!, o as RoleBinding);

  const reconcileAggregation = (): void => {
    const all = index.clusterRoleList();
    for (const role of all) {
      if (!role.aggregationRule) continue;
      const want = aggregatedRules(role, all);
      if (deepEqual(want, role.rules ?? [])) continue;
      const cur = store.get(KEYS.clusterroles, '', role.metadata.name!);
      if (!cur) continue;
      store.update(KEYS.clusterroles, '', role.metadata.name!, { ...cur, rules: want } as KubeObject);
    }
  };
  let scheduled = false;
  const stop = store.subscribe((e) => {
    const deleted = e.type === 'DELETED';
    switch (e.res) {
      case KEYS.roles: index.setRole(e.ns, e.name, deleted ? undefined : (e.object as Role)); break;
      case KEYS.clusterroles:
        index.setRole('', e.name, deleted ? undefined : (e.object as Role));
        // Aggregation runs after the writer's transaction, once per burst of changes.
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(() => { scheduled = false; reconcileAggregation(); });
        }
        break;
      case KEYS.rolebindings: index.setBinding(e.ns, e.name, deleted ? undefined : (e.object as RoleBinding)); break;
      case KEYS.clusterrolebindings: index.setBinding('', e.name, deleted ? undefined : (e.object as RoleBinding)); break;
    }
  });
  return { index, reconcileAggregation, stop };
}
