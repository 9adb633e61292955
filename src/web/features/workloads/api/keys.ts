/**
 * workloadKeys is the query-key factory for the workload views (deployments, replica sets, jobs,
 * services, endpoint slices, config maps, and the pods and events they show), keyed by resource.
 */
export const workloadKeys = {
  all: ['workloads'] as const,
  /** resource is the prefix of every list of one resource (what a write to it invalidates). */
  resource: (resource: string) => [...workloadKeys.all, resource] as const,
  /** list is one resource's list in a namespace, optionally narrowed by a label or field selector. */
  list: (resource: string, namespace: string, selector = '') => [...workloadKeys.resource(resource), 'list', namespace, selector] as const,
  /** events are the core/v1 Events about one object (by kind and name). */
  events: (namespace: string, kind: string, name: string) => [...workloadKeys.all, 'events', namespace, kind, name] as const,
};
