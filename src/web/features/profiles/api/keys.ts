import { resource, resourceKeys } from '../../../lib/resource-keys';

const profiles = resourceKeys(resource('security.gatehouse.dev', 'securityprofiles'));

/** profileKeys: security profiles, keyed by resource (lib/resource-keys.ts). */
export const profileKeys = {
  all: profiles.all,
  list: () => profiles.list(),
  detail: (name: string) => profiles.detail('', name),
};
