import { loginSchema, tokenCreateSchema } from '../../shared/api/iam';
import type { Identity, RateLimiter } from '../authn/identity';
import type { RequestContext } from '../http/context';
import { decodeBody, readRawBody } from '../http/body';
import { writeJSON } from '../http/respond';
import { ApiError, badRequest, notFound, tooManyRequests, unauthorized } from '../http/status';

/** SESSION_COOKIE is the browser session cookie (HttpOnly, Secure, SameSite=Strict). */
export const SESSION_COOKIE = 'gatehouse_session';

/** readCookie returns one cookie's value from the request. */
export function readCookie(ctx: RequestContext, name: string): string | undefined {
  for (const part of (ctx.req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** secureFlag marks the cookie Secure on HTTPS; the loopback console listener is plain HTTP on 127.0.0.1 only. */
function secureFlag(ctx: RequestContext): string {
  return (ctx.req.socket as { encrypted?: boolean }).encrypted ? ' Secure;' : '';
}

/** clientKey is the rate-limit key of the client address. */
function clientKey(ctx: RequestContext): string {
  return `ip:${ctx.req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * checkSameOrigin is the CSRF defence for cookie-authenticated writes: the SPA always sends
 * `X-Gatehouse-Request: 1` (a header a cross-site form or image cannot send, and a cross-site fetch
 * cannot send without a CORS preflight we never grant), and any Origin / Sec-Fetch-Site must be ours.
 */
export function checkSameOrigin(ctx: RequestContext): void {
  const h = ctx.req.headers;
  const origin = h.origin;
  const site = h['sec-fetch-site'];
  const okOrigin = !origin || origin === `https://${h.host}` || origin === `http://${h.host}`;
  const okSite = !site || site === 'same-origin' || site === 'none';
  if (!okOrigin || !okSite || h['x-gatehouse-request'] !== '1') {
    throw new ApiError(403, 'Forbidden', 'cross-site request refused: browser writes must come from the Gatehouse console (CSRF protection)');
  }
}

/**
 * refuseImpersonated is the 403 for an impersonated request that would create or change a lasting
 * credential (personal token, kubeconfig, password): only the person themselves, signed in as themselves, may.
 */
export function refuseImpersonated(ctx: RequestContext, what: string): ApiError {
  return new ApiError(403, 'Forbidden', `user "${ctx.impersonator?.username}" is impersonating "${ctx.user.username}" and may not ${what}: impersonated requests cannot create or change lasting credentials; "${ctx.user.username}" must do this signed in as themselves`);
}

async function body(ctx: RequestContext): Promise<unknown> {
  return decodeBody(await readRawBody(ctx.req, 64 * 1024), ctx.req.headers['content-type']);
}

/** AuthRoutes are the browser endpoints outside the Kubernetes API: login, logout, personal tokens, kubeconfig. */
export interface AuthRouteDeps {
  identity: Identity;
  perUser: RateLimiter;
  perClient: RateLimiter;
  serverUrl: () => string;
  caPem: () => string;
}

/** serveAuth handles `/auth/*`. Login is public; the others need an authenticated user. */
export async function serveAuth(ctx: RequestContext, deps: AuthRouteDeps): Promise<void> {
  const p = ctx.url.pathname;
  const method = ctx.req.method ?? 'GET';
  if (p === '/auth/login') {
    if (method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'use POST');
    checkSameOrigin(ctx);
    const parsed = loginSchema.safeParse(await body(ctx));
    if (!parsed.success) throw badRequest('username and password are required');
    const { username, password } = parsed.data;
    const userKey = `user:${username.toLowerCase()}`;
    // The attempt is counted (reserved) before the slow hash is checked, and given back on success:
    // a concurrent burst of guesses meets the limit at once instead of after every hash has run.
    const now = Date.now();
    const wait = Math.max(deps.perUser.retryAfter(userKey, now), deps.perClient.retryAfter(clientKey(ctx), now));
    if (wait > 0) throw tooManyRequests(`too many failed sign-in attempts; try again in ${wait} seconds`, wait);
    deps.perUser.reserve(userKey, now);
    deps.perClient.reserve(clientKey(ctx), now);
    const user = await deps.identity.verifyPassword(username, password);
    // One answer for a wrong password, an unknown user and a disabled user; the reservations stay as failures.
    if (!user) throw unauthorized('invalid username or password');
    deps.perUser.reset(userKey);
    deps.perClient.release(clientKey(ctx), now);
    const session = deps.identity.createSession(user.username);
    ctx.user = user;
    ctx.annotations['authentication.gatehouse.dev/login'] = 'password';
    writeJSON(ctx, 200, { username: user.username }, {
      'Set-Cookie': `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly;${secureFlag(ctx)} SameSite=Strict; Max-Age=${Math.floor((session.expiresAt - Date.now()) / 1000)}`,
    });
    return;
  }
  if (p === '/auth/logout') {
    if (method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'use POST');
    const id = readCookie(ctx, SESSION_COOKIE);
    if (id) deps.identity.deleteSession(id);
    writeJSON(ctx, 200, { status: 'signed out' }, { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly;${secureFlag(ctx)} SameSite=Strict; Max-Age=0` });
    return;
  }
  if (ctx.authMethod === 'anonymous') throw unauthorized();
  const me = ctx.user.username;
  // Impersonation is temporary and audited under the impersonator; a credential minted through it would
  // outlive the grant and act as the victim alone. Reads (listing tokens) stay allowed for "view as".
  if (ctx.impersonator && method !== 'GET' && method !== 'HEAD') throw refuseImpersonated(ctx, p === '/auth/kubeconfig' ? 'download a kubeconfig' : 'create or revoke personal tokens');
  const isHuman = !me.startsWith('system:');
  if (p === '/auth/tokens') {
    if (!isHuman) throw new ApiError(403, 'Forbidden', 'personal access tokens are for Gatehouse users');
    if (method === 'GET') return writeJSON(ctx, 200, { items: deps.identity.listTokens(me) });
    if (method === 'POST') {
      const parsed = tokenCreateSchema.safeParse(await body(ctx));
      if (!parsed.success) throw new ApiError(422, 'Invalid', `invalid token request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(', ')}`);
      const t = deps.identity.createToken(me, parsed.data.name, parsed.data.expiresInSeconds ?? 30 * 24 * 3600);
      return writeJSON(ctx, 201, { ...t.info, token: t.token });
    }
    throw new ApiError(405, 'MethodNotAllowed', 'use GET or POST');
  }
  const m = /^\/auth\/tokens\/([\w-]+)$/.exec(p);
  if (m) {
    if (method !== 'DELETE') throw new ApiError(405, 'MethodNotAllowed', 'use DELETE');
    if (!deps.identity.revokeToken(me, m[1])) throw notFound('tokens', '', m[1]);
    return writeJSON(ctx, 200, { status: 'revoked', id: m[1] });
  }
  if (p === '/auth/kubeconfig') {
    if (method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'use POST');
    if (!isHuman) throw new ApiError(403, 'Forbidden', 'kubeconfigs are for Gatehouse users');
    const t = deps.identity.createToken(me, `kubeconfig ${new Date().toISOString().slice(0, 10)}`, 30 * 24 * 3600);
    const { kubeconfig } = await import('../authn/pki');
    const text = kubeconfig(deps.serverUrl(), deps.caPem(), me, t.token);
    ctx.responseCode = 200;
    ctx.res.writeHead(200, { 'Content-Type': 'application/yaml', 'Content-Disposition': `attachment; filename="${me}.kubeconfig"`, 'Cache-Control': 'no-store' });
    ctx.res.end(text);
    return;
  }
  throw notFound('auth', '', p);
}
