import { resource, resourceKeys } from '../../../lib/resource-keys';

const serviceAccounts = resourceKeys(resource('', 'serviceaccounts'));
const pods = resourceKeys(resource('', 'pods'));

/**
 * serviceAccountKeys are this feature's views, keyed by resource (lib/resource-keys.ts): a write to
 * service accounts (here, in the pod form or anywhere) refreshes every one of them.
 */
export const serviceAccountKeys = {
  all: serviceAccounts.all,
  list: (namespace: string) => serviceAccounts.list(namespace),
  /** usage is what `name` may use (access reviews); `scope` says what the reader could list (a prefix match without it). */
  usage: (namespace: string, name: string, scope?: string) => serviceAccounts.view(namespace, 'usage', name, ...(scope ? [scope] : [])),
  /** pods are the pods running as one service account: a view of pods. */
  pods: (namespace: string, name: string) => pods.view(namespace, 'running-as', name),
};
