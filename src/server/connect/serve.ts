// `gatehouse connect`: the console and Gatehouse's own APIs in front of a real Kubernetes cluster.
// Gatehouse keeps only what is its own — users, groups, sessions, personal tokens and the audit
// trail — in its data dir; every Kubernetes request goes to the cluster's kube-apiserver as the
// signed-in person (proxy.ts). Its policy reaches the cluster as admission webhooks (webhooks.ts),
// its audit trail is fed by the cluster's audit webhook (audit-sink.ts), and the views that are
// Gatehouse's own (projects, secretsummaries) are answered from the cluster with its RBAC.

import fs from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { createApp, SECURITY_HEADERS, type App } from '../app';
import { loadOrCreatePki, writeSecretFile } from '../authn/pki';
import { ensureInitialAdmin } from '../components/initial-admin';
import { checkSameOrigin, readCookie, SESSION_COOKIE } from '../filters/auth-routes';
import { isApiPath, PUBLIC_PATHS } from '../filters/chain';
import type { RequestContext } from '../http/context';
import type { UserInfo } from '../authn/user';
import { ApiError, toApiError, unauthorized } from '../http/status';
import { AGGREGATED_GROUP, discovery, frontProxyUser, loadFrontProxy } from './aggregated';
import { connectAuditEvents } from './audit-events';
import { AGGREGATED_SERVICE_HOST } from './manifests';
import { AUDIT_SINK_PATH, checkSinkToken, ingest } from './audit-sink';
import { KubeClient, KubeError, loadKubeConfig } from './kube-client';
import { startMirror, type Mirror } from './mirror';
import { listProjects, subjectAccess } from './projects';
import { mayImpersonate, proxyRequest, viewAsUser } from './proxy';
import { sarAsker } from './sar-authorizer';
import { connectProfileReview } from './profile-reviews';
import { connectSecretSummaries } from './secret-summaries';
import { createWebhooks, WEBHOOK_PATHS } from './webhooks';

/** ConnectOptions are the flags of `gatehouse connect`. */
export interface ConnectOptions {
  kubeconfig: string;
  dataDir: string;
  host: string;
  port: number;
  staticRoot?: string;
  logLevel?: string;
}

/** RunningConnect is a started connect-mode server. */
export interface RunningConnect {
  url: string;
  app: App;
  client: KubeClient;
  mirror: Mirror;
  /** identity is the cluster username Gatehouse acts as. */
  identity: string;
  caPem: string;
  close(): Promise<void>;
}

/** LOCAL_GROUPS are Gatehouse's own API groups answered from its data dir with its own RBAC (users and groups are Gatehouse's). */
const LOCAL_GROUPS = new Set(['iam.gatehouse.dev']);

function status(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(err.code, { 'Content-Type': 'application/json', ...(err.headers ?? {}) });
  res.end(JSON.stringify(err.toStatus()));
}

async function readJsonBody(req: IncomingMessage, limit = 8 << 20): Promise<any> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > limit) throw new ApiError(413, 'RequestEntityTooLarge', 'request body too large');
    chunks.push(c as Buffer);
  }
  try { return JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { throw new ApiError(400, 'BadRequest', 'the body is not JSON'); }
}

/** loadSinkToken reads (or creates) the bearer token kube-apiserver's audit webhook presents. */
export function loadSinkToken(dataDir: string): string {
  const f = path.join(dataDir, 'audit-sink-token');
  if (!fs.existsSync(f)) writeSecretFile(f, `${randomBytes(24).toString('hex')}\n`);
  return fs.readFileSync(f, 'utf8').trim();
}

