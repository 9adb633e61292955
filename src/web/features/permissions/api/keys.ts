import type { Permission } from '../../../lib/authz';

/** permissionKeys is the query-key factory for what the caller may do. */
export const permissionKeys = {
  all: ['permissions'] as const,
  rules: (namespace: string) => [...permissionKeys.all, 'rules', namespace] as const,
  access: (p: Permission & { namespace?: string }) => [...permissionKeys.all, 'access', p.namespace ?? '', p.group, p.resource, p.verb, p.name ?? ''] as const,
};

/** PERMISSIONS_REFRESH_MS is how often permissions are re-read, so the console follows binding changes without a reload. */
export const PERMISSIONS_REFRESH_MS = 30_000;

/** PERMISSIONS_FRESHNESS is how every permission answer is kept current: every 30 s, and whenever the window regains focus. */
export const PERMISSIONS_FRESHNESS = { staleTime: 5_000, refetchInterval: PERMISSIONS_REFRESH_MS, refetchOnWindowFocus: 'always' } as const;
