import { resources } from '../../../lib/resources';

/**
 * workloadResource is the web descriptor (lib/resources.ts) of a resource the workload views read, by
 * its plural name (`deployments`, `replicasets`, `pods`...); a name with no descriptor throws.
 */
export function workloadResource(plural: string) {
  const api = Object.values(resources).find((r) => r.resource === plural);
  if (!api) throw new Error(`no resource ${plural} in lib/resources.ts`);
  return api;
}

/**
 * workloadKeys are the workload views' query keys by plural name: each resource's own keys
 * (lib/resource-keys, through its descriptor), so a write anywhere in the console (a pod deleted from
 * the pods view, a config map created) refreshes these views too, and a write here refreshes theirs.
 */
export const workloadKeys = {
  /** resource is the prefix of every view of one resource, in every feature (what a write to it invalidates). */
  resource: (plural: string) => workloadResource(plural).keys.all,
  /**
   * list is the key of a live list (lib/resource-api useLiveList) of one resource in a namespace;
   * `selector` as that key carries it: `<labelSelector>|<fieldSelector>`, empty for the whole list.
   */
  list: (plural: string, namespace: string, selector = '') => workloadResource(plural).keys.list(namespace, ...(selector ? [selector] : [])),
};
