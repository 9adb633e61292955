// The audit filters in a real handler chain (authentication → audit → impersonation → authorization),
// served by an in-process HTTP server, with a fakeAuditChecker and a backend that collects events.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AuditEvent, AuditLevel, AuditStage } from '../../shared/api/audit';
import { withImpersonation } from '../filters/impersonation';
import type { UserInfo } from '../authn/user';
import type { Authorizer } from '../authz/types';
import { chain, withAuthentication, withAuthorization, type RequestAuthenticator } from '../filters/chain';
import type { Handler, RequestContext } from '../http/context';
import { parseRequestInfo } from '../http/request-info';
import { writeError, writeJSON } from '../http/respond';
import { badRequest, toApiError, unauthorized } from '../http/status';
import { WITHHELD, withAudit, withFailedAuthenticationAudit } from './filter';
import { fakeAuditChecker, type AuditChecker } from './policy';
import { canonicalJSON } from './redact';

/** reverseKeys copies a value with every object's keys in reverse order (an unsorted twin). */
const reverseKeys = (v: unknown): unknown => (Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === 'object'
  ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reverseKeys((v as Record<string, unknown>)[k])])) : v);

const USERS: Record<string, UserInfo> = {
  alice: { username: 'alice', uid: 'u-alice', groups: ['devs', 'system:authenticated'] },
  admin: { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
  builder: {
    username: 'system:serviceaccount:team:builder', uid: 'sa-uid', groups: ['system:serviceaccounts', 'system:authenticated'],
    extra: { 'authentication.kubernetes.io/credential-id': ['JTI=jti-1'], 'authentication.kubernetes.io/pod-name': ['job'] },
  },
};

describe('withAudit and withFailedAuthenticationAudit', () => {
  let server: http.Server;
  let base: string;
  let checker: AuditChecker;
  let events: { ev: AuditEvent; durable: boolean; endedBefore: boolean }[];
  let current: http.ServerResponse | undefined;
  let handler: Handler;

  const authenticate: RequestAuthenticator = async (ctx) => {
    const h = ctx.req.headers.authorization;
    if (!h) return undefined;
    const u = USERS[h.replace(/^Bearer /, '')];
    if (!u) throw unauthorized();
    return { user: u, method: 'token' };
  };
  // Everything is allowed except deleting, and only admin may impersonate.
  const authorizer: Authorizer = {
    authorize: (a) => (a.verb === 'delete' || (a.verb === 'impersonate' && a.user.username !== 'admin')
      ? { decision: 'noOpinion', reason: 'no rule' } : { decision: 'allow', reason: 'test allows' }),
  };

  before(async () => {
    const deps = {
      checker: { evaluate: (a: Parameters<AuditChecker['evaluate']>[0]) => checker.evaluate(a) },
      backend: {
        process: (ev: AuditEvent, durable: boolean, release?: () => void) => {
          events.push({ ev, durable, endedBefore: !!current?.writableEnded });
          release?.();
        },
      },
      originatingUser: (u: UserInfo) => (u.username === USERS.builder.username ? 'alice' : u.username.startsWith('system:') ? undefined : u.username),
    };
    const h = chain((ctx) => handler(ctx), withFailedAuthenticationAudit(deps), withAuthentication(authenticate), withAudit(deps),
      withImpersonation(authorizer, (u) => USERS[u]), withAuthorization(authorizer));
    server = http.createServer((req, res) => {
      current = res;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const ctx: RequestContext = {
        req, res, url, query: url.searchParams, info: parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams),
        received: new Date(), auditID: randomUUID(), user: { username: 'system:anonymous', groups: [] }, annotations: {}, warnings: [],
      };
      h(ctx).catch((err: unknown) => {
        if (!res.headersSent) writeError(ctx, toApiError(err));
        else if (!res.writableEnded) res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    events = [];
    checker = fakeAuditChecker('Metadata');
    handler = async (ctx) => writeJSON(ctx, 200, { kind: 'PodList', items: [] });
  });

  const send = async (method: string, path: string, o: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { 'User-Agent': 'audit-test/1.0', ...(o.headers ?? {}) };
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(`${base}${path}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    await r.text();
    // Reads are recorded at 'close' at the latest: give the event loop a turn.
    await new Promise((res) => setImmediate(res));
    return r.status;
  };
  const only = (): { ev: AuditEvent; durable: boolean; endedBefore: boolean } => {
    assert.equal(events.length, 1, `want one event, got ${JSON.stringify(events.map((e) => e.ev.stage))}`);
    return events[0];
  };

  it('records an allowed read at ResponseComplete with every Kubernetes field', async () => {
    assert.equal(await send('GET', '/api/v1/namespaces/team/pods?limit=5', { token: 'alice' }), 200);
    const { ev, durable } = only();
    assert.equal(durable, false);
    assert.equal(ev.kind, 'Event');
    assert.equal(ev.apiVersion, 'audit.k8s.io/v1');
    assert.equal(ev.level, 'Metadata');
    assert.equal(ev.stage, 'ResponseComplete');
    assert.match(ev.auditID, /^[0-9a-f-]{36}$/);
    assert.equal(ev.requestURI, '/api/v1/namespaces/team/pods?limit=5');
    assert.equal(ev.verb, 'list');
    assert.deepEqual(ev.user, { username: 'alice', uid: 'u-alice', groups: ['devs', 'system:authenticated'] });
    assert.equal(ev.impersonatedUser, undefined);
    assert.deepEqual(ev.sourceIPs, ['127.0.0.1']);
    assert.equal(ev.userAgent, 'audit-test/1.0');
    assert.deepEqual(ev.objectRef, { resource: 'pods', namespace: 'team', apiVersion: 'v1' });
    assert.deepEqual(ev.responseStatus, { metadata: {}, code: 200 });
    assert.match(ev.requestReceivedTimestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    assert.ok(ev.stageTimestamp >= ev.requestReceivedTimestamp);
    assert.equal(ev.annotations?.['authorization.k8s.io/decision'], 'allow');
    assert.equal(ev.annotations?.['authorization.k8s.io/reason'], 'test allows');
    assert.equal(ev.annotations?.['audit.gatehouse.dev/originating-user'], 'alice');
    assert.equal(ev.requestObject, undefined);
    // Built with sorted keys: plain JSON is already the canonical form the store hashes.
    assert.equal(JSON.stringify(ev), canonicalJSON(reverseKeys(ev)));
  });

  it("omitManagedFields leaves managedFields out of the bodies, but not out of a patch (upstream records a patch's body as sent)", async () => {
    const base = fakeAuditChecker('RequestResponse');
    checker = { evaluate: (a) => ({ ...base.evaluate(a), omitManagedFields: true }) };
    const mf = [{ manager: 'kubectl', operation: 'Update' }];
    handler = async (ctx) => {
      ctx.requestObject = { kind: 'ConfigMap', metadata: { name: 'c-1', managedFields: mf } };
      ctx.responseObject = { kind: 'ConfigMap', metadata: { name: 'c-1', namespace: 'team', managedFields: mf } };
      writeJSON(ctx, 201, ctx.responseObject);
    };
    assert.equal(await send('POST', '/api/v1/namespaces/team/configmaps', { token: 'alice', body: {} }), 201);
    let { ev } = only();
    assert.deepEqual(ev.requestObject, { kind: 'ConfigMap', metadata: { name: 'c-1' } });
    assert.deepEqual(ev.responseObject, { kind: 'ConfigMap', metadata: { name: 'c-1', namespace: 'team' } });
    events.length = 0;
    assert.equal(await send('PATCH', '/api/v1/namespaces/team/configmaps/c-1', { token: 'alice', body: {} }), 201);
    ({ ev } = only());
    assert.equal(ev.verb, 'patch');
    assert.deepEqual(ev.requestObject, { kind: 'ConfigMap', metadata: { name: 'c-1', managedFields: mf } });
    assert.deepEqual(ev.responseObject, { kind: 'ConfigMap', metadata: { name: 'c-1', namespace: 'team' } });
  });

  it('commits a write durably, before the response ends, with bodies at RequestResponse', async () => {
    checker = fakeAuditChecker('RequestResponse');
    handler = async (ctx) => {
      ctx.requestObject = { kind: 'ConfigMap', metadata: { generateName: 'c-' } };
      ctx.responseObject = { kind: 'ConfigMap', metadata: { name: 'c-1', namespace: 'team' } };
      writeJSON(ctx, 201, ctx.responseObject);
    };
    assert.equal(await send('POST', '/api/v1/namespaces/team/configmaps', { token: 'alice', body: {} }), 201);
    const { ev, durable, endedBefore } = only();
    assert.equal(durable, true);
    assert.equal(endedBefore, false, 'the event must be recorded before the response is ended');
    assert.equal(ev.verb, 'create');
    assert.equal(ev.objectRef?.name, 'c-1');
    assert.deepEqual(ev.requestObject, { kind: 'ConfigMap', metadata: { generateName: 'c-' } });
    assert.deepEqual(ev.responseObject, { kind: 'ConfigMap', metadata: { name: 'c-1', namespace: 'team' } });
    assert.deepEqual(ev.responseStatus, { metadata: {}, code: 201 });
    assert.equal(JSON.stringify(ev), canonicalJSON(ev));
  });

  it('never records secret bodies, whatever the checker says', async () => {
    checker = fakeAuditChecker('RequestResponse');
    handler = async (ctx) => {
      ctx.requestObject = { kind: 'Secret', metadata: { name: 's' }, stringData: { k: 'CANARY' } };
      ctx.responseObject = { kind: 'Secret', metadata: { name: 's' }, data: { k: 'Q0FOQVJZ' } };
      writeJSON(ctx, 201, ctx.responseObject);
    };
    await send('POST', '/api/v1/namespaces/team/secrets', { token: 'alice', body: {} });
    const { ev } = only();
    assert.equal(ev.level, 'Metadata');
    assert.doesNotMatch(JSON.stringify(ev), /CANARY|Q0FOQVJZ/);
  });

  it('withholds a body-quoting error message of a secret request', async () => {
    handler = async () => { throw badRequest('json parse error: Unexpected token, "{"data":CANARY}" is not valid JSON'); };
    await send('POST', '/api/v1/namespaces/team/secrets', { token: 'alice', body: {} });
    const { ev } = only();
    assert.equal(ev.responseStatus?.code, 400);
    assert.equal(ev.responseStatus?.message, WITHHELD);
  });

  it('records a denied request with decision forbid and the Forbidden status', async () => {
    assert.equal(await send('DELETE', '/api/v1/namespaces/team/pods/p', { token: 'alice' }), 403);
    const { ev, durable } = only();
    assert.equal(durable, true);
    assert.equal(ev.stage, 'ResponseComplete');
    assert.equal(ev.annotations?.['authorization.k8s.io/decision'], 'forbid');
    assert.equal(ev.annotations?.['authorization.k8s.io/reason'], 'no rule');
    assert.equal(ev.responseStatus?.code, 403);
    assert.equal(ev.responseStatus?.reason, 'Forbidden');
    assert.equal(ev.objectRef?.name, 'p');
  });

  it('records a failed authentication at ResponseStarted with an empty user, as upstream', async () => {
    assert.equal(await send('GET', '/api/v1/namespaces/team/pods', { token: 'stolen' }), 401);
    const { ev } = only();
    assert.equal(ev.stage, 'ResponseStarted');
    assert.deepEqual(ev.user, {});
    assert.equal(ev.responseStatus?.code, 401);
    assert.equal(ev.annotations, undefined);
    assert.equal(ev.objectRef?.resource, 'pods');
  });

  it('records both identities of an impersonated request; the impersonator originates it', async () => {
    assert.equal(await send('GET', '/api/v1/namespaces/team/pods', { token: 'admin', headers: { 'Impersonate-User': 'alice' } }), 200);
    const { ev } = only();
    assert.equal(ev.user.username, 'admin');
    assert.equal(ev.impersonatedUser?.username, 'alice');
    assert.deepEqual(ev.impersonatedUser?.groups, ['devs', 'system:authenticated']);
    assert.equal(ev.annotations?.['audit.gatehouse.dev/originating-user'], 'admin');
  });

  it('records a refused impersonation as forbidden, for the real user', async () => {
    assert.equal(await send('GET', '/api/v1/namespaces/team/pods', { token: 'alice', headers: { 'Impersonate-User': 'admin' } }), 403);
    const { ev } = only();
    assert.equal(ev.user.username, 'alice');
    assert.equal(ev.impersonatedUser, undefined);
    assert.equal(ev.responseStatus?.code, 403);
  });

  it("records a pod-bound service account's extras and the pod creator as originating user", async () => {
    await send('POST', '/api/v1/namespaces/team/configmaps', { token: 'builder', body: {} });
    const { ev } = only();
    assert.equal(ev.user.username, 'system:serviceaccount:team:builder');
    assert.deepEqual(ev.user.extra?.['authentication.kubernetes.io/credential-id'], ['JTI=jti-1']);
    assert.deepEqual(ev.user.extra?.['authentication.kubernetes.io/pod-name'], ['job']);
    assert.equal(ev.annotations?.['audit.gatehouse.dev/originating-user'], 'alice');
  });

  it('records Panic (and no ResponseComplete) when the handler crashes', async () => {
    handler = async () => { throw new Error('boom: secret=CANARY'); };
    assert.equal(await send('GET', '/api/v1/namespaces/team/pods', { token: 'alice' }), 500);
    const { ev } = only();
    assert.equal(ev.stage, 'Panic');
    assert.equal(ev.responseStatus?.code, 500);
    assert.doesNotMatch(JSON.stringify(ev), /CANARY/);
  });

  it('records a handler ApiError as an ordinary ResponseComplete', async () => {
    handler = async () => { throw unauthorized('invalid username or password'); };
    assert.equal(await send('POST', '/auth/login', { body: {} }), 401);
    const { ev } = only();
    assert.equal(ev.stage, 'ResponseComplete');
    assert.equal(ev.user.username, 'system:anonymous');
    assert.equal(ev.verb, 'post');
    assert.equal(ev.objectRef, undefined);
  });

  it('attributes a login to the user who signed in', async () => {
    handler = async (ctx) => { ctx.user = USERS.alice; writeJSON(ctx, 200, { username: 'alice' }); };
    await send('POST', '/auth/login', { body: {} });
    const { ev } = only();
    assert.equal(ev.user.username, 'alice');
    assert.equal(ev.annotations?.['audit.gatehouse.dev/originating-user'], 'alice');
  });

  const skipped: { name: string; level: AuditLevel; omit: AuditStage[] }[] = [
    { name: 'level None records nothing', level: 'None', omit: [] },
    { name: 'an omitted ResponseComplete records nothing', level: 'Metadata', omit: ['ResponseComplete'] },
  ];
  for (const c of skipped) {
    it(c.name, async () => {
      checker = fakeAuditChecker(c.level, c.omit);
      await send('GET', '/api/v1/namespaces/team/pods', { token: 'alice' });
      assert.equal(events.length, 0);
    });
  }

  it('level None for a failed authentication records nothing either', async () => {
    checker = fakeAuditChecker('None');
    await send('GET', '/api/v1/namespaces/team/pods', { token: 'stolen' });
    assert.equal(events.length, 0);
  });

  it('records a long request (watch) when it ends, also when the client goes away', async () => {
    let started!: () => void;
    const streaming = new Promise<void>((r) => { started = r; });
    handler = async (ctx) => {
      ctx.long = true;
      ctx.responseCode = 200;
      ctx.res.writeHead(200, { 'Content-Type': 'application/json' });
      ctx.res.write('{"type":"ADDED"}\n');
      started();
      await new Promise<void>((r) => ctx.res.on('close', () => r()));
    };
    const ac = new AbortController();
    const p = fetch(`${base}/api/v1/namespaces/team/pods?watch=true`, { headers: { Authorization: 'Bearer alice' }, signal: ac.signal })
      .then(async (r) => { const rd = r.body!.getReader(); for (;;) { if ((await rd.read()).done) break; } }).catch(() => undefined);
    await streaming;
    assert.equal(events.length, 0, 'nothing is recorded while the watch runs');
    ac.abort();
    await p;
    for (let i = 0; i < 50 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const { ev, durable } = only();
    assert.equal(durable, false);
    assert.equal(ev.verb, 'watch');
    assert.equal(ev.stage, 'ResponseComplete');
    assert.equal(ev.responseStatus?.code, 200);
  });
});
