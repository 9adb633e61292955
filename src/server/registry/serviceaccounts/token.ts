// serviceaccounts/{name}/token, the TokenRequest (`kubectl create token SA [--bound-object-kind Pod
// --bound-object-name P]`): a short-lived JWT for the service account, bound to one pod when asked.
// Admission sees it as a create of serviceaccounts/token (NodeRestriction checks its binding); its
// audit event records the token's id as `authentication.kubernetes.io/issued-credential-id`.

import { kubeTime, type KubeObject } from '../../../shared/api/meta';
import type { ServiceAccountTokens } from '../../authn/service-account-tokens';
import { ApiError, badRequest, invalid, methodNotAllowed, notFound } from '../../http/status';
import { admit } from '../admit';
import type { Registry } from '../registry';
import { created, readBody, type Subresource } from '../storage';

interface TokenRequestSpec { expirationSeconds?: number; audiences?: string[]; boundObjectRef?: { kind?: string; name: string; uid?: string } }

/** tokenRequest serves POST serviceaccounts/{name}/token. */
export function tokenRequest(registry: Registry, saTokens: ServiceAccountTokens): Subresource {
  return async (ctx) => {
    const { info } = ctx;
    if (ctx.req.method !== 'POST') throw methodNotAllowed('use POST');
    const body = await readBody(ctx, 256 * 1024) as { spec?: TokenRequestSpec } | undefined;
    const spec = body?.spec ?? {};
    // Both only read: the store's shared objects.
    const sa = registry.store.getShared('/serviceaccounts', info.namespace, info.name);
    if (!sa) throw notFound('serviceaccounts', '', info.name);
    const exp = spec.expirationSeconds ?? 3600;
    if (!Number.isInteger(exp) || exp < 600 || exp > 48 * 3600) throw invalid('TokenRequest', 'authentication.k8s.io', info.name, [{ field: 'spec.expirationSeconds', message: `Invalid value: ${exp}: must be between 600 and 172800 seconds` }]);
    await admit(registry, ctx, {
      operation: 'CREATE', group: '', resource: 'serviceaccounts', subresource: 'token', namespace: info.namespace, name: info.name,
      object: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name: info.name, namespace: info.namespace }, spec } as KubeObject,
    });
    let pod: KubeObject | undefined;
    const ref = spec.boundObjectRef;
    if (ref) {
      if (ref.kind !== 'Pod') throw badRequest(`cannot bind token to object of type ${ref.kind}: only Pod is supported`);
      pod = registry.store.getShared('/pods', info.namespace, ref.name);
      if (!pod) throw notFound('pods', '', ref.name);
      if (ref.uid && ref.uid !== pod.metadata.uid) throw new ApiError(409, 'Conflict', `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
      if ((pod as { spec?: { serviceAccountName?: string } }).spec?.serviceAccountName !== info.name) throw badRequest(`cannot bind token for serviceaccount "${info.name}" to pod running with different serviceaccount name.`);
    }
    const t = await saTokens.issue(sa, { pod, audiences: spec.audiences, expirationSeconds: exp });
    ctx.annotations['authentication.kubernetes.io/issued-credential-id'] = `JTI=${t.jti}`;
    return created({
      kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name: info.name, namespace: info.namespace, creationTimestamp: null },
      spec: { audiences: spec.audiences?.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: exp, boundObjectRef: ref ?? null },
      status: { token: t.token, expirationTimestamp: kubeTime(t.expiresAt) },
    });
  };
}
