import type { Store } from '../../storage/store';
import type { DeleteHook } from '../registry';

/** deleteNamespace deletes everything in a namespace, then the namespace (one transaction). */
export function deleteNamespace(store: Store): DeleteHook {
  return (obj) => {
    store.transaction(() => {
      store.deleteNamespaceContents(obj.metadata.name!);
      store.delete('/namespaces', '', obj.metadata.name!);
    });
    return 'deleted';
  };
}
