import type { Authorizer } from '../authz/types';
import { forbiddenMessage } from '../authz/types';
import type { Filter, Handler, RequestContext } from '../http/context';
import { forbidden, unauthorized } from '../http/status';
import { ANONYMOUS, type UserInfo } from '../authn/user';

/** PUBLIC_PATHS answer without credentials (health, version, login); everything under /api, /apis, /openapi needs them. */
export const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/', '/auth/login']);

/** isApiPath is true for the paths the API (not the SPA) serves. */
export function isApiPath(p: string): boolean {
  return p === '/api' || p.startsWith('/api/') || p === '/apis' || p.startsWith('/apis/') || p.startsWith('/openapi') || p.startsWith('/auth/') || PUBLIC_PATHS.has(p);
}

/** RequestAuthenticator resolves a request's identity: a user, `undefined` for no credentials, or throws 401 for bad ones. */
export type RequestAuthenticator = (ctx: RequestContext) => Promise<{ user: UserInfo; method: RequestContext['authMethod'] } | undefined>;

/** withAuthentication sets ctx.user; anonymous requests reach only public paths and the SPA (401 elsewhere). */
export function withAuthentication(authenticate: RequestAuthenticator): Filter {
  return (next: Handler) => async (ctx) => {
    const r = await authenticate(ctx);
    if (r) {
      ctx.user = r.user;
      ctx.authMethod = r.method;
    } else {
      ctx.user = ANONYMOUS;
      ctx.authMethod = 'anonymous';
      if (isApiPath(ctx.url.pathname) && !PUBLIC_PATHS.has(ctx.url.pathname)) throw unauthorized();
    }
    return next(ctx);
  };
}

/** withAuthorization asks the authorizer about every API request except public paths; a denial is a Kubernetes Forbidden. */
export function withAuthorization(authorizer: Authorizer): Filter {
  return (next: Handler) => async (ctx) => {
    const p = ctx.url.pathname;
    if (PUBLIC_PATHS.has(p) || !isApiPath(p) || p.startsWith('/auth/')) return next(ctx);
    const { info } = ctx;
    // POST to a users/password subresource changes state in place: it is authorized as `update`.
    const verb = info.verb === 'create' && info.resource === 'users' && info.subresource === 'password' ? 'update' : info.verb;
    const attrs = {
      user: ctx.user, verb, isResourceRequest: info.isResourceRequest, path: p, apiGroup: info.apiGroup, apiVersion: info.apiVersion,
      namespace: info.namespace, resource: info.resource, subresource: info.subresource, name: info.name,
      fieldSelector: ctx.query.get('fieldSelector') ?? undefined,
    };
    const r = authorizer.authorize(attrs);
    ctx.annotations['authorization.k8s.io/decision'] = r.decision === 'allow' ? 'allow' : 'forbid';
    ctx.annotations['authorization.k8s.io/reason'] = r.reason;
    if (r.decision !== 'allow') throw forbidden(forbiddenMessage(attrs, r.reason), info.resource, info.apiGroup, info.name || undefined);
    return next(ctx);
  };
}

/** chain composes filters so that the first listed runs first (STYLE §6). */
export function chain(handler: Handler, ...filters: Filter[]): Handler {
  return filters.reduceRight((h, f) => f(h), handler);
}
