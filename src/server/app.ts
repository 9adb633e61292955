import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import { RESOURCES } from '../shared/api/resources';
import { staticTokens, type TokenAuthenticator } from './authn/token-file';
import { withAuthenticatedGroup, type UserInfo } from './authn/user';
import { rbacAuthorizer } from './authz/rbac';
import { syncRbac } from './authz/rbac-sync';
import { allows, privilegedGroups, union, type Authorizer } from './authz/types';
import { reconcileBootstrap } from './bootstrap';
import { Identity, RateLimiter, USERS } from './authn/identity';
import { deleteUser } from './registry/users/deletion';
import { deleteNamespace } from './registry/namespaces/deletion';
import { ServiceAccountTokens } from './authn/service-account-tokens';
import { withImpersonation } from './filters/impersonation';
import { rbacEscalation } from './admission/escalation';
import { iamEscalation } from './admission/iam-escalation';
import { namespaceLifecycle } from './admission/namespace-lifecycle';
import { serveAuth } from './filters/auth-routes';
import { profileImpactWarnings } from './admission/security-profiles/impact';
import { chain, isApiPath, withAuthentication, withAuthorization } from './filters/chain';
import { bearerOrSession } from './filters/authenticate';
import type { Handler, RequestContext } from './http/context';
import { aggregatedDiscovery, apiGroup, KUBE_VERSION, legacyApiVersions, legacyGroupList, negotiateDiscovery, resourceList } from './http/discovery';
import { parseRequestInfo } from './http/request-info';
import { openApiRoot, openApiV3, serveOpenApiV2 } from './http/openapi';
import { writeError, writeJSON } from './http/respond';
import { serveStatic } from './http/static';
import { ApiError, badRequest, toApiError } from './http/status';
import type { AdmissionPlugin } from './admission/types';
import { createAdmission } from './admission/index';
import type { LookupHuman } from './admission/delegation';
import { nodeRestriction } from './admission/node-restriction';
import { nodeAuthorizer } from './authz/node';
import { NodeGraph } from './authz/node-graph';
import { deletePodGracefully } from './registry/pods/deletion';
import { startNamespaceDefaults } from './registry/namespaces/defaults';
import { GarbageCollector } from './registry/garbage-collector';
import { serviceIPs } from './registry/services/cluster-ips';
import { secretsAtRest } from './storage/encryption';
import { deleteHooks, type Registry } from './registry/registry';
import { buildStrategies, resourceKey } from './registry/strategies';
import { createStorages, STRATEGY_SPECS } from './registry/catalog';
import { serveResourceRequest } from './registry/router';
import { createStore, openDatabase, type Store } from './storage/store';
import { startCheckpointer } from './storage/checkpointer';
import { createAudit, type Audit, type AuditOptions } from './audit/index';
import { newAuditID } from './audit/audit-id';
import { AUDIT_GROUP } from './audit/api';

/** AppOptions configure one API server instance. */
export interface AppOptions {
  dataDir: string;
  /** dbFile overrides `<dataDir>/gatehouse.db` (':memory:' for in-process tests). */
  dbFile?: string;
  tokens?: Map<string, UserInfo>;
  staticRoot?: string;
  serverAddress?: string;
  windowSize?: number;
  bookmarkMs?: number;
  logger?: Logger;
  /** caPem is the CA that signed the serving certificate (embedded in downloaded kubeconfigs). */
  caPem?: string;
  /** audit configures the audit trail (policy, log file, webhook, retention); absent means the built-in policy, store only. */
  audit?: AuditOptions;
}

/** App is the composed server: the store, the authorizer, and the request handler. */
export interface App {
  store: Store;
  identity: Identity;
  saTokens: ServiceAccountTokens;
  registry: Registry;
  authorizer: Authorizer;
  audit: Audit;
  /** lookupHuman is an active person's identity with their groups (a stored, enabled user or a token-file user); controllers act for them. */
  lookupHuman: LookupHuman;
  handle(req: IncomingMessage, res: ServerResponse): void;
  ready(): boolean;
  addTokenAuthenticator(a: TokenAuthenticator): void;
  close(): void;
}

/** PRIVILEGED_GROUPS bypass RBAC (kube-apiserver's system:masters). */
export const PRIVILEGED_GROUPS = ['system:masters'];

