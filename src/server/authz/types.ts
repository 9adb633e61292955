import type { UserInfo } from '../authn/user';
import type { RequestInfo } from '../http/request-info';

/** Attributes are a request parsed once (STYLE §7): authorizers and audit never see the raw request. */
export interface Attributes extends Pick<RequestInfo, 'verb' | 'isResourceRequest' | 'path' | 'apiGroup' | 'apiVersion' | 'namespace' | 'resource' | 'subresource' | 'name'> {
  user: UserInfo;
  /** fieldSelector is the raw `fieldSelector` query of a list/watch (the node authorizer scopes pod lists by it). */
  fieldSelector?: string;
}

/** Decision is tri-state, as in k8s.io/apiserver authorizer: only `allow` lets a request through. */
export type Decision = 'allow' | 'deny' | 'noOpinion';

/** AuthorizationResult is a decision and the reason recorded in the audit event. */
export interface AuthorizationResult {
  decision: Decision;
  reason: string;
}

/** Authorizer decides one request. */
export interface Authorizer {
  authorize(a: Attributes): AuthorizationResult;
}

/** union returns an Authorizer that asks each in turn and stops at the first allow or deny (k8s union.go). */
export function union(...authorizers: Authorizer[]): Authorizer {
  return {
    authorize(a) {
      const reasons: string[] = [];
      for (const z of authorizers) {
        const r = z.authorize(a);
        if (r.decision !== 'noOpinion') return r;
        if (r.reason) reasons.push(r.reason);
      }
      return { decision: 'noOpinion', reason: reasons.join('\n') };
    },
  };
}

/** privilegedGroups allows every request of a user in one of `groups` (`system:masters`), before RBAC. */
export function privilegedGroups(...groups: string[]): Authorizer {
  return {
    authorize(a) {
      return a.user.groups.some((g) => groups.includes(g)) ? { decision: 'allow', reason: '' } : { decision: 'noOpinion', reason: '' };
    },
  };
}

/** forbiddenMessage renders the Kubernetes Forbidden message for denied attributes. */
export function forbiddenMessage(a: Attributes, reason: string): string {
  const who = `User "${a.user.username}"`;
  let msg: string;
  if (!a.isResourceRequest) {
    msg = `forbidden: ${who} cannot ${a.verb} path "${a.path}"`;
  } else {
    const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
    const subject = a.name ? `${qualified} "${a.name}"` : qualified;
    const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
    msg = `${subject} is forbidden: ${who} cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" ${scope}`;
  }
  return reason ? `${msg}: ${reason}` : msg;
}

/** Question is an action on a resource asked about in code, not by a request: "may this user do it?". */
export interface Question {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** questionAttributes are the Attributes of a question (reviews, escalation and `use` checks, admission). */
export function questionAttributes(user: UserInfo, q: Question): Attributes {
  return {
    user, verb: q.verb, isResourceRequest: true, path: '', apiGroup: q.group, apiVersion: 'v1',
    namespace: q.namespace ?? '', resource: q.resource, subresource: q.subresource ?? '', name: q.name ?? '',
  };
}

/** allows tells whether `authorizer` explicitly allows `user` the action of `q` (noOpinion is no). */
export function allows(authorizer: Authorizer, user: UserInfo, q: Question): boolean {
  return authorizer.authorize(questionAttributes(user, q)).decision === 'allow';
}
