import type { KubeObject } from '../../../shared/api/meta';
import type { Store, StoreEvent } from '../../storage/store';
import { systemCreate } from '../system-create';
import { DEFAULT_SERVICE_ACCOUNT, ROOT_CA_CONFIGMAP } from '../../../shared/api/core';

// What upstream's controllers put in every namespace, kept there as they do: the service-account
// controller's `default` ServiceAccount and the root-ca-cert-publisher's `kube-root-ca.crt` ConfigMap
// (the CA that signed the API server's certificate, so in-cluster clients can verify it). Deleted or
// changed, they come back. Namespaces being deleted are left alone.



/** ensureNamespaceDefaults creates what is missing (or restores the CA) in one active namespace. */
export function ensureNamespaceDefaults(store: Store, ns: string, caPem: string | undefined): void {
  const nsObj = store.get('/namespaces', '', ns);
  if (!nsObj || nsObj.metadata.deletionTimestamp) return;
  try {
    if (!store.get('/serviceaccounts', ns, DEFAULT_SERVICE_ACCOUNT)) {
      systemCreate(store, '/serviceaccounts', ns, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: ns } });
    }
    if (caPem === undefined) return;
    const cm = store.get('/configmaps', ns, ROOT_CA_CONFIGMAP) as (KubeObject & { data?: Record<string, string> }) | undefined;
    const data = { 'ca.crt': caPem };
    if (!cm) {
      systemCreate(store, '/configmaps', ns, {
        apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace: ns, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
        data,
      } as KubeObject);
    } else if (cm.data?.['ca.crt'] !== caPem || Object.keys(cm.data ?? {}).length !== 1) {
      store.update('/configmaps', ns, ROOT_CA_CONFIGMAP, { ...cm, data } as KubeObject, Number(cm.metadata.resourceVersion));
    }
  } catch { /* raced with another writer or a namespace deletion: the next event brings it back */ }
}

/**
 * startNamespaceDefaults reconciles every namespace now and after each event that needs it. Writes
 * happen after the publishing write returns (a write from inside a listener would reorder events for
 * later listeners); admission waits briefly for the default service account (see serviceAccountAdmission).
 */
export function startNamespaceDefaults(store: Store, caPem: string | undefined): () => void {
  for (const ns of store.list('/namespaces')) ensureNamespaceDefaults(store, ns.metadata.name!, caPem);
  const relevant = (e: StoreEvent): string | undefined => {
    if (e.res === '/namespaces' && e.type !== 'DELETED') return e.name;
    if (e.res === '/serviceaccounts' && e.name === DEFAULT_SERVICE_ACCOUNT && e.type === 'DELETED') return e.ns;
    if (e.res === '/configmaps' && e.name === ROOT_CA_CONFIGMAP && caPem !== undefined && e.type !== 'ADDED') return e.ns;
    return undefined;
  };
  return store.subscribe((e) => {
    const ns = relevant(e);
    if (ns) setImmediate(() => ensureNamespaceDefaults(store, ns, caPem));
  });
}
