import type { Identity } from '../authn/identity';
import type { ServiceAccountTokens } from '../authn/service-account-tokens';
import type { TokenAuthenticator } from '../authn/token-file';
import { withAuthenticatedGroup } from '../authn/user';
import { unauthorized } from '../http/status';
import { checkSameOrigin, readCookie, SESSION_COOKIE } from './auth-routes';
import type { RequestAuthenticator } from './chain';

/**
 * bearerOrSession authenticates a request by its bearer token — a service-account JWT, a personal
 * token, then the token authenticators (the static token file, connect mode's) — or else by the
 * console's session cookie, whose writes must come from our own pages (CSRF). Neither: anonymous.
 * A token or session that is given but not valid is a 401, never anonymous.
 */
export function bearerOrSession(deps: { saTokens: ServiceAccountTokens; identity: Identity; tokenAuthenticators: TokenAuthenticator[] }): RequestAuthenticator {
  return async (ctx) => {
    const h = ctx.req.headers.authorization;
    if (h) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
      if (!m) throw unauthorized();
      const token = m[1];
      const sa = await deps.saTokens.authenticate(token);
      if (sa) return { user: sa, method: 'serviceaccount' };
      const pat = deps.identity.resolveToken(token);
      if (pat) return { user: pat, method: 'token' };
      for (const a of deps.tokenAuthenticators) {
        const u = await a.authenticateToken(token);
        if (u) return { user: withAuthenticatedGroup(u), method: 'token' };
      }
      throw unauthorized();
    }
    const sid = readCookie(ctx, SESSION_COOKIE);
    if (sid && ctx.url.pathname !== '/auth/login') {
      const u = deps.identity.resolveSession(sid);
      if (!u) throw unauthorized('your session has expired; sign in again');
      // Cookie-authenticated writes must come from our own pages (CSRF).
      if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD' && ctx.url.pathname !== '/auth/logout') checkSameOrigin(ctx);
      return { user: u, method: 'session' };
    }
    return undefined;
  };
}
