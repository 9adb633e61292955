// grantreviews (iam.gatehouse.dev/v1, namespaced, create only, never stored): the console's grant form
// asks, before anything is written, which roles the caller may grant in the namespace and whether the
// subjects it names exist. Roles are judged by bindDecision — the same function RBAC escalation
// prevention runs on a real RoleBinding create — so the answer cannot drift from the real grant.
// Only whoever may create RoleBindings in the namespace gets an answer: they learn what a dry-run
// grant would tell them (the rules they lack) and whether a user or group name is known here.

import type { KubeObject } from '../../../shared/api/meta';
import { grantReviewSchema, type GrantReview, type Subject } from '../../../shared/api/rbac';
import { GROUPS, USERS } from '../../authn/identity';
import type { UserInfo } from '../../authn/user';
import { bindDecision, type RoleGetter } from '../../admission/escalation';
import { allows, type Authorizer } from '../../authz/types';
import { badRequest, forbidden, methodNotAllowed, notFound } from '../../http/status';
import type { Store } from '../../storage/store';
import { created, readObject, type ResourceStorage } from '../storage';
import { parseFieldValidation, validateObject } from '../validation';

/** GrantReviewDeps are what a grant review reads: the store (subjects), the authorizer and the roles. */
export interface GrantReviewDeps { store: Store; authorizer: Authorizer; getRole: RoleGetter }

/** WELL_KNOWN_GROUPS are groups that exist without a Group object: the authenticator assigns them. */
const WELL_KNOWN_GROUPS = ['system:authenticated', 'system:unauthenticated', 'system:masters', 'system:serviceaccounts', 'system:nodes'];

/**
 * subjectFound tells whether Gatehouse knows a subject: a User object; a Group object, a group some
 * User lists in spec.groups, or one the authenticator assigns; a ServiceAccount in its namespace.
 * People who will sign in through a provider later, or live in the static token file, are not known.
 */
export function subjectFound(store: Store, s: Subject, namespace: string): boolean {
  if (s.kind === 'User') return store.get(USERS, '', s.name) !== undefined;
  if (s.kind === 'ServiceAccount') return store.get('/serviceaccounts', s.namespace || namespace, s.name) !== undefined;
  if (WELL_KNOWN_GROUPS.includes(s.name) || /^system:serviceaccounts:[a-z0-9-]+$/.test(s.name)) return true;
  if (store.get(GROUPS, '', s.name)) return true;
  return store.list(USERS).some((u) => ((u as KubeObject & { spec?: { groups?: string[] } }).spec?.groups ?? []).includes(s.name));
}

/** reviewGrants answers a review for `user` in `namespace` (pure apart from reading the store). */
export function reviewGrants(deps: GrantReviewDeps, user: UserInfo, namespace: string, review: GrantReview): GrantReview {
  const roles = (review.spec.roleRefs ?? []).map((ref) => {
    const d = bindDecision(deps.authorizer, deps.getRole, user, namespace, ref);
    return { kind: ref.kind, name: ref.name, allowed: d.allowed, reason: d.reason, ...(d.reason === 'missingRules' ? { missingRules: d.missingRules } : {}) };
  });
  const subjects = (review.spec.subjects ?? []).map((s) => ({
    kind: s.kind, name: s.name, ...(s.kind === 'ServiceAccount' ? { namespace: s.namespace || namespace } : {}), found: subjectFound(deps.store, s, namespace),
  }));
  return { apiVersion: 'iam.gatehouse.dev/v1', kind: 'GrantReview', metadata: { namespace, creationTimestamp: null }, spec: review.spec, status: { roles, subjects } };
}

/** grantReviews serves POST on grantreviews. */
export function grantReviews(deps: GrantReviewDeps): ResourceStorage {
  return {
    async serve(ctx) {
      const { info } = ctx;
      if (info.verb !== 'create' || info.name || info.subresource) throw methodNotAllowed();
      const ns = info.namespace;
      const mayGrant = allows(deps.authorizer, ctx.user, { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: ns });
      if (!mayGrant) throw forbidden(`grantreviews.iam.gatehouse.dev is forbidden: User "${ctx.user.username}" cannot create resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "${ns}", so there is nothing to review`, 'grantreviews', 'iam.gatehouse.dev', '');
      if (!deps.store.get('/namespaces', '', ns)) throw notFound('namespaces', '', ns);
      const body = await readObject(ctx, 256 * 1024);
      if (body.kind !== undefined && body.kind !== 'GrantReview') throw badRequest(`the kind of the object in the body (${String(body.kind)}) does not match the kind of the resource (GrantReview)`);
      const review = validateObject(grantReviewSchema, body, parseFieldValidation(ctx.query.get('fieldValidation')), 'GrantReview', 'iam.gatehouse.dev', '', ctx.warnings);
      ctx.requestObject = review;
      const out = reviewGrants(deps, ctx.user, ns, review);
      ctx.responseObject = out;
      return created(out);
    },
  };
}