/** SECURITY_HEADERS go on every response (the SPA has no inline script; nothing may frame it). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** createApp wires storage, authentication, authorization, admission and the registry into one handler. */
export async function createApp(opts: AppOptions): Promise<App> {
  const db = openDatabase(opts.dbFile ?? path.join(opts.dataDir, 'gatehouse.db'));
  const store = createStore(db, { windowSize: opts.windowSize, transformers: secretsAtRest(db, opts.dataDir) });
  const checkpointer = db.memory ? undefined : startCheckpointer(db, { onError: (m) => opts.logger?.error(m) });
  const audit = createAudit(db, store, opts.audit, opts.logger, opts.bookmarkMs);
  reconcileBootstrap(store);
  startNamespaceDefaults(store, opts.caPem);
  const rbac = syncRbac(store);
  rbac.reconcileAggregation();
  const rbacOnly = union(privilegedGroups(...PRIVILEGED_GROUPS), rbacAuthorizer(rbac.index));
  // Everyone may change their own password (with the current one); the handler asks rbacOnly whether they are an admin.
  const selfService: Authorizer = {
    authorize: (a) => (a.isResourceRequest && a.apiGroup === 'iam.gatehouse.dev' && a.resource === 'users' && a.subresource === 'password' && a.verb === 'update' && a.name === a.user.username && !a.user.username.startsWith('system:')
      ? { decision: 'allow', reason: 'users may change their own password' } : { decision: 'noOpinion', reason: '' }),
  };
  // The Node authorizer comes first, like upstream's `--authorization-mode=Node,RBAC`.
  const nodeGraph = new NodeGraph(store);
  const authorizer = union(nodeAuthorizer(nodeGraph), rbacOnly, selfService, audit.authorizer);
  const identity = new Identity(store);
  const saTokens = await ServiceAccountTokens.load(store, opts.dbFile === ':memory:' ? undefined : opts.dataDir);
  // Controllers act for people: a stored user (enabled) with their groups, or a user of the static token file.
  const fileUsers = new Map([...(opts.tokens?.values() ?? [])].map((u) => [u.username, withAuthenticatedGroup(u)]));
  const lookupHuman: LookupHuman = (name: string) => (store.get(USERS, '', name) ? identity.userInfo(name) : fileUsers.get(name));
  const adm = createAdmission({ store, authorizer, dataDir: opts.dataDir, lookupHuman });
  const getRole = (kind: string, ns: string, name: string) => rbac.index.getRole(kind, ns, name);
  const admission: AdmissionPlugin[] = [
    namespaceLifecycle(),
    rbacEscalation(authorizer, getRole, () => rbac.index.clusterRoleList()),
    iamEscalation(authorizer, getRole, (g) => rbac.index.bindingsOf('Group', g)),
    serviceIPs(), ...adm.plugins, nodeRestriction(),
    profileImpactWarnings({ store, authorizer, userInfo: (name) => identity.userInfo(name), privilegedGroups: PRIVILEGED_GROUPS }),
  ];
  const strategies = buildStrategies(STRATEGY_SPECS);
  const registry: Registry = {
    store, strategies, admission, bookmarkMs: opts.bookmarkMs, gc: new GarbageCollector(store, [...strategies.keys()]),
    canGet: (user, s, namespace, name) => allows(authorizer, user, { verb: 'get', group: s.desc.group, resource: s.desc.resource, namespace, name }),
    onDelete: deleteHooks({
      '/pods': (obj, _ctx, options) => deletePodGracefully(store, obj, options),
      [USERS]: deleteUser(store, rbac.index),
      '/namespaces': deleteNamespace(store),
    }),
  };
  const tokenAuthenticators: TokenAuthenticator[] = [];
  if (opts.tokens) tokenAuthenticators.push(staticTokens(opts.tokens));
  let isReady = true;

  const authenticate = bearerOrSession({ saTokens, identity, tokenAuthenticators });
  const perUser = new RateLimiter(5, 5 * 60 * 1000);
  const perClient = new RateLimiter(20, 5 * 60 * 1000);

  const storages = createStorages({ registry, identity, saTokens, authorizer, rbacOnly, index: rbac.index, privilegedGroups: PRIVILEGED_GROUPS });
  storages.set(resourceKey(AUDIT_GROUP, 'auditevents'), audit.storage);

  const route: Handler = async (ctx) => {
    const p = ctx.url.pathname.replace(/\/+$/, '') || '/';
    const { info } = ctx;
    if (p.startsWith('/auth/')) return serveAuth(ctx, { identity, perUser, perClient, serverUrl: () => opts.serverAddress ?? `https://${ctx.req.headers.host}`, caPem: () => opts.caPem ?? '' });
    if (p === '/healthz' || p === '/livez') return void writeText(ctx, 200, 'ok');
    if (p === '/readyz') return void writeText(ctx, isReady ? 200 : 503, isReady ? 'ok' : 'not ready');
    if (p === '/version') return writeJSON(ctx, 200, KUBE_VERSION);
    if (p === '/api' || p === '/apis') {
      const v = negotiateDiscovery(ctx.req.headers.accept);
      if (v === 'legacy') return writeJSON(ctx, 200, p === '/api' ? legacyApiVersions(opts.serverAddress ?? ctx.req.headers.host ?? '') : legacyGroupList());
      return writeJSON(ctx, 200, aggregatedDiscovery(p === '/api', v), { 'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList` });
    }
    if (p === '/openapi/v3') return writeJSON(ctx, 200, openApiRoot());
    if (p === '/openapi/v2') return serveOpenApiV2(ctx);
    if (p.startsWith('/openapi/v3/')) {
      const gv = p.slice('/openapi/v3/'.length);
      const group = gv === 'api/v1' ? '' : gv.replace(/^apis\//, '').replace(/\/v1$/, '');
      const doc = gv === 'api/v1' || (gv.startsWith('apis/') && gv.endsWith('/v1')) ? openApiV3(group) : undefined;
      if (doc) return writeJSON(ctx, 200, doc);
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (!info.isResourceRequest) {
      if (info.apiPrefix === 'apis' && ctx.url.pathname.split('/').filter(Boolean).length === 2) {
        const name = ctx.url.pathname.split('/').filter(Boolean)[1];
        if (!findAnyGroup(name)) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
        return writeJSON(ctx, 200, apiGroup(name));
      }
      if (info.apiVersion) {
        const list = info.apiVersion === 'v1' ? resourceList(info.apiGroup) : undefined;
        if (list) return writeJSON(ctx, 200, list);
      }
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    return serveResourceRequest(storages, ctx);
  };

  const apiHandler = chain(route, audit.failedAuthentication, withAuthentication(authenticate), audit.filter, withImpersonation(authorizer, (u) => identity.userInfo(u)), withAuthorization(authorizer));
  const staticRoot = opts.staticRoot ?? path.resolve('dist');

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://localhost');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const ctx: RequestContext = {
      req, res, url, query: url.searchParams, info: parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams),
      received: new Date(), auditID: newAuditID(), user: { username: 'system:anonymous', groups: [] }, annotations: {}, warnings: [],
    };
    res.setHeader('Audit-Id', ctx.auditID);
    const run = async () => {
      const bad = badPathReason(url.pathname);
      if (bad) throw badRequest(`invalid request path: ${bad}`);
      if (!isApiPath(url.pathname)) {
        if (!serveStatic(ctx, staticRoot)) writeError(ctx, new ApiError(404, 'NotFound', 'the server could not find the requested resource'));
        return;
      }
      await apiHandler(ctx);
    };
    run().catch((err: unknown) => {
      const e = toApiError(err);
      if (e.code >= 500) opts.logger?.error({ err, auditID: ctx.auditID, path: url.pathname }, 'request failed');
      if (!res.headersSent) writeError(ctx, e);
      else if (!res.writableEnded) res.end();
    });
  };

  return {
    store, registry, authorizer, audit, identity, saTokens, handle, lookupHuman,
    ready: () => isReady,
    addTokenAuthenticator: (a) => tokenAuthenticators.push(a),
    close() {
      isReady = false;
      rbac.stop();
      nodeGraph.close();
      // Commits the waiting audit events synchronously (the webhook finishes sending in the background).
      void audit.close();
      // The checkpointer's connection closes first: the server's, closing last, makes the final checkpoint.
      checkpointer?.stop();
      store.close();
    },
  };
}

function findAnyGroup(name: string): boolean {
  return RESOURCES.some((r) => r.group === name);
}

function writeText(ctx: RequestContext, code: number, text: string): void {
  ctx.responseCode = code;
  ctx.res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  ctx.res.end(text);
}

/**
 * badPathReason tells why a request path cannot name anything (malformed percent-encoding, a NUL or other
 * control character once decoded), or undefined when it is fine: such paths are a 400, never a 500 from
 * whatever would have choked on them later (the file system, SQLite).
 */
export function badPathReason(pathname: string): string | undefined {
  let decoded: string;
  try { decoded = decodeURIComponent(pathname); } catch { return 'malformed percent-encoding'; }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'control characters are not allowed';
  return undefined;
}