/** startConnect starts Gatehouse in front of the cluster of `kubeconfig`. */
export async function startConnect(o: ConnectOptions, logger: Logger = pino({ level: o.logLevel ?? 'info' })): Promise<RunningConnect> {
  const dataDir = path.resolve(o.dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tls = loadOrCreatePki(dataDir, [o.host, AGGREGATED_SERVICE_HOST]);
  const app = await createApp({ dataDir, staticRoot: o.staticRoot ? path.resolve(o.staticRoot) : path.resolve('dist'), logger, caPem: tls.caCert });
  await ensureInitialAdmin(app, dataDir);
  const client = new KubeClient(loadKubeConfig(o.kubeconfig));
  const who = await client.request<any>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  const identity = String(who?.status?.userInfo?.username ?? '');
  const mirror = startMirror(client, logger.child({ component: 'mirror' }));
  const ask = sarAsker(client);
  const webhooks = createWebhooks({ store: mirror.store, ask, get: (p) => client.request('GET', p, undefined, { allow404: true, timeoutMs: 3000 }), lookup: app.lookupHuman });
  const sinkToken = loadSinkToken(dataDir);
  // The front proxy's CA (for the aggregated API): read now, and again once install has granted the read.
  let frontProxy = await loadFrontProxy(client);
  const listening: { server?: https.Server } = {};
  const refreshFrontProxy = async () => {
    if (frontProxy) return;
    frontProxy = await loadFrontProxy(client);
    if (frontProxy) listening.server?.setSecureContext({ cert: tls.cert, key: tls.key, ca: frontProxy.caPem });
  };
  let listenUrl = '';

  // Whether `install` has been applied: checked at most every 10 s, so every view can say why it cannot work.
  let installed: { at: number; impersonate: boolean; profiles: boolean } | undefined;
  const installState = async () => {
    // Only a complete install is cached: a missing one is asked again at once, so installing takes effect immediately.
    if (installed?.impersonate && installed.profiles && Date.now() - installed.at < 10_000) return installed;
    const ssar = await client.request<any>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'impersonate', resource: 'users' } } });
    const crd = await client.request('GET', '/apis/security.gatehouse.dev/v1', undefined, { allow404: true });
    installed = { at: Date.now(), impersonate: ssar?.status?.allowed === true, profiles: Boolean(crd) };
    await refreshFrontProxy();
    return installed;
  };
  const notInstalled = (what: string) => new ApiError(503, 'ServiceUnavailable', `${what}: Gatehouse is not installed on the cluster ${client.config.server}. A cluster admin runs \`gatehouse connect install --kubeconfig ADMIN_KUBECONFIG --url ${listenUrl || 'GATEHOUSE_URL'} --identity ${identity}\` (see the README, "Connect mode").`);

  // authenticate resolves the signed-in person exactly as the embedded server does (session cookie, with the CSRF rule for writes, or a personal token).
  const authenticate = (req: IncomingMessage): UserInfo => {
    const h = req.headers.authorization;
    if (h) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
      const u = m ? app.identity.resolveToken(m[1]) : undefined;
      if (!u) throw unauthorized();
      return u;
    }
    const ctx = { req, url: new URL(req.url ?? '/', 'https://localhost') } as RequestContext;
    const sid = readCookie(ctx, SESSION_COOKIE);
    const u = sid ? app.identity.resolveSession(sid) : undefined;
    if (!u) throw unauthorized(sid ? 'your session has expired; sign in again' : undefined);
    if (req.method !== 'GET' && req.method !== 'HEAD') checkSameOrigin(ctx);
    return u;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const p = url.pathname;
    if (p === AUDIT_SINK_PATH) {
      if (!checkSinkToken(req.headers.authorization, sinkToken)) throw unauthorized();
      const n = ingest(await readJsonBody(req, 64 << 20), identity, mirror.store, app.audit.auditor);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ received: n }));
      return;
    }
    if (p === WEBHOOK_PATHS.mutate || p === WEBHOOK_PATHS.validate) {
      const out = await webhooks.review(p === WEBHOOK_PATHS.mutate ? 'mutate' : 'validate', await readJsonBody(req));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(out));
      return;
    }
    const parts = p.split('/').filter(Boolean);
    const group = parts[0] === 'apis' ? parts[1] ?? '' : '';
    // kube-apiserver's aggregator also asks an aggregated server for its discovery document and
    // OpenAPI: "not here" makes it use the group's legacy discovery and go without OpenAPI.
    if ((p === '/apis' || p === '/api' || p.startsWith('/openapi/')) && frontProxyUser(req, frontProxy)) {
      throw new ApiError(p === '/apis' ? 406 : 404, p === '/apis' ? 'NotAcceptable' : 'NotFound', 'the server could not find the requested resource');
    }
    if (group === AGGREGATED_GROUP) {
      await refreshFrontProxy();
      const person = frontProxyUser(req, frontProxy);
      if (!person) throw unauthorized(`${AGGREGATED_GROUP} is served to the cluster's front proxy only: use kubectl against the cluster`);
      const d = discovery(p);
      if (d) { res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(d)); return; }
      const resource = parts[3] === 'namespaces' ? parts[5] : parts[3];
      const can = (attrs: Parameters<typeof subjectAccess>[2]) => subjectAccess(client, person, attrs);
      if (resource === 'secretsummaries') return connectSecretSummaries(req, res, url, { store: mirror.store, user: person, can });
      if (resource === 'securityprofilereviews') return connectProfileReview(req, res, url, { store: mirror.store, user: person, ask, can });
      if (resource === 'auditevents' && (await connectAuditEvents(req, res, url, { audit: app.audit, user: person, can }))) return;
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    // Grant reviews judge the cluster's roles, which Gatehouse's own store does not hold: not served here
    // (the console then offers every role and the cluster's escalation check decides on the grant).
    if (group === 'iam.gatehouse.dev' && (parts[3] === 'namespaces' ? parts[5] : parts[3]) === 'grantreviews') throw new ApiError(404, 'NotFound', 'grantreviews are not served in connect mode: the cluster judges each grant');
    if (!isApiPath(p) || p.startsWith('/auth/') || PUBLIC_PATHS.has(p) || LOCAL_GROUPS.has(group)) { app.handle(req, res); return; }
    const signedIn = authenticate(req);
    const state = await installState();
    if (!state.impersonate) throw notInstalled(`Gatehouse's identity "${identity}" may not impersonate users, so it cannot act for you`);
    if (group === 'security.gatehouse.dev' && !state.profiles) throw notInstalled('Security profiles need the SecurityProfile CRD, which this cluster does not have');
    let user = signedIn;
    // A client Impersonate-User is the console's "view as": allowed only when the cluster lets the signed-in person impersonate that user.
    const viewAs = req.headers['impersonate-user'];
    if (typeof viewAs === 'string' && viewAs && viewAs !== signedIn.username) {
      if (!(await mayImpersonate(client, signedIn, viewAs))) {
        throw new ApiError(403, 'Forbidden', `users "${viewAs}" is forbidden: User "${signedIn.username}" cannot impersonate resource "users" in API group "" at the cluster scope`);
      }
      user = viewAsUser(signedIn, viewAs, (n) => app.identity.userInfo(n));
    }
    if (group === 'audit.gatehouse.dev') {
      if (!(await connectAuditEvents(req, res, url, { audit: app.audit, user, can: (attrs) => subjectAccess(client, user, attrs) }))) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    if (group === 'project.gatehouse.dev') {
      if (parts[3] !== 'projects' || req.method !== 'GET' || url.searchParams.get('watch')) throw new ApiError(405, 'MethodNotAllowed', 'in connect mode projects can only be listed; create namespaces on the cluster');
      const list = await listProjects(client, user);
      const one = parts[4] ? list.items.find((n: any) => n.metadata.name === parts[4]) : undefined;
      if (parts[4] && !one) throw new ApiError(404, 'NotFound', `projects.project.gatehouse.dev "${parts[4]}" not found`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(one ?? list));
      return;
    }
    if (group === 'security.gatehouse.dev' && (parts[5] === 'secretsummaries' || parts[3] === 'secretsummaries')) {
      await connectSecretSummaries(req, res, url, { store: mirror.store, user, can: (attrs) => subjectAccess(client, user, attrs) });
      return;
    }
    if (group === 'security.gatehouse.dev' && (parts[5] === 'securityprofilereviews' || parts[3] === 'securityprofilereviews')) {
      await connectProfileReview(req, res, url, { store: mirror.store, user, ask, can: (attrs) => subjectAccess(client, user, attrs) });
      return;
    }
    await proxyRequest(client, req, res, user, `${p}${url.search}`);
  };

  // Client certificates are asked for (never required): only kube-apiserver's front proxy presents one.
  const srv = https.createServer({ cert: tls.cert, key: tls.key, ca: frontProxy?.caPem, requestCert: true, rejectUnauthorized: false, requestTimeout: 0 }, (req, res) => {
    let url: URL;
    try { url = new URL(req.url ?? '/', 'https://localhost'); } catch { res.writeHead(400).end(); return; }
    const p = url.pathname;
    if (!(p === AUDIT_SINK_PATH || p.startsWith('/connect/'))) for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    handle(req, res, url).catch((err: unknown) => {
      // The cluster refusing Gatehouse's own request (not the person's) is a setup problem, said as such.
      const e = err instanceof KubeError ? new ApiError(503, 'ServiceUnavailable', `the cluster refused Gatehouse's own request: ${err.message}. Is \`gatehouse connect install\` applied?`) : toApiError(err);
      if (e.code >= 500) logger[e.code === 503 ? 'warn' : 'error']({ err: err instanceof Error ? err.message : String(err), path: p }, 'connect request failed');
      status(res, e);
    });
  });
  listening.server = srv;
  srv.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(o.port, o.host, () => resolve());
  });
  await Promise.race([mirror.synced, new Promise((r) => setTimeout(r, 30_000))]);
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const url = `https://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  listenUrl = url;
  logger.info({ url, cluster: client.config.server, identity }, 'gatehouse connect listening');
  return {
    url, app, client, mirror, identity, caPem: tls.caCert,
    close: () => new Promise<void>((resolve) => {
      mirror.stop();
      srv.closeAllConnections();
      srv.close(() => { app.close(); client.close(); void Promise.race([app.audit.close(), new Promise((r) => setTimeout(r, 2000).unref())]).finally(resolve); });
    }),
  };
}
