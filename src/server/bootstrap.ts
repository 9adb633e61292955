import type { KubeObject } from '../shared/api/meta';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './authz/bootstrap-policy';
import type { Store } from './storage/store';
import { deepEqual } from '../shared/api/equal';
import { ANNOTATIONS } from '../shared/api/meta';
import { DEFAULT_PROFILES } from './admission/security-profiles/defaults';
import { allocateInStore } from './admission/namespace-ranges';
import { PROFILES_KEY } from './admission/security-profiles/admission';
import { KUBERNETES_SERVICE_IP } from './registry/services/cluster-ips';
import { systemCreate } from './registry/system-create';
import {  } from '../shared/api/meta';

/** BOOTSTRAP_NAMESPACES always exist. */
export const BOOTSTRAP_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * reconcileBootstrap makes the default namespaces (with UID ranges), ClusterRoles, ClusterRoleBindings
 * and SecurityProfiles exist with their default content at every start; an object annotated `rbac.authorization.kubernetes.io/autoupdate: "false"`
 * is left as the admin changed it (as upstream).
 */
export function reconcileBootstrap(store: Store, extra: { roles?: KubeObject[]; bindings?: KubeObject[]; namespaceHook?: (ns: KubeObject) => KubeObject } = {}): void {
  store.transaction(() => {
    for (const name of BOOTSTRAP_NAMESPACES) {
      if (store.get('/namespaces', '', name)) continue;
      let ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name }, annotations: allocateInStore(store) }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
      if (extra.namespaceHook) ns = extra.namespaceHook(ns);
      systemCreate(store, '/namespaces', '', ns);
    }
    // Namespaces stored without UID ranges (before ranges existed, or written around admission) get one now.
    for (const ns of store.list('/namespaces')) {
      if (ns.metadata.annotations?.[ANNOTATIONS.uidRange]) continue;
      store.update('/namespaces', '', ns.metadata.name!, { ...ns, metadata: { ...ns.metadata, annotations: { ...(ns.metadata.annotations ?? {}), ...allocateInStore(store) } } });
    }
    const reconcile = (res: string, objs: KubeObject[]) => {
      for (const want of objs) {
        const cur = store.get(res, '', want.metadata.name!);
        if (!cur) { systemCreate(store, res, '', want); continue; }
        if (cur.metadata.annotations?.['rbac.authorization.kubernetes.io/autoupdate'] === 'false') continue;
        const merged: KubeObject = { ...cur, ...want, metadata: { ...cur.metadata, labels: { ...(cur.metadata.labels ?? {}), ...(want.metadata.labels ?? {}) }, annotations: { ...(cur.metadata.annotations ?? {}), ...(want.metadata.annotations ?? {}) } } };
        // Aggregated roles keep their computed rules; the aggregation controller owns them.
        if ((want as any).aggregationRule) (merged as any).rules = (cur as any).rules ?? [];
        if (!deepEqual(merged, cur)) store.update(res, '', want.metadata.name!, merged);
      }
    };
    reconcile('rbac.authorization.k8s.io/clusterroles', [...(BOOTSTRAP_CLUSTER_ROLES as KubeObject[]), ...(extra.roles ?? [])]);
    reconcile('rbac.authorization.k8s.io/clusterrolebindings', [...(BOOTSTRAP_CLUSTER_ROLE_BINDINGS as KubeObject[]), ...(extra.bindings ?? [])]);
    reconcile(PROFILES_KEY, DEFAULT_PROFILES as KubeObject[]);
    // The `kubernetes` service in `default` (upstream's apiserver keeps it), so in-cluster clients and `kubectl cluster-info` find the API.
    if (!store.get('/services', 'default', 'kubernetes')) {
      systemCreate(store, '/services', 'default', {
        apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: { type: 'ClusterIP', clusterIP: KUBERNETES_SERVICE_IP, clusterIPs: [KUBERNETES_SERVICE_IP], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
        status: { loadBalancer: {} },
      } as KubeObject);
    }
  });
}
