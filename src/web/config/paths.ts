// Every URL the console has, in one typed table (STYLE §14): routes use `path`, links use `getHref`.
// Namespaced views live under /ns/<namespace>/ so a shared URL opens the same namespace.

const ns = (namespace: string) => `/ns/${encodeURIComponent(namespace)}`;

/** paths lists the console's routes; `getHref` renders a link to one. */
export const paths = {
  home: { path: '/', getHref: () => '/' },
  signIn: {
    path: '/sign-in',
    /** getHref remembers where to go back to after signing in (only same-site paths are kept). */
    getHref: (redirectTo?: string | null) => {
      const safe = safeRedirect(redirectTo);
      return safe && safe !== '/' ? `/sign-in?redirectTo=${encodeURIComponent(safe)}` : '/sign-in';
    },
  },
  /** account is the signed-in person's own page: password and personal tokens. */
  account: { path: '/account', getHref: () => '/account' },
  namespace: { path: '/ns/:namespace', getHref: (namespace: string) => ns(namespace) },
  pods: { path: '/ns/:namespace/pods', getHref: (namespace: string) => `${ns(namespace)}/pods` },
  // Pods and secrets (issue 7). The fixed segment `new` ranks above `:name`, so an object literally
  // named "new" has no detail page here (kubectl still shows it).
  newPod: { path: '/ns/:namespace/pods/new', getHref: (namespace: string) => `${ns(namespace)}/pods/new` },
  pod: { path: '/ns/:namespace/pods/:name', getHref: (namespace: string, name: string) => `${ns(namespace)}/pods/${encodeURIComponent(name)}` },
  // Workloads (issue 15): Deployments and Jobs (created from the pod form), Services, ConfigMaps.
  deployments: { path: '/ns/:namespace/deployments', getHref: (namespace: string) => `${ns(namespace)}/deployments` },
  newDeployment: { path: '/ns/:namespace/deployments/new', getHref: (namespace: string) => `${ns(namespace)}/deployments/new` },
  deployment: { path: '/ns/:namespace/deployments/:name', getHref: (namespace: string, name: string) => `${ns(namespace)}/deployments/${encodeURIComponent(name)}` },
  jobs: { path: '/ns/:namespace/jobs', getHref: (namespace: string) => `${ns(namespace)}/jobs` },
  newJob: { path: '/ns/:namespace/jobs/new', getHref: (namespace: string) => `${ns(namespace)}/jobs/new` },
  job: { path: '/ns/:namespace/jobs/:name', getHref: (namespace: string, name: string) => `${ns(namespace)}/jobs/${encodeURIComponent(name)}` },
  services: { path: '/ns/:namespace/services', getHref: (namespace: string) => `${ns(namespace)}/services` },
  service: { path: '/ns/:namespace/services/:name', getHref: (namespace: string, name: string) => `${ns(namespace)}/services/${encodeURIComponent(name)}` },
  configMaps: { path: '/ns/:namespace/configmaps', getHref: (namespace: string) => `${ns(namespace)}/configmaps` },
  configMap: { path: '/ns/:namespace/configmaps/:name', getHref: (namespace: string, name: string) => `${ns(namespace)}/configmaps/${encodeURIComponent(name)}` },
  secrets: { path: '/ns/:namespace/secrets', getHref: (namespace: string) => `${ns(namespace)}/secrets` },
  newSecret: { path: '/ns/:namespace/secrets/new', getHref: (namespace: string) => `${ns(namespace)}/secrets/new` },
  secret: { path: '/ns/:namespace/secrets/:name', getHref: (namespace: string, name: string) => `${ns(namespace)}/secrets/${encodeURIComponent(name)}` },
  members: { path: '/ns/:namespace/members', getHref: (namespace: string) => `${ns(namespace)}/members` },
  events: { path: '/ns/:namespace/events', getHref: (namespace: string) => `${ns(namespace)}/events` },
  serviceAccounts: { path: '/ns/:namespace/service-accounts', getHref: (namespace: string) => `${ns(namespace)}/service-accounts` },
  securityProfiles: { path: '/security-profiles', getHref: () => '/security-profiles' },
  nodes: { path: '/nodes', getHref: () => '/nodes' },
  node: { path: '/nodes/:name', getHref: (name: string) => `/nodes/${encodeURIComponent(name)}` },
  capabilityGrants: { path: '/capability-grants', getHref: () => '/capability-grants' },
  users: { path: '/users', getHref: () => '/users' },
  audit: { path: '/audit', getHref: () => '/audit' },
  // Admin views (issue 8). Detail pages sit under their list so the nav keeps the list highlighted.
  serviceAccount: { path: '/ns/:namespace/service-accounts/:name', getHref: (namespace: string, name: string) => `${ns(namespace)}/service-accounts/${encodeURIComponent(name)}` },
  namespaceSettings: { path: '/ns/:namespace/settings', getHref: (namespace: string) => `${ns(namespace)}/settings` },
  namespaceAudit: { path: '/ns/:namespace/audit', getHref: (namespace: string) => `${ns(namespace)}/audit` },
  roleBinding: { path: '/ns/:namespace/role-bindings/:name', getHref: (namespace: string, name: string) => `${ns(namespace)}/role-bindings/${encodeURIComponent(name)}` },
  namespaces: { path: '/namespaces', getHref: () => '/namespaces' },
  user: {
    path: '/users/:name',
    /** getHref opens one user's page, optionally on a tab (`workloads`, `activity`, `yaml`). */
    getHref: (name: string, tab?: 'workloads' | 'activity' | 'yaml') => `/users/${encodeURIComponent(name)}${tab ? `?tab=${tab}` : ''}`,
  },
  groups: { path: '/groups', getHref: () => '/groups' },
  newSecurityProfile: { path: '/security-profiles/new', getHref: () => '/security-profiles/new' },
  securityProfile: { path: '/security-profiles/:name', getHref: (name: string) => `/security-profiles/${encodeURIComponent(name)}` },
  clusterRoleBinding: { path: '/cluster-role-bindings/:name', getHref: (name: string) => `/cluster-role-bindings/${encodeURIComponent(name)}` },
} as const;

/** PATH_ALIASES are other spellings of some views (kubectl's resource names), redirected to the canonical path. */
export const PATH_ALIASES: readonly { from: string; to: (params: Record<string, string | undefined>) => string }[] = [
  { from: '/ns/:namespace/serviceaccounts', to: (p) => paths.serviceAccounts.getHref(p.namespace ?? '') },
  { from: '/ns/:namespace/serviceaccounts/:name', to: (p) => paths.serviceAccount.getHref(p.namespace ?? '', p.name ?? '') },
  { from: '/securityprofiles', to: () => paths.securityProfiles.getHref() },
  { from: '/securityprofiles/:name', to: (p) => paths.securityProfile.getHref(p.name ?? '') },
  { from: '/grants', to: () => paths.capabilityGrants.getHref() },
];

/**
 * safeRedirect returns `to` if it is a path on this site (not `//host`, not a scheme, not the sign-in
 * page itself), else undefined: a crafted link must not send a person elsewhere after they sign in.
 */
export function safeRedirect(to: string | null | undefined): string | undefined {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return undefined;
  if (/\p{Cc}/u.test(to)) return undefined;
  if (to === '/sign-in' || to.startsWith('/sign-in?') || to.startsWith('/sign-in/')) return undefined;
  return to;
}
