import { accessReviewSchema, rulesReviewSchema } from '../../shared/api/reviews';
import type { UserInfo } from '../authn/user';
import { badRequest } from '../http/status';
import { rulesFor, type RbacIndex } from './rbac';
import type { Attributes, Authorizer } from './types';

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown, kind: string): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const i = r.error.issues[0];
    throw badRequest(`${kind} is invalid: ${i.path.join('.')}: ${i.message}`);
  }
  return r.data;
}

function attributesFromSpec(user: UserInfo, spec: any): Attributes {
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (!ra && !nra) throw badRequest('spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified');
  if (ra) {
    return {
      user, verb: ra.verb ?? '', isResourceRequest: true, path: '', apiGroup: ra.group ?? '', apiVersion: ra.version ?? '',
      namespace: ra.namespace ?? '', resource: ra.resource ?? '', subresource: ra.subresource ?? '', name: ra.name ?? '',
    };
  }
  return { user, verb: nra.verb ?? '', isResourceRequest: false, path: nra.path ?? '', apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '' };
}

/** accessReview answers a Self/Local/SubjectAccessReview for `subject`, returning the object with status filled. */
export function accessReview(authorizer: Authorizer, body: unknown, kind: string, subject: UserInfo | 'fromSpec', urlNamespace?: string): Record<string, unknown> {
  const review = parse(accessReviewSchema, body, kind);
  const spec = review.spec as any;
  let user: UserInfo;
  if (subject === 'fromSpec') {
    if (!spec.user && !(spec.groups ?? []).length) throw badRequest(`${kind}.authorization.k8s.io is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`);
    user = { username: spec.user ?? '', uid: spec.uid, groups: spec.groups ?? [], extra: spec.extra };
  } else {
    user = subject;
  }
  const attrs = attributesFromSpec(user, spec);
  if (urlNamespace !== undefined && attrs.namespace !== urlNamespace) {
    throw badRequest(`${kind}.authorization.k8s.io is invalid: spec.resourceAttributes.namespace: Invalid value: "${attrs.namespace}": must match metadata.namespace`);
  }
  const r = authorizer.authorize(attrs);
  const status: Record<string, unknown> = { allowed: r.decision === 'allow' };
  if (r.decision === 'deny') status.denied = true;
  if (r.reason) status.reason = r.reason;
  return { apiVersion: 'authorization.k8s.io/v1', kind, metadata: { ...(review.metadata ?? {}), creationTimestamp: null }, spec: review.spec, status };
}

/** rulesReview answers a SelfSubjectRulesReview; privileged groups get the cluster-admin wildcard rules. */
export function rulesReview(index: RbacIndex, body: unknown, user: UserInfo, privilegedGroups: string[]): Record<string, unknown> {
  const review = parse(rulesReviewSchema, body ?? {}, 'SelfSubjectRulesReview');
  const ns = review.spec?.namespace ?? '';
  const { resourceRules, nonResourceRules } = rulesFor(index, user, ns);
  if (user.groups.some((g) => privilegedGroups.includes(g))) {
    resourceRules.unshift({ verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [] });
    nonResourceRules.unshift({ verbs: ['*'], nonResourceURLs: ['*'] });
  }
  return {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: { creationTimestamp: null }, spec: review.spec ?? {},
    status: { resourceRules, nonResourceRules, incomplete: false },
  };
}

/** selfSubjectReview answers `kubectl auth whoami`. */
export function selfSubjectReview(user: UserInfo): Record<string, unknown> {
  const userInfo: Record<string, unknown> = { username: user.username, groups: user.groups };
  if (user.uid) userInfo.uid = user.uid;
  if (user.extra && Object.keys(user.extra).length) userInfo.extra = user.extra;
  return { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: null }, status: { userInfo } };
}
