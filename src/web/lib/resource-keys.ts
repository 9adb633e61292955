import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';
import { findResource, type ResourceDescriptor } from '../../shared/api/resources';

// One query cache keyed by resource (Headlamp's kubeObjectQueryKey): every cached view of a resource
// lives under `['resource', group, resource, namespace, ...view]`, whichever feature reads it, so one
// `invalidateResource(queryClient, desc, namespace)` after any write refreshes every view of it (the
// service-account page, the pod form's picker, the members page...). Views that read several resources
// at once (the grants page reads every role and binding) are keyed `['resources', ['g/r', ...], namespace, ...view]`.

/** ResourceRef names a resource the way keys do (a descriptor from src/shared/api/resources.ts fits). */
export type ResourceRef = Pick<ResourceDescriptor, 'group' | 'resource'>;

/** ALL_NAMESPACES is the namespace part of a key for a cluster-scoped resource or a view across namespaces. */
export const ALL_NAMESPACES = '';

/** resource looks up a descriptor by group and plural name; it throws at load on a misspelt name, not at the first request. */
export function resource(group: string, plural: string): ResourceDescriptor {
  const d = findResource(group, plural);
  if (!d) throw new Error(`no resource ${group ? `${group}/` : ''}${plural} in src/shared/api/resources.ts`);
  return d;
}

const refName = (r: ResourceRef) => `${r.group}/${r.resource}`;

/**
 * resourceKey is the query key of one view of `r` in `namespace` (ALL_NAMESPACES for cluster-scoped
 * resources and for views across namespaces); `view` tells the views apart (`'list'`, `'detail', name`...).
 */
export function resourceKey(r: ResourceRef, namespace: string = ALL_NAMESPACES, ...view: readonly unknown[]): QueryKey {
  return ['resource', r.group, r.resource, namespace, ...view];
}

/** resourcesKey is the key of one view that reads several resources at once (invalidated by a write to any of them). */
export function resourcesKey(rs: readonly ResourceRef[], namespace: string = ALL_NAMESPACES, ...view: readonly unknown[]): QueryKey {
  return ['resources', rs.map(refName).sort(), namespace, ...view];
}

/** resourceKeys is the key factory for one resource: `all` (every view), `list(ns)`, `detail(ns, name)`, `view(ns, ...)`. */
export function resourceKeys(r: ResourceRef) {
  return {
    all: ['resource', r.group, r.resource] as QueryKey,
    list: (namespace: string = ALL_NAMESPACES, ...params: readonly unknown[]) => resourceKey(r, namespace, 'list', ...params),
    detail: (namespace: string, name: string) => resourceKey(r, namespace, 'detail', name),
    view: (namespace: string, ...view: readonly unknown[]) => resourceKey(r, namespace, ...view),
  };
}

/**
 * VIEWS_OF lists the resources the server computes from others: a write to the key resource changes
 * them too (a secret summary shows the secret and the pods that mount it; projects are the namespaces
 * the caller's bindings reach).
 */
const VIEWS_OF: Record<string, ResourceRef[]> = {
  '/secrets': [{ group: 'security.gatehouse.dev', resource: 'secretsummaries' }],
  '/pods': [{ group: 'security.gatehouse.dev', resource: 'secretsummaries' }],
  '/namespaces': [{ group: 'project.gatehouse.dev', resource: 'projects' }],
  'rbac.authorization.k8s.io/rolebindings': [{ group: 'project.gatehouse.dev', resource: 'projects' }],
  'rbac.authorization.k8s.io/clusterrolebindings': [{ group: 'project.gatehouse.dev', resource: 'projects' }],
};

const inNamespace = (keyNs: unknown, namespace: string | undefined) => namespace === undefined || keyNs === namespace || keyNs === ALL_NAMESPACES;

/** isViewOf tells whether a query key is a view of `r` in `namespace` (any namespace when undefined; cross-namespace views always). */
export function isViewOf(key: QueryKey, r: ResourceRef, namespace?: string): boolean {
  const refs = [r, ...(VIEWS_OF[refName(r)] ?? [])];
  if (key[0] === 'resource') return refs.some((x) => key[1] === x.group && key[2] === x.resource) && inNamespace(key[3], namespace);
  if (key[0] === 'resources' && Array.isArray(key[1])) return refs.some((x) => (key[1] as string[]).includes(refName(x))) && inNamespace(key[2], namespace);
  return false;
}

/**
 * invalidateResource marks every cached view of `r` (and of what the server computes from it) in
 * `namespace` stale, together with the views across namespaces; active ones refetch at once. Call it
 * after any write to `r`; omit `namespace` when the write may touch several.
 */
export function invalidateResource(queryClient: QueryClient, r: ResourceRef, namespace?: string): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q: Query) => isViewOf(q.queryKey, r, namespace) });
}
