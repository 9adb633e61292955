import type { IncomingHttpHeaders } from 'node:http';
import type { Authorizer, Attributes } from '../authz/types';
import { forbiddenMessage } from '../authz/types';
import type { Filter } from '../http/context';
import { badRequest, forbidden } from '../http/status';
import { parseServiceAccountUsername, type UserInfo } from '../authn/user';

/** LookupGroups returns a known user's effective groups (Gatehouse knows its users; Kubernetes cannot). */
export type LookupUser = (username: string) => UserInfo | undefined;

function check(authorizer: Authorizer, real: UserInfo, a: Partial<Attributes>): void {
  const attrs: Attributes = { user: real, verb: 'impersonate', isResourceRequest: true, path: '', apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '', ...a };
  const r = authorizer.authorize(attrs);
  if (r.decision !== 'allow') throw forbidden(forbiddenMessage(attrs, r.reason), attrs.resource, attrs.apiGroup, attrs.name);
}

/** impersonates tells whether a request carries any `Impersonate-*` header (`headers` has lower-cased names). */
function impersonates(headers: IncomingHttpHeaders): boolean {
  for (const k in headers) if (k.startsWith('impersonate-')) return true;
  return false;
}

/**
 * withImpersonation honours `Impersonate-User`, repeated `Impersonate-Group`, `Impersonate-Uid` and
 * `Impersonate-Extra-<key>` as kube-apiserver does: the real user needs verb `impersonate` on users
 * (or serviceaccounts), groups, uids and userextras/<key>; then the request runs as the impersonated user.
 * When no groups are given for a Gatehouse user, their own groups are used, so "view as" is faithful.
 */
export function withImpersonation(authorizer: Authorizer, lookup: LookupUser): Filter {
  return (next) => async (ctx) => {
    // Most requests impersonate nobody: then there is nothing to parse (headersDistinct would build a
    // second copy of every header).
    if (!impersonates(ctx.req.headers)) return next(ctx);
    const h = ctx.req.headersDistinct;
    const user = h['impersonate-user']?.[0];
    const groups = (h['impersonate-group'] ?? []).flatMap((g) => g.split(',').map((x) => x.trim())).filter(Boolean);
    const uid = h['impersonate-uid']?.[0];
    const extraKeys = Object.keys(h).filter((k) => k.startsWith('impersonate-extra-'));
    if (!user) {
      if (groups.length || uid || extraKeys.length) throw badRequest('requested impersonation without a user: Impersonate-User is required');
      return next(ctx);
    }
    const real = ctx.user;
    const sa = parseServiceAccountUsername(user);
    if (sa) check(authorizer, real, { resource: 'serviceaccounts', namespace: sa.namespace, name: sa.name });
    else check(authorizer, real, { resource: 'users', name: user });
    for (const g of groups) check(authorizer, real, { resource: 'groups', name: g });
    if (uid) check(authorizer, real, { resource: 'uids', apiGroup: 'authentication.k8s.io', name: uid });
    const extra: Record<string, string[]> = {};
    for (const k of extraKeys) {
      const key = decodeURIComponent(k.slice('impersonate-extra-'.length));
      for (const v of h[k] ?? []) check(authorizer, real, { resource: 'userextras', subresource: key, apiGroup: 'authentication.k8s.io', name: v });
      extra[key] = h[k] ?? [];
    }
    let effGroups = groups;
    if (effGroups.length === 0) {
      if (sa) effGroups = ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`];
      else effGroups = lookup(user)?.groups ?? [];
    }
    if (user !== 'system:anonymous' && !effGroups.includes('system:authenticated')) effGroups = [...effGroups, 'system:authenticated'];
    ctx.impersonator = real;
    ctx.user = { username: user, groups: effGroups, ...(uid ? { uid } : {}), ...(extraKeys.length ? { extra } : {}) };
    return next(ctx);
  };
}
