// Fuzzer (issue 11): fast-check generates, from a fixed seed, ≥10,000 requests — structured and mutated
// bodies, JSON patches, paths, query strings, headers and content types, as several identities — and
// sends them to a real server process, 16 at a time. Asserted: no 5xx, the process stays alive, its
// memory stays under 1 GB, and no canary (a secret value the fuzzing identities may not read) appears in
// any response, the server's output or its audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertNoLeakInServer, leaksIn, nestJson, newCanary, startHarness, type Harness } from './harness';

const SEED = 20261206;
const REQUESTS = Number(process.env.GATEHOUSE_FUZZ_REQUESTS ?? 20_000);
const CONCURRENCY = 16;
const RSS_LIMIT = 1024 * 1024 * 1024;
/** LAG_LIMIT_MS bounds how long /healthz may take while the fuzzer runs (the event loop is never blocked for long). */
const LAG_LIMIT_MS = 5000;
const NS = 'fz';
const CANARY = newCanary('fz');

interface FuzzRequest { user: string; method: string; path: string; headers: Record<string, string>; body?: string }

// --- building blocks -------------------------------------------------------------------------------

const names = fc.oneof(fc.constantFrom('target', 'cm', 'x', 'dev', 'default', NS, ''), fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z0-9-]{1,20}$/));
const collections = fc.constantFrom(
  `/api/v1/namespaces/${NS}/secrets`, `/api/v1/namespaces/${NS}/configmaps`, `/api/v1/namespaces/${NS}/pods`, `/api/v1/namespaces/${NS}/serviceaccounts`,
  `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  `/apis/security.gatehouse.dev/v1/namespaces/${NS}/secretsummaries`, `/apis/security.gatehouse.dev/v1/namespaces/${NS}/securityprofilereviews`, '/apis/security.gatehouse.dev/v1/securityprofiles',
  '/apis/audit.gatehouse.dev/v1/auditevents', '/apis/iam.gatehouse.dev/v1/users', '/apis/iam.gatehouse.dev/v1/groups', '/apis/project.gatehouse.dev/v1/projects',
  '/api/v1/namespaces', '/api/v1/secrets', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
  '/apis/authentication.k8s.io/v1/selfsubjectreviews', `/api/v1/namespaces/${NS}/serviceaccounts/default/token`,
);
const fixedPaths = fc.constantFrom('/auth/login', '/auth/logout', '/auth/tokens', '/auth/kubeconfig', '/auth/me', '/healthz', '/readyz', '/livez', '/version', '/api', '/apis', '/api/v1', '/apis/rbac.authorization.k8s.io', '/openapi/v3', '/openapi/v3/api/v1', '/', '/index.html', '/assets/x.js');
const subresources = fc.constantFrom('', '', '', '/status', '/binding', '/token', '/password', '/finalize', '/x');
const segmentJunk = fc.oneof(fc.constantFrom('%00', '%', '%ZZ', '%E0%A4%A', '..', '.', '%2e%2e', '%2F', '//', '%C0%AF', '~', '%0d%0a', '%20', 'ä', '%F0%9F%98%80', '*', '?'), fc.string({ maxLength: 8 }).map(encodeURIComponent));

const path = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(collections, fc.option(names, { nil: undefined }), subresources).map(([c, n, sub]) => (n === undefined ? c : `${c}/${encodeURIComponent(n)}${sub}`)) },
  { weight: 2, arbitrary: fixedPaths },
  { weight: 2, arbitrary: fc.tuple(fc.oneof(collections, fixedPaths), fc.array(segmentJunk, { minLength: 1, maxLength: 4 })).map(([base, junk]) => `${base}/${junk.join('/')}`) },
  { weight: 1, arbitrary: fc.array(segmentJunk, { maxLength: 6 }).map((s) => `/${s.join('/')}`) },
);

const numberish = fc.oneof(fc.constantFrom('0', '1', '-1', '1.5', '1e3', '1e309', 'NaN', 'Infinity', '99999999999999999999', '9007199254740993', '', ' ', '0x10', 'abc', '%00'), fc.integer().map(String), fc.bigInt().map(String));
const queryKeys = fc.constantFrom('limit', 'continue', 'watch', 'timeoutSeconds', 'timeout', 'resourceVersion', 'resourceVersionMatch', 'labelSelector', 'fieldSelector', 'dryRun', 'fieldValidation', 'gracePeriodSeconds', 'fieldManager', 'force', 'propagationPolicy', 'pretty', 'allowWatchBookmarks', 'user', 'verb', 'namespace', 'since');
const queryValue = fc.oneof(numberish, fc.constantFrom('All', 'true', 'false', 'Strict', 'Warn', 'Ignore', 'a=b', 'a in (b', 'metadata.name=target', 'metadata.name==x,type!=y', '!a', 'a,b,c', '((((', Buffer.from(nestJson(300)).toString('base64url')), fc.string({ maxLength: 20 }));
const query = fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: queryKeys }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), queryValue), { maxLength: 4 });

const contentTypes = fc.constantFrom(
  'application/json', 'application/yaml', 'application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json',
  'application/apply-patch+yaml', 'application/vnd.kubernetes.protobuf', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', '', 'application/json; charset=utf-16',
  'application/json;;;', 'multipart/form-data; boundary=x', 'application/apply-patch+cbor',
);

const pointers = fc.oneof(fc.constantFrom('', '/', '/data', '/data/password', '/data/token', '/metadata', '/metadata/name', '/metadata/annotations', '/metadata/annotations/x', '/metadata/labels/x', '/metadata/finalizers', '/metadata/finalizers/-', '/metadata/finalizers/0', '/kind', '/type', '/spec', '/spec/containers/0', '/stringData/x', '/metadata/generateName', '/metadata/ownerReferences', '/a~1b', '/~2', '/data/-'), fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }).map((t) => `/${t.join('/')}`));
const jsonPatch = fc.array(fc.record({ op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'), path: pointers, from: fc.option(pointers, { nil: undefined }), value: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }) }, { requiredKeys: ['op'] }), { maxLength: 40 });

const kinds = fc.constantFrom('Secret', 'ConfigMap', 'Pod', 'RoleBinding', 'Role', 'ClusterRole', 'Namespace', 'ServiceAccount', 'User', 'Group', 'SelfSubjectAccessReview', 'Status', 'X');
const kubeObject = fc.record({
  apiVersion: fc.constantFrom('v1', 'rbac.authorization.k8s.io/v1', 'iam.gatehouse.dev/v1', 'x/y', ''),
  kind: kinds,
  metadata: fc.record({ name: names, namespace: fc.constantFrom(NS, 'default', 'kube-system', ''), generateName: fc.string({ maxLength: 6 }), labels: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }), annotations: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), finalizers: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), resourceVersion: numberish }, { requiredKeys: [] }),
  type: fc.constantFrom('Opaque', 'kubernetes.io/tls', 'x'),
  immutable: fc.boolean(),
  data: fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.base64String({ maxLength: 16 }), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 }),
  stringData: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 2 }),
  spec: fc.jsonValue({ maxDepth: 4 }),
  roleRef: fc.record({ apiGroup: fc.constantFrom('rbac.authorization.k8s.io', ''), kind: fc.constantFrom('ClusterRole', 'Role'), name: fc.constantFrom('admin', 'cluster-admin', 'developer', 'view', 'x') }),
  subjects: fc.array(fc.record({ kind: fc.constantFrom('User', 'Group', 'ServiceAccount'), name: fc.constantFrom('dev', 'system:masters', 'x'), namespace: fc.constantFrom(NS, '') }), { maxLength: 2 }),
  rules: fc.array(fc.record({ verbs: fc.array(fc.constantFrom('*', 'get', 'escalate', 'bind')), resources: fc.array(fc.constantFrom('*', 'secrets')), apiGroups: fc.constant(['']) }), { maxLength: 2 }),
  username: fc.constantFrom('admin', 'dev', 'x'),
  password: fc.string({ maxLength: 12 }),
}, { requiredKeys: [] });

// Byte-level mutations of a valid document: deletion, insertion, duplication, truncation.
const mutated = fc.tuple(kubeObject, fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'ins', 'dup', 'cut'), fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', '\ud800', 'null', '-', '#', '&a', '*a', '\n  ')), { minLength: 1, maxLength: 6 })).map(([o, muts]) => {
  let t = JSON.stringify(o);
  for (const [at, kind, s] of muts) {
    const i = t.length === 0 ? 0 : at % t.length;
    if (kind === 'del') t = t.slice(0, i) + t.slice(i + 1);
    else if (kind === 'ins') t = t.slice(0, i) + s + t.slice(i);
    else if (kind === 'dup') t = t.slice(0, i) + t.slice(i, i + 20).repeat(3) + t.slice(i);
    else t = t.slice(0, i);
  }
  return t;
});
const yamlish = fc.oneof(
  fc.constantFrom('a: &a [1,2]\nb: [*a,*a,*a]\n', '- - - - x', 'a: b: c', '? [a]\n: b', '%YAML 1.2\n---\na: 1\n---\nb: 2', '!!binary aGVsbG8=', 'a: !!js/function "x"', 'key: |\n  multi\n  line\n', '{a: [}', '&a [*a]'),
  fc.integer({ min: 50, max: 3000 }).map((n) => `${'- '.repeat(n)}x`),
  fc.integer({ min: 50, max: 3000 }).map((n) => `a: ${'['.repeat(n)}`),
);
const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: kubeObject.map((o) => JSON.stringify(o)) },
  { weight: 3, arbitrary: jsonPatch.map((p) => JSON.stringify(p)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: mutated },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: yamlish },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([n, k]) => nestJson(n, k)) },
);
const extraHeaders = fc.dictionary(
  fc.constantFrom('Accept', 'Impersonate-User', 'Impersonate-Group', 'X-Gatehouse-Request', 'Origin', 'Sec-Fetch-Site', 'Cookie', 'If-Match', 'X-Remote-User', 'Accept-Encoding'),
  fc.oneof(fc.constantFrom('application/json;as=Table;v=v1;g=meta.k8s.io', 'application/vnd.kubernetes.protobuf', '*/*', 'admin', 'system:masters', '1', 'https://evil.example', 'cross-site', 'gatehouse_session=x', 'gzip'), fc.stringMatching(/^[\x20-\x7e]{0,30}$/)),
  { maxKeys: 2 },
);

const request: fc.Arbitrary<FuzzRequest> = fc.record({
  user: fc.constantFrom('dev', 'dev', 'dev', 'viewer', 'anonymous', 'bogus', 'admin'),
  method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'PATCH', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
  path, query, contentType: contentTypes, body, headers: extraHeaders,
}).map(({ user, method, path: p, query: q, contentType, body: b, headers }) => {
  const params = new URLSearchParams();
  for (const [k, v] of q) params.append(k, v);
  // The server must outlive the run: deletions are dry runs, and the canary secret is only ever dry-run written.
  const writesTarget = /\/secrets\/target/.test(p) && method !== 'GET' && method !== 'HEAD';
  if ((method === 'DELETE' || writesTarget) && !params.has('dryRun')) params.append('dryRun', 'All');
  if (method === 'DELETE' && user === 'admin') params.set('dryRun', 'All');
  // Watches end after a second.
  if (params.has('watch')) params.set('timeoutSeconds', '1');
  const qs = params.toString();
  const h: Record<string, string> = { ...headers };
  if (b !== undefined && contentType) h['Content-Type'] = contentType;
  return { user, method, path: `${p}${qs ? `?${qs}` : ''}`, headers: h, body: b };
});

// Coherent requests reach past decoding and authorization: a write of the right kind to an object that
// exists, by a subject allowed to make it, with a patch of the type its content type says.
const coherent: fc.Arbitrary<FuzzRequest> = fc.record({
  user: fc.constantFrom('dev', 'dev', 'admin', 'viewer'),
  resource: fc.constantFrom<[string, string, string]>(['configmaps', 'ConfigMap', 'cm'], ['secrets', 'Secret', 'target'], ['serviceaccounts', 'ServiceAccount', 'default']),
  verb: fc.constantFrom('create', 'update', 'merge', 'strategic', 'json', 'apply'),
  object: kubeObject,
  patch: jsonPatch,
  dry: fc.boolean(),
}).map(({ user, resource: [res, kind, existing], verb, object, patch, dry }) => {
  const base = `/api/v1/namespaces/${NS}/${res}`;
  const obj = { ...object, apiVersion: 'v1', kind, metadata: { ...(object.metadata ?? {}), name: verb === 'create' ? object.metadata?.name : existing, namespace: NS } };
  const q = dry || res === 'secrets' || user === 'admin' ? '?dryRun=All' : '';
  switch (verb) {
    case 'create': return { user, method: 'POST', path: `${base}${q}`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) };
    case 'update': return { user, method: 'PUT', path: `${base}/${existing}${q}`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) };
    case 'json': return { user, method: 'PATCH', path: `${base}/${existing}${q}`, headers: { 'Content-Type': 'application/json-patch+json' }, body: JSON.stringify(patch) };
    case 'apply': return { user, method: 'PATCH', path: `${base}/${existing}${q}${q ? '&' : '?'}fieldManager=fuzz`, headers: { 'Content-Type': 'application/apply-patch+yaml' }, body: JSON.stringify(obj) };
    default: return { user, method: 'PATCH', path: `${base}/${existing}${q}`, headers: { 'Content-Type': `application/${verb === 'merge' ? 'merge-patch' : 'strategic-merge-patch'}+json` }, body: JSON.stringify({ ...object, metadata: { labels: object.metadata?.labels, annotations: object.metadata?.annotations } }) };
  }
});

describe('fuzzing the API with generated and mutated requests', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ users: { dev: {}, viewer: {} } });
    await h.admin('POST', '/api/v1/namespaces', { metadata: { name: NS } });
    for (const [name, role, user] of [['devs', 'developer', 'dev'], ['viewers', 'view', 'viewer']]) {
      await h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }] });
    }
    await h.admin('POST', `/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 'target', labels: { a: 'b' } }, stringData: { password: CANARY } });
    await h.admin('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'cm' }, data: { a: 'b' } });
  });
  after(async () => { await h?.stop(); });

  test(`${REQUESTS} requests from seed ${SEED}: no 5xx, no crash, bounded memory, no canary`, { timeout: 10 * 60_000 }, async () => {
    const reqs = fc.sample(fc.oneof({ weight: 3, arbitrary: request }, { weight: 1, arbitrary: coherent }), { seed: SEED, numRuns: REQUESTS });
    const started = Date.now();
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let sent = 0;
    let maxRss = 0;
    let next = 0;
    const worker = async () => {
      while (next < reqs.length) {
        const r = reqs[next++];
        const where = `${r.user} ${r.method} ${r.path.slice(0, 120)} [${r.headers['Content-Type'] ?? ''}] ${JSON.stringify(r.body?.slice(0, 80) ?? null)}`;
        try {
          const res = await h.request(r.user, r.method, r.path, { body: r.body, headers: r.headers, timeoutMs: 30_000 });
          sent++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} ← ${where}: ${res.text.slice(0, 200)}`);
          if (r.user !== 'admin' && leaksIn(`${JSON.stringify(res.headers)}\n${res.text}`, [CANARY]).length > 0) failures.push(`canary leak ← ${where}`);
        } catch (e) {
          sent++;
          failures.push(`${(e as Error).message} ← ${where}`);
        }
        if (sent % 500 === 0) {
          maxRss = Math.max(maxRss, h.rssBytes());
          if (h.server.proc.exitCode !== null) throw new Error(`server exited after ${sent} requests:\n${h.server.output().slice(-2000)}`);
        }
      }
    };
    // A health probe every 200 ms measures how long the event loop was ever unavailable.
    let maxLag = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const t = Date.now();
        const r = await h.request('anonymous', 'GET', '/healthz', { timeoutMs: 60_000 }).catch(() => undefined);
        if (r?.status === 200) maxLag = Math.max(maxLag, Date.now() - t);
        else failures.push('/healthz did not answer 200 during the run');
        await new Promise((res) => setTimeout(res, 200));
      }
    })();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    sampling = false;
    await sampler;
    maxRss = Math.max(maxRss, h.rssBytes());
    const secs = (Date.now() - started) / 1000;
    const summary = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`fuzz: ${sent} requests in ${secs.toFixed(1)} s (seed ${SEED}, concurrency ${CONCURRENCY}); max RSS ${Math.round(maxRss / 1e6)} MB; slowest /healthz ${maxLag} ms; statuses ${summary}; failures ${failures.length}`);
    assert.equal(sent, REQUESTS);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures`);
    await h.alive();
    assert.ok(maxRss < RSS_LIMIT, `max RSS ${Math.round(maxRss / 1e6)} MB`);
    assert.ok(maxLag < LAG_LIMIT_MS, `/healthz took ${maxLag} ms`);
    assertNoLeakInServer(h, [CANARY]);
  });
});
