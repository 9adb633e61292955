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
  namespace: { path: '/ns/:namespace', getHref: (namespace: string) => ns(namespace) },
  pods: { path: '/ns/:namespace/pods', getHref: (namespace: string) => `${ns(namespace)}/pods` },
  secrets: { path: '/ns/:namespace/secrets', getHref: (namespace: string) => `${ns(namespace)}/secrets` },
  members: { path: '/ns/:namespace/members', getHref: (namespace: string) => `${ns(namespace)}/members` },
  serviceAccounts: { path: '/ns/:namespace/service-accounts', getHref: (namespace: string) => `${ns(namespace)}/service-accounts` },
  securityProfiles: { path: '/security-profiles', getHref: () => '/security-profiles' },
  capabilityGrants: { path: '/capability-grants', getHref: () => '/capability-grants' },
  users: { path: '/users', getHref: () => '/users' },
  audit: { path: '/audit', getHref: () => '/audit' },
} as const;

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
