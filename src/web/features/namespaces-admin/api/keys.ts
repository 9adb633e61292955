import { resource, resourceKeys } from '../../../lib/resource-keys';

const namespaces = resourceKeys(resource('', 'namespaces'));

/** namespaceAdminKeys: namespaces as objects (cluster admins, namespace settings), keyed by resource. */
export const namespaceAdminKeys = {
  all: namespaces.all,
  list: () => namespaces.list(),
  detail: (name: string) => namespaces.detail('', name),
};
