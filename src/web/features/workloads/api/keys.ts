import { resource, resourceKeys } from '../../../lib/resource-keys';

/** GROUPS names the API group of each resource the workload views read. */
const GROUPS: Record<string, string> = { deployments: 'apps', replicasets: 'apps', jobs: 'batch', services: '', endpointslices: 'discovery.k8s.io', configmaps: '', pods: '', events: '' };

const keysOf = (plural: string) => resourceKeys(resource(GROUPS[plural] ?? '', plural));

/**
 * workloadKeys is the query-key factory for the workload views (deployments, replica sets, jobs,
 * services, endpoint slices, config maps, and the pods and events they show). The keys live in the one
 * cache keyed by resource (lib/resource-keys), so a write anywhere in the console (a pod deleted from
 * the pods view, a config map created) refreshes these views too, and a write here refreshes theirs.
 */
export const workloadKeys = {
  /** resource is the prefix of every view of one resource, in every feature (what a write to it invalidates). */
  resource: (plural: string) => keysOf(plural).all,
  /** list is one resource's list in a namespace as the workload views read it, optionally narrowed by a label or field selector. */
  list: (plural: string, namespace: string, selector = '') => keysOf(plural).list(namespace, 'workloads', selector),
  /** events are the core/v1 Events about one object (by kind and name). */
  events: (namespace: string, kind: string, name: string) => keysOf('events').view(namespace, 'about', kind, name),
};
