import { resource, resourceKeys } from '../../../lib/resource-keys';

const summaries = resourceKeys(resource('security.gatehouse.dev', 'secretsummaries'));

/**
 * secretKeys: the console reads secret summaries only (never secrets). Summaries are a view the server
 * computes from secrets and pods, so `invalidateResource(secrets)` refreshes them (lib/resource-keys.ts).
 */
export const secretKeys = {
  all: summaries.all,
  list: (namespace: string) => summaries.list(namespace),
};
