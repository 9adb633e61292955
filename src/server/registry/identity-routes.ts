import type { KubeObject } from '../../shared/api/meta';
import { passwordChangeSchema, passwordProblems } from '../../shared/api/iam';
import type { Identity } from '../authn/identity';
import { USERS } from '../authn/identity';
import type { ServiceAccountTokens } from '../authn/service-account-tokens';
import type { UserInfo } from '../authn/user';
import type { RbacIndex } from '../authz/rbac';
import { subjectKeys } from '../authz/rbac';
import type { Authorizer } from '../authz/types';
import { decodeBody, readRawBody } from '../http/body';
import { readCookie, refuseImpersonated, SESSION_COOKIE } from '../filters/auth-routes';
import type { RequestContext } from '../http/context';
import { writeJSON } from '../http/respond';
import { ApiError, badRequest, forbidden, invalid, notFound } from '../http/status';
import type { Registry } from './registry';
import { serveWatch } from './watch';
import { makeStrategy } from './strategies';
import { findResource } from '../../shared/api/resources';
import { systemCreate } from './system-create';
import { runAdmission } from '../admission/types';
import { kubeTime } from '../../shared/api/meta';
import { serveGrantReview } from './grant-reviews';

/** IdentityDeps are what the identity endpoints need. */
export interface IdentityDeps {
  registry: Registry;
  identity: Identity;
  saTokens: ServiceAccountTokens;
  authorizer: Authorizer;
  rbacOnly: Authorizer;
  index: RbacIndex;
}

async function readJson(ctx: RequestContext): Promise<any> {
  const raw = await readRawBody(ctx.req, 256 * 1024);
  return decodeBody(raw, ctx.req.headers['content-type']) ?? {};
}

const can = (z: Authorizer, user: UserInfo, verb: string, group: string, resource: string, namespace = '', name = '', subresource = '') =>
  z.authorize({ user, verb, isResourceRequest: true, path: '', apiGroup: group, apiVersion: 'v1', resource, subresource, namespace, name }).decision === 'allow';

/**
 * projectNamespaces lists the namespaces where `user` holds any role binding; a user who may list
 * namespaces cluster-wide sees them all (like OpenShift projects).
 */
export function projectNamespaces(deps: Pick<IdentityDeps, 'registry' | 'authorizer' | 'index'>, user: UserInfo): KubeObject[] {
  const all = deps.registry.store.list('/namespaces');
  if (can(deps.authorizer, user, 'list', '', 'namespaces')) return all;
  const keys = new Set(subjectKeys(user));
  return all.filter((ns) => {
    let found = false;
    deps.index.visitRules(user, ns.metadata.name!, (r) => {
      if (r.bindingKind === 'RoleBinding' && keys.size > 0) found = true;
      return found;
    });
    return found;
  });
}

function asProject(ns: KubeObject): KubeObject {
  return { apiVersion: 'project.gatehouse.dev/v1', kind: 'Project', metadata: ns.metadata, spec: (ns as any).spec, status: (ns as any).status };
}

