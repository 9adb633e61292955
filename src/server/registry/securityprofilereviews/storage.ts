// securityprofilereviews (security.gatehouse.dev/v1, namespaced, create only): which security
// profiles the caller or a service account may use in the namespace, and for each, whether a pod
// spec would be admitted, why not, and the spec admission would store. It drives the console's
// profile picker. Profiles usable by neither subject are not listed; a profile that admits the pod
// but whose result the namespace's Pod Security `enforce` level rejects is reported as not allowed.

import type { KubeObject } from '../../../shared/api/meta';
import { findResource } from '../../../shared/api/resources';
import { securityProfileReviewSchema, type SecurityProfile, type SecurityProfileReview } from '../../../shared/api/security';
import type { UserInfo } from '../../authn/user';
import type { Authorizer } from '../../authz/types';
import { namespaceBlock } from '../../admission/namespace-ranges';
import { orderProfiles, profileEngine } from '../../admission/security-profiles/engine';
import type { PodUnderReview } from '../../admission/security-profiles/checks/types';
import { admitPod } from '../../admission/pod-security/policy';
import { PROFILES_KEY, usableBy } from '../../admission/security-profiles/admission';
import { badRequest, methodNotAllowed, notFound } from '../../http/status';
import type { Store } from '../../storage/store';
import { podStrategy } from '../pods/strategy';
import { makeStrategy } from '../strategies';
import { created, readObject, type ResourceStorage } from '../storage';
import { parseFieldValidation, validateObject } from '../validation';

const pods = makeStrategy(findResource('', 'pods')!, podStrategy);

/** reviewProfiles answers a review for `user` in `namespace` (pure apart from reading the store). */
export function reviewProfiles(deps: { store: Store; authorizer: Authorizer }, user: UserInfo, namespace: string, review: SecurityProfileReview): SecurityProfileReview {
  const tmpl = review.spec.template;
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: tmpl.metadata?.name ?? '', namespace, labels: tmpl.metadata?.labels ?? undefined, annotations: tmpl.metadata?.annotations ?? undefined }, spec: structuredClone(tmpl.spec) };
  if (review.spec.serviceAccountName) (pod.spec as any).serviceAccountName = review.spec.serviceAccountName;
  // The same defaults a created pod gets before admission.
  pods.prepareForCreate(pod);
  const spec = pod.spec as Record<string, any>;
  const sa = spec.serviceAccountName as string;
  const nsObj = deps.store.get('/namespaces', '', namespace);
  const ctx = { namespace, block: namespaceBlock(nsObj) };
  const profiles = [];
  let selected: string | undefined;
  for (const p of orderProfiles(deps.store.list(PROFILES_KEY) as SecurityProfile[])) {
    const name = p.metadata.name ?? '';
    const who = usableBy(deps.authorizer, user, namespace, sa, name);
    if (who.length === 0) continue;
    const e = profileEngine.evaluate(p, { metadata: pod.metadata as PodUnderReview['metadata'], spec }, ctx);
    const reasons = [...e.reasons];
    if (e.allowed) {
      const pss = admitPod({ namespaceLabels: nsObj?.metadata.labels ?? {}, podMetadata: e.pod.metadata, podSpec: e.pod.spec, enforce: true });
      if (!pss.allowed) reasons.push({ field: 'metadata.namespace', message: `Forbidden: ${pss.evaluation?.enforce.message ?? 'violates the namespace\'s PodSecurity enforce level'}` });
    }
    const allowed = reasons.length === 0;
    if (allowed && selected === undefined) selected = name;
    profiles.push({ name, allowed, usableBy: who, reasons, ...(allowed ? { podSpec: e.pod.spec } : {}) });
  }
  return {
    apiVersion: 'security.gatehouse.dev/v1', kind: 'SecurityProfileReview', metadata: { namespace, creationTimestamp: null },
    spec: review.spec, status: { ...(selected ? { selected } : {}), profiles },
  };
}

/** profileReviews serves POST on securityprofilereviews. */
export function profileReviews(deps: { store: Store; authorizer: Authorizer }): ResourceStorage {
  return {
    async serve(ctx) {
      const { info } = ctx;
      if (info.verb !== 'create' || info.name || info.subresource) throw methodNotAllowed();
      if (!deps.store.get('/namespaces', '', info.namespace)) throw notFound('namespaces', '', info.namespace);
      const body = await readObject(ctx);
      if (body.kind !== undefined && body.kind !== 'SecurityProfileReview') throw badRequest(`the kind of the object in the body (${String(body.kind)}) does not match the kind of the resource (SecurityProfileReview)`);
      const review = validateObject(securityProfileReviewSchema, body, parseFieldValidation(ctx.query.get('fieldValidation')), 'SecurityProfileReview', 'security.gatehouse.dev', '', ctx.warnings);
      ctx.requestObject = review;
      const out = reviewProfiles(deps, ctx.user, info.namespace, review);
      ctx.responseObject = out;
      return created(out);
    },
  };
}
