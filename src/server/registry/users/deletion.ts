import { USERS } from '../../authn/identity';
import type { RbacIndex } from '../../authz/rbac';
import type { Store } from '../../storage/store';
import type { DeleteHook } from '../registry';
import { removeUserEverywhere } from './cleanup';

/**
 * deleteUser removes a user and, in the same transaction, takes them out of every binding and group,
 * so a later user of the same name inherits no access; what they were taken out of goes on the audit event.
 */
export function deleteUser(store: Store, index: Pick<RbacIndex, 'bindingsOf'>): DeleteHook {
  return (obj, ctx) => {
    store.transaction(() => {
      const removed = removeUserEverywhere(store, index, obj.metadata.name!);
      store.delete(USERS, '', obj.metadata.name!);
      if (removed.bindings.length) ctx.annotations['iam.gatehouse.dev/removed-from-bindings'] = removed.bindings.join(', ');
      if (removed.groups.length) ctx.annotations['iam.gatehouse.dev/removed-from-groups'] = removed.groups.join(', ');
    });
    return 'deleted';
  };
}
