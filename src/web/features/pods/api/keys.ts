import { resource, resourceKeys, resourcesKey } from '../../../lib/resource-keys';

const pods = resourceKeys(resource('', 'pods'));
const events = resourceKeys(resource('', 'events'));
const serviceAccounts = resourceKeys(resource('', 'serviceaccounts'));

/**
 * podKeys are the pod views' keys, keyed by resource (lib/resource-keys.ts): the service-account picker
 * is a view of service accounts, so creating one anywhere refreshes it.
 */
export const podKeys = {
  all: pods.all,
  list: (namespace: string) => pods.list(namespace),
  detail: (namespace: string, name: string) => pods.detail(namespace, name),
  /** events are a pod's core/v1 Events (involvedObject.name = the pod): a view of events. */
  events: (namespace: string, name: string) => events.view(namespace, 'involving', name),
  /** serviceAccountNames are the names a pod may run as: a view of service accounts. */
  serviceAccountNames: (namespace: string) => serviceAccounts.view(namespace, 'names'),
};

/** profileReviewKeys: a SecurityProfileReview answer depends on the profiles and on who may use them (bindings). */
export const profileReviewKeys = {
  review: (namespace: string, specJson: string, serviceAccount: string) => resourcesKey(
    [resource('security.gatehouse.dev', 'securityprofiles'), resource('rbac.authorization.k8s.io', 'rolebindings'), resource('rbac.authorization.k8s.io', 'clusterrolebindings')],
    namespace, 'securityprofilereview', serviceAccount, specJson,
  ),
};
