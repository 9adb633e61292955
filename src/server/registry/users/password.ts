// users/{name}/password (POST): an admin sets any password; a user changes their own with
// currentPassword. A new password ends every other way in that the old one opened: the user's
// sessions (except the one they change it in) and their personal tokens and kubeconfigs.

import { passwordChangeSchema, passwordProblems } from '../../../shared/api/iam';
import { USERS, type Identity } from '../../authn/identity';
import { allows, type Authorizer } from '../../authz/types';
import { readCookie, refuseImpersonated, SESSION_COOKIE } from '../../filters/auth-routes';
import { ApiError, forbidden, invalid, methodNotAllowed, notFound } from '../../http/status';
import type { Store } from '../../storage/store';
import { readBody, success, type Subresource } from '../storage';

/**
 * setPassword serves POST users/{name}/password. Everyone may reach it for themselves (the
 * self-service authorizer in app.ts); `rbacOnly` tells whether the caller is an admin of users.
 */
export function setPassword(deps: { store: Store; identity: Identity; rbacOnly: Authorizer }): Subresource {
  return async (ctx) => {
    const { info } = ctx;
    if (ctx.req.method !== 'POST') throw methodNotAllowed('use POST');
    if (ctx.impersonator) throw refuseImpersonated(ctx, `set the password of user "${info.name}"`);
    const parsed = passwordChangeSchema.safeParse(await readBody(ctx, 256 * 1024));
    if (!parsed.success) throw invalid('PasswordChange', 'iam.gatehouse.dev', info.name, [{ field: 'password', message: 'Required value', type: 'FieldValueRequired' }]);
    if (!deps.store.get(USERS, '', info.name)) throw notFound('users', 'iam.gatehouse.dev', info.name);
    const admin = allows(deps.rbacOnly, ctx.user, { verb: 'update', group: 'iam.gatehouse.dev', resource: 'users', subresource: 'password', name: info.name });
    const current = parsed.data.currentPassword;
    if (!admin && info.name !== ctx.user.username) throw forbidden(`users.iam.gatehouse.dev "${info.name}" is forbidden: User "${ctx.user.username}" cannot set the password of another user`, 'users', 'iam.gatehouse.dev', info.name);
    if (!admin && !current) throw invalid('PasswordChange', 'iam.gatehouse.dev', info.name, [{ field: 'currentPassword', message: 'Required value: your current password', type: 'FieldValueRequired' }]);
    // A current password that is given is checked even for an admin (the account page always sends it).
    if (current !== undefined && !(await deps.identity.verifyPassword(info.name, current))) {
      throw new ApiError(403, 'Forbidden', `users.iam.gatehouse.dev "${info.name}" is forbidden: the current password is wrong`, {
        name: info.name, group: 'iam.gatehouse.dev', kind: 'users', causes: [{ type: 'FieldValueInvalid', field: 'currentPassword', message: 'the current password is wrong' }],
      });
    }
    const problems = passwordProblems(parsed.data.password, info.name);
    if (problems.length) throw invalid('PasswordChange', 'iam.gatehouse.dev', info.name, problems.map((m) => ({ field: 'password', message: `Invalid value: password ${m}` })));
    await deps.identity.setPassword(info.name, parsed.data.password);
    const self = info.name === ctx.user.username;
    const keep = self && ctx.authMethod === 'session' ? readCookie(ctx, SESSION_COOKIE) : undefined;
    const sessions = deps.identity.endSessions(info.name, keep);
    const tokens = deps.identity.revokeTokens(info.name);
    ctx.annotations['iam.gatehouse.dev/sessions-ended'] = String(sessions);
    ctx.annotations['iam.gatehouse.dev/tokens-revoked'] = String(tokens);
    return success(200, self
      ? `password changed; your other sessions (${sessions}) were ended and your personal tokens and kubeconfigs (${tokens}) were revoked`
      : `password of user "${info.name}" set; their sessions (${sessions}) were ended and their personal tokens and kubeconfigs (${tokens}) were revoked`);
  };
}
