import type { Identity } from '../../authn/identity';
import type { ServiceAccountTokens } from '../../authn/service-account-tokens';
import { invalid, methodNotAllowed } from '../../http/status';
import { created, readBody, type ResourceStorage } from '../storage';

/** tokenReviews tells whether a bearer token (a service-account JWT or a personal token) is valid and whose it is. */
export function tokenReviews(deps: { identity: Identity; saTokens: ServiceAccountTokens }): ResourceStorage {
  return {
    async serve(ctx) {
      if (ctx.req.method !== 'POST') throw methodNotAllowed('use POST');
      const body = await readBody(ctx, 256 * 1024) as { spec?: { token?: unknown; audiences?: string[] } } | undefined;
      const token = body?.spec?.token;
      if (typeof token !== 'string' || !token) throw invalid('TokenReview', 'authentication.k8s.io', '', [{ field: 'spec.token', message: 'Required value', type: 'FieldValueRequired' }]);
      const audiences = body?.spec?.audiences;
      const user = (await deps.saTokens.authenticate(token, audiences?.[0])) ?? deps.identity.resolveToken(token);
      const status: Record<string, unknown> = user
        ? { authenticated: true, user: { username: user.username, uid: user.uid, groups: user.groups, extra: user.extra }, audiences: audiences ?? ['https://kubernetes.default.svc.cluster.local'] }
        : { authenticated: false, error: 'invalid bearer token' };
      return created({ kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { audiences }, status });
    },
  };
}