/** serveIdentity handles users/password, grantreviews, serviceaccounts/token, tokenreviews, projects and projectrequests; false for others. */
export async function serveIdentity(ctx: RequestContext, deps: IdentityDeps): Promise<boolean> {
  const { info } = ctx;
  if (info.apiGroup === 'iam.gatehouse.dev' && info.resource === 'grantreviews') {
    await serveGrantReview(ctx, { store: deps.registry.store, authorizer: deps.authorizer, getRole: (kind, ns, name) => deps.index.getRole(kind, ns, name) });
    return true;
  }
  // POST users/{name}/password: an admin sets any password; a user changes their own with currentPassword.
  if (info.apiGroup === 'iam.gatehouse.dev' && info.resource === 'users' && info.subresource === 'password') {
    if (ctx.req.method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'use POST');
    if (ctx.impersonator) throw refuseImpersonated(ctx, `set the password of user "${info.name}"`);
    const parsed = passwordChangeSchema.safeParse(await readJson(ctx));
    if (!parsed.success) throw invalid('PasswordChange', 'iam.gatehouse.dev', info.name, [{ field: 'password', message: 'Required value', type: 'FieldValueRequired' }]);
    if (!deps.registry.store.get(USERS, '', info.name)) throw notFound('users', 'iam.gatehouse.dev', info.name);
    const admin = can(deps.rbacOnly, ctx.user, 'update', 'iam.gatehouse.dev', 'users', '', info.name, 'password');
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
    // A new password ends every other way in that the old one opened: the user's sessions (except the
    // one they change it in) and their personal tokens and kubeconfigs, which may have leaked with it.
    const self = info.name === ctx.user.username;
    const keep = self && ctx.authMethod === 'session' ? readCookie(ctx, SESSION_COOKIE) : undefined;
    const sessions = deps.identity.endSessions(info.name, keep);
    const tokens = deps.identity.revokeTokens(info.name);
    ctx.annotations['iam.gatehouse.dev/sessions-ended'] = String(sessions);
    ctx.annotations['iam.gatehouse.dev/tokens-revoked'] = String(tokens);
    const message = self
      ? `password changed; your other sessions (${sessions}) were ended and your personal tokens and kubeconfigs (${tokens}) were revoked`
      : `password of user "${info.name}" set; their sessions (${sessions}) were ended and their personal tokens and kubeconfigs (${tokens}) were revoked`;
    writeJSON(ctx, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', message, code: 200 });
    return true;
  }
  // TokenRequest: kubectl create token SA [--bound-object-kind Pod --bound-object-name P].
  if (info.apiGroup === '' && info.resource === 'serviceaccounts' && info.subresource === 'token') {
    if (ctx.req.method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'use POST');
    const body = await readJson(ctx);
    const spec = body.spec ?? {};
    const sa = deps.registry.store.get('/serviceaccounts', info.namespace, info.name);
    if (!sa) throw notFound('serviceaccounts', '', info.name);
    const exp = spec.expirationSeconds ?? 3600;
    if (!Number.isInteger(exp) || exp < 600 || exp > 48 * 3600) throw invalid('TokenRequest', 'authentication.k8s.io', info.name, [{ field: 'spec.expirationSeconds', message: `Invalid value: ${exp}: must be between 600 and 172800 seconds` }]);
    // Admission sees the TokenRequest as a create of serviceaccounts/token (NodeRestriction checks its binding).
    await runAdmission(deps.registry.admission, {
      operation: 'CREATE', group: '', resource: 'serviceaccounts', subresource: 'token', namespace: info.namespace, name: info.name,
      object: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name: info.name, namespace: info.namespace }, spec } as KubeObject,
      oldObject: undefined, user: ctx.user, dryRun: false, store: deps.registry.store, warnings: ctx.warnings, annotations: ctx.annotations,
    });
    let pod: KubeObject | undefined;
    const ref = spec.boundObjectRef;
    if (ref) {
      if (ref.kind !== 'Pod') throw badRequest(`cannot bind token to object of type ${ref.kind}: only Pod is supported`);
      pod = deps.registry.store.get('/pods', info.namespace, ref.name);
      if (!pod) throw notFound('pods', '', ref.name);
      if (ref.uid && ref.uid !== pod.metadata.uid) throw new ApiError(409, 'Conflict', `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
      if ((pod as any).spec?.serviceAccountName !== info.name) throw badRequest(`cannot bind token for serviceaccount "${info.name}" to pod running with different serviceaccount name.`);
    }
    const t = await deps.saTokens.issue(sa, { pod, audiences: spec.audiences, expirationSeconds: exp });
    ctx.annotations['authentication.kubernetes.io/issued-credential-id'] = `JTI=${t.jti}`;
    writeJSON(ctx, 201, {
      kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name: info.name, namespace: info.namespace, creationTimestamp: null },
      spec: { audiences: spec.audiences?.length ? spec.audiences : ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: exp, boundObjectRef: ref ?? null },
      status: { token: t.token, expirationTimestamp: kubeTime(t.expiresAt) },
    });
    return true;
  }
  if (info.apiGroup === 'authentication.k8s.io' && info.resource === 'tokenreviews') {
    if (ctx.req.method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'use POST');
    const body = await readJson(ctx);
    const token = body?.spec?.token;
    if (typeof token !== 'string' || !token) throw invalid('TokenReview', 'authentication.k8s.io', '', [{ field: 'spec.token', message: 'Required value', type: 'FieldValueRequired' }]);
    const audiences: string[] | undefined = body.spec.audiences;
    const user = (await deps.saTokens.authenticate(token, audiences?.[0])) ?? deps.identity.resolveToken(token);
    const status: Record<string, unknown> = user
      ? { authenticated: true, user: { username: user.username, uid: user.uid, groups: user.groups, extra: user.extra }, audiences: audiences ?? ['https://kubernetes.default.svc.cluster.local'] }
      : { authenticated: false, error: 'invalid bearer token' };
    writeJSON(ctx, 201, { kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { audiences }, status });
    return true;
  }
  if (info.apiGroup === 'project.gatehouse.dev' && info.resource === 'projects') {
    const items = projectNamespaces(deps, ctx.user);
    if (info.verb === 'get') {
      const ns = items.find((n) => n.metadata.name === info.name);
      if (!ns) throw notFound('projects', 'project.gatehouse.dev', info.name);
      writeJSON(ctx, 200, asProject(ns));
      return true;
    }
    if (info.verb === 'list') {
      writeJSON(ctx, 200, { kind: 'ProjectList', apiVersion: 'project.gatehouse.dev/v1', metadata: { resourceVersion: String(deps.registry.store.revision()) }, items: items.map(asProject) });
      return true;
    }
    if (info.verb === 'watch') {
      // A watch of projects is a watch of namespaces, scoped per event to those the caller can use now.
      const desc = findResource('', 'namespaces')!;
      const s = makeStrategy({ ...desc, group: 'project.gatehouse.dev', kind: 'Project' });
      const nsStrategy = { ...s, key: '/namespaces' };
      const user = ctx.user;
      await serveWatch(deps.registry, ctx, nsStrategy, () => true, (o) => projectNamespaces(deps, user).some((n) => n.metadata.name === o.metadata.name));
      return true;
    }
    throw new ApiError(405, 'MethodNotAllowed', 'projects are read-only; create a projectrequest');
  }
  if (info.apiGroup === 'project.gatehouse.dev' && info.resource === 'projectrequests') {
    if (info.verb !== 'create') throw new ApiError(405, 'MethodNotAllowed', 'use POST');
    const body = await readJson(ctx);
    const name = body?.metadata?.name;
    if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
      throw invalid('ProjectRequest', 'project.gatehouse.dev', String(name ?? ''), [{ field: 'metadata.name', message: 'Invalid value: must be a DNS-1123 label' }]);
    }
    if (deps.registry.store.get('/namespaces', '', name)) throw new ApiError(409, 'AlreadyExists', `projects.project.gatehouse.dev "${name}" already exists`, { name, group: 'project.gatehouse.dev', kind: 'projects' });
    const requester = ctx.user.username;
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name }, annotations: { 'openshift.io/requester': requester } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
    // The namespace goes through admission like any other (ranges, creator); the admin binding is the system's own.
    await runAdmission(deps.registry.admission, {
      operation: 'CREATE', group: '', resource: 'namespaces', subresource: '', namespace: '', name, object: ns, oldObject: undefined,
      user: ctx.user, dryRun: false, store: deps.registry.store, warnings: ctx.warnings, annotations: ctx.annotations,
    });
    deps.registry.store.transaction(() => {
      const created = systemCreate(deps.registry.store, '/namespaces', '', ns);
      systemCreate(deps.registry.store, 'rbac.authorization.k8s.io/rolebindings', name, {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
        metadata: { name: 'admin', namespace: name, annotations: { 'gatehouse.dev/created-by': requester } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: requester }],
      } as KubeObject);
      writeJSON(ctx, 201, asProject(created));
    });
    return true;
  }
  return false;
}
