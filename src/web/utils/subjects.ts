// Kubernetes identities of service accounts (the names RBAC and the audit trail use for them).

/** SERVICE_ACCOUNT_PREFIX starts every service account's username. */
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** serviceAccountUser is the username a service account authenticates as. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** serviceAccountGroups are the groups every service account of `namespace` is in. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/** parseServiceAccountUser reads `system:serviceaccount:<ns>:<name>`; undefined for other usernames. */
export function parseServiceAccountUser(username: string | undefined): { namespace: string; name: string } | undefined {
  if (!username?.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const [namespace, name, ...rest] = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (!namespace || !name || rest.length) return undefined;
  return { namespace, name };
}

/** isHumanUser is true for people: not system identities, not service accounts. */
export function isHumanUser(username: string | undefined): boolean {
  return !!username && !username.startsWith('system:');
}
