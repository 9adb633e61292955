import { resource, resourceKeys } from '../../../lib/resource-keys';

const projects = resourceKeys(resource('project.gatehouse.dev', 'projects'));

/** namespaceKeys: the namespaces the caller can use are projects, a view of namespaces and bindings (lib/resource-keys.ts). */
export const namespaceKeys = {
  all: projects.all,
  list: () => projects.list(),
};
