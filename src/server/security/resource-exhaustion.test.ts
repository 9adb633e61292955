// Adversarial suite, class "resource exhaustion" (issue 11): requests, authenticated or not, that try to
// kill the process, exhaust its memory, block its event loop or reach a 500 — deep nesting in JSON and
// YAML, alias bombs, oversized bodies, JSON patches that grow without bound, quadratic list merges, bad
// paths, bad query values and headers. Each case asserts its 4xx refusal (or a harmless answer), that no
// canary appears in the response, and that the process is alive and answering afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoLeak, assertNoLeakInServer, nestJson, newCanary, startHarness, type Harness } from './harness';

const NS = 'rx';
const CMS = `/api/v1/namespaces/${NS}/configmaps`;
const SECRETS = `/api/v1/namespaces/${NS}/secrets`;
const JSON_PATCH = 'application/json-patch+json';
const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';
const YAML_CT = 'application/yaml';
const LOGIN_HEADERS = { 'X-Gatehouse-Request': '1' };
const CANARY = newCanary('rx');

interface Case {
  name: string;
  user?: string;
  method: string;
  path: string;
  body?: string | Buffer | (() => string | Buffer);
  contentType?: string;
  headers?: Record<string, string>;
  expect: number | number[];
  /** message must match the Status message (e.g. it names the parameter). */
  message?: RegExp;
  /** times sends the request this many times (the YAML OOM needed two). */
  times?: number;
  /** maxMs bounds the wall time of the whole case (event loop not blocked for long). */
  maxMs?: number;
}

// Endpoints that decode a JSON body, as [name, user, method, path, content type, headers, wrap]. `wrap` puts
// the nested value where that endpoint reads it.
type Endpoint = [string, string, string, string, string, Record<string, string>, (v: string) => string];
const JSON_ENDPOINTS: Endpoint[] = [
  ['create configmap', 'dev', 'POST', CMS, 'application/json', {}, (v) => `{"metadata":{"name":"deep"},"data":${v}}`],
  ['create secret', 'dev', 'POST', SECRETS, 'application/json', {}, (v) => `{"metadata":{"name":"deep"},"data":${v}}`],
  ['replace configmap', 'dev', 'PUT', `${CMS}/cm`, 'application/json', {}, (v) => `{"metadata":{"name":"cm"},"data":${v}}`],
  ['merge patch', 'dev', 'PATCH', `${CMS}/cm`, MERGE, {}, (v) => `{"data":${v}}`],
  ['strategic patch', 'dev', 'PATCH', `${CMS}/cm`, STRATEGIC, {}, (v) => `{"metadata":{"labels":${v}}}`],
  ['json patch value', 'dev', 'PATCH', `${CMS}/cm?dryRun=All`, JSON_PATCH, {}, (v) => `[{"op":"add","path":"/data/x","value":${v}}]`],
  ['access review', 'dev', 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'application/json', {}, (v) => `{"spec":{"resourceAttributes":${v}}}`],
  ['login (anonymous)', 'anonymous', 'POST', '/auth/login', 'application/json', LOGIN_HEADERS, (v) => `{"username":${v},"password":"x"}`],
  ['delete options', 'dev', 'DELETE', `${CMS}/cm?dryRun=All`, 'application/json', {}, (v) => `{"preconditions":${v}}`],
];
const YAML_ENDPOINTS: Endpoint[] = [
  ['create configmap (yaml)', 'dev', 'POST', CMS, YAML_CT, {}, (v) => `metadata:\n  name: deep\ndata: ${v}\n`],
  ['apply patch', 'dev', 'PATCH', `${CMS}/cm?fieldManager=t&dryRun=All`, APPLY, {}, (v) => `metadata:\n  name: cm\ndata: ${v}\n`],
  ['login (anonymous, yaml)', 'anonymous', 'POST', '/auth/login', YAML_CT, LOGIN_HEADERS, (v) => `username: ${v}\npassword: x\n`],
];

// YAML nesting written three ways: flow brackets, compact block sequences, and indentation.
const yamlFlow = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
const yamlBlockSeq = (n: number) => `\n${'- '.repeat(n)}x`;
const yamlBlockMap = (n: number) => `\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1`;
const BILLION_LAUGHS = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
const ALIAS_DEPTH = ['a0: &a0 [[[[[[[[[[1]]]]]]]]]]', ...Array.from({ length: 30 }, (_, i) => `a${i + 1}: &a${i + 1} [[[[[[[[[[*a${i}]]]]]]]]]]`)].join('\n');

function nestingCases(): Case[] {
  const out: Case[] = [];
  for (const [name, user, method, path, ct, headers, wrap] of JSON_ENDPOINTS) {
    for (const [shape, depth] of [['array', 5000], ['object', 5000], ['array', 400_000]] as const) {
      // /auth/login reads at most 64 KiB, so the largest body is a 413 there.
      const tooBig = path === '/auth/login' && depth > 10_000;
      out.push({ name: `JSON nested ${depth} (${shape}) → ${name}`, user, method, path, contentType: ct, headers, body: () => wrap(nestJson(depth, shape)), expect: tooBig ? 413 : 400, message: tooBig ? /too large/ : /nested too deeply/ });
    }
    out.push({ name: `JSON nested 101 → ${name}`, user, method, path, contentType: ct, headers, body: () => wrap(nestJson(101)), expect: 400, message: /nested too deeply/ });
  }
  for (const [name, user, method, path, ct, headers, wrap] of YAML_ENDPOINTS) {
    for (const [shape, gen, depth] of [['flow', yamlFlow, 5000], ['flow', yamlFlow, 500_000], ['block sequence', yamlBlockSeq, 5000], ['block sequence', yamlBlockSeq, 1_000_000], ['indentation', yamlBlockMap, 2000]] as const) {
      out.push({ name: `YAML nested ${depth} (${shape}) twice → ${name}`, user, method, path, contentType: ct, headers, body: () => wrap(gen(depth)), expect: [400, 413], times: 2, maxMs: 10_000 });
    }
    out.push({ name: `YAML billion laughs → ${name}`, user, method, path, contentType: ct, headers, body: `${BILLION_LAUGHS}\n`, expect: 400 });
    out.push({ name: `YAML aliases nesting 300 levels → ${name}`, user, method, path, contentType: ct, headers, body: `${ALIAS_DEPTH}\n`, expect: 400 });
  }
  return out;
}

function sizeCases(): Case[] {
  const big = (n: number) => () => JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(n) } });
  return [
    { name: 'body over 3 MiB (Content-Length)', user: 'dev', method: 'POST', path: CMS, body: big(3.2 * 1024 * 1024), headers: { 'Content-Length': String(Buffer.byteLength(big(3.2 * 1024 * 1024)())) }, expect: 413 },
    { name: 'body over 3 MiB (chunked)', user: 'dev', method: 'POST', path: CMS, body: big(3.2 * 1024 * 1024), headers: { 'Transfer-Encoding': 'chunked' }, expect: 413 },
    { name: 'body over 3 MiB, anonymous', user: 'anonymous', method: 'POST', path: CMS, body: big(3.2 * 1024 * 1024), expect: [401, 413] },
    { name: 'patch over 3 MiB', user: 'dev', method: 'PATCH', path: `${CMS}/cm`, contentType: MERGE, body: () => JSON.stringify({ data: { a: 'x'.repeat(3.5 * 1024 * 1024) } }), expect: 413 },
    { name: 'login body over 64 KiB', user: 'anonymous', method: 'POST', path: '/auth/login', headers: LOGIN_HEADERS, body: () => JSON.stringify({ username: 'x'.repeat(100_000), password: 'y' }), expect: 413 },
    { name: 'access review over 3 MiB', user: 'dev', method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body: big(3.2 * 1024 * 1024), expect: 413 },
    { name: 'a 2.5 MiB name', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: `a${'-a'.repeat(1_250_000)}` } }), expect: 422, message: /no more than 253/, maxMs: 10_000 },
    { name: 'a 2.5 MiB label value', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'l', labels: { a: `a${'.a'.repeat(1_250_000)}` } } }), expect: [400, 422], maxMs: 10_000 },
    { name: 'a 2.5 MiB label key', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'l', labels: { [`a${'.a'.repeat(1_250_000)}/b`]: 'x' } } }), expect: [400, 422], maxMs: 10_000 },
    // Annotations: kube-apiserver caps their total size at 256 KiB (keys and values) and wants qualified-name
    // keys, on every kind; without the cap a subject who may write anything stores ~3 MiB of metadata per
    // object, carried by every list, watch and audit event of it.
    { name: 'annotations over 256 KiB (configmap)', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'a', annotations: { a: 'x'.repeat(300 * 1024) } } }), expect: 422, message: /metadata\.annotations: Too long: must have at most 262144 bytes/ },
    { name: 'annotations over 256 KiB in many keys (pod)', user: 'dev', method: 'POST', path: `/api/v1/namespaces/${NS}/pods?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'p', annotations: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, 'x'.repeat(100)])) }, spec: { containers: [{ name: 'c', image: 'i' }] } }), expect: 422, message: /metadata\.annotations: Too long/ },
    { name: 'annotations over 256 KiB by merge patch', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: MERGE, body: () => JSON.stringify({ metadata: { annotations: { a: 'x'.repeat(300 * 1024) } } }), expect: 422, message: /metadata\.annotations: Too long/ },
    { name: 'annotations just under 256 KiB are accepted', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'a', annotations: { a: 'x'.repeat(256 * 1024 - 1) } } }), expect: 201 },
    { name: 'an annotation key that is no qualified name', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'a', annotations: { 'bad key\n': 'x' } } }), expect: 422, message: /metadata\.annotations/ },
    { name: 'a 2.5 MiB annotation key', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'a', annotations: { [`a${'.a'.repeat(1_250_000)}/b`]: 'x' } } }), expect: 422, maxMs: 10_000 },
    { name: 'a 2.5 MiB namespace in the URL-less body', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'l', namespace: 'n'.repeat(2_500_000) } }), expect: 400, maxMs: 10_000 },
    { name: 'a 2.5 MiB image name in a pod', user: 'dev', method: 'POST', path: `/api/v1/namespaces/${NS}/pods?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: `i${':a'.repeat(1_250_000)}` }] } }), expect: [201, 400, 403, 422], maxMs: 10_000 },
    // Linear work (≈3 s on a quiet 2-core machine: admission, field ownership and audit walk every
    // container); the bound catches a super-linear path, not speed (that is `npm run bench`'s job).
    { name: '20k pod containers', user: 'dev', method: 'POST', path: `/api/v1/namespaces/${NS}/pods?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'p' }, spec: { containers: Array.from({ length: 20_000 }, (_, i) => ({ name: `c${i}`, image: 'i', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'password' } } }] })) } }), expect: [201, 400, 403, 422], maxMs: 20_000 },
    { name: 'an access review of a 1 MiB resource name', user: 'dev', method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body: () => JSON.stringify({ spec: { resourceAttributes: { verb: 'get', resource: 'secrets', namespace: NS, name: 'n'.repeat(1 << 20) } } }), expect: [201, 400, 422], maxMs: 10_000 },
    { name: 'a flat 2.5 MiB array body', user: 'dev', method: 'POST', path: CMS, body: () => `{"metadata":{"name":"flat"},"data":{"a":"b"},"x":[${Array(1_200_000).fill('1').join(',')}]}`, expect: [201, 400, 422], maxMs: 20_000 },
    { name: 'a flat YAML list of 300k items (too many values)', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, contentType: YAML_CT, body: () => `metadata:\n  name: flaty\nx:\n${'- 1\n'.repeat(300_000)}`, expect: 400, message: /too many values/, maxMs: 20_000 },
    { name: 'a flat YAML list of 40k items', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, contentType: YAML_CT, body: () => `metadata:\n  name: flaty\nx:\n${'- 1\n'.repeat(40_000)}`, expect: [201, 400, 422], maxMs: 20_000 },
    { name: 'a flat YAML flow list of 300k items', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, contentType: YAML_CT, body: () => `metadata:\n  name: flaty\nx: [${Array(300_000).fill('1').join(',')}]\n`, expect: 400, message: /too many values/, maxMs: 20_000 },
    { name: 'a 2.5 MiB JSON body sent as YAML (kubectl apply --server-side)', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All&fieldManager=t`, contentType: APPLY, body: () => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 'v'.repeat(10)])) }), expect: 200, maxMs: 10_000 },
  ];
}

function patchCases(): Case[] {
  // The issue's 2.8 KB patch: each copy doubles /data.
  const doubling = (from: string, to: (i: number) => string, n = 60) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ op: 'copy', from, path: to(i) })));
  return [
    { name: 'json patch: 10001 operations', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: JSON_PATCH, body: () => JSON.stringify(Array.from({ length: 10_001 }, () => ({ op: 'add', path: '/data/a', value: 'b' }))), expect: 413, message: /maximum operations/ },
    { name: 'json patch: repeated copy doubling (dryRun)', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: JSON_PATCH, body: () => doubling('/metadata', (i) => `/metadata/annotations/c${i}`), expect: [413, 422], maxMs: 10_000 },
    { name: 'json patch: copy the root into itself repeatedly', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: JSON_PATCH, body: () => doubling('', (i) => `/metadata/x${i}`), expect: [400, 413, 422], maxMs: 10_000 },
    { name: 'json patch: copy into data doubling', user: 'dev', method: 'PATCH', path: `${CMS}/cm`, contentType: JSON_PATCH, body: () => JSON.stringify([{ op: 'add', path: '/data/d', value: 'x'.repeat(1000) }, ...Array.from({ length: 40 }, (_, i) => ({ op: 'copy', from: '/data', path: `/metadata/labels/k${i}` }))]), expect: [413, 422], maxMs: 10_000 },
    { name: 'json patch: copies nesting deeper than 100', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: JSON_PATCH, body: () => JSON.stringify([{ op: 'add', path: '/metadata/annotations', value: {} }, ...Array.from({ length: 200 }, () => ({ op: 'copy', from: '/metadata/annotations', path: '/metadata/annotations/n' }))]), expect: [400, 413, 422] },
    { name: 'json patch: copy doubling on a secret by a non-reader', user: 'dev', method: 'PATCH', path: `${SECRETS}/s?dryRun=All`, contentType: JSON_PATCH, body: () => doubling('/data', (i) => `/metadata/annotations/c${i}`), expect: 403 },
    { name: 'json patch: 10000 test operations', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: JSON_PATCH, body: () => JSON.stringify(Array.from({ length: 10_000 }, () => ({ op: 'test', path: '/metadata/name', value: 'cm' }))), expect: 200, maxMs: 10_000 },
    { name: 'json patch: 10000 adds to the front of a list', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: JSON_PATCH, body: () => JSON.stringify([{ op: 'add', path: '/metadata/finalizers', value: [] }, ...Array.from({ length: 9_999 }, (_, i) => ({ op: 'add', path: '/metadata/finalizers/0', value: `f${i}` }))]), expect: [200, 422], maxMs: 10_000 },
    { name: 'strategic: 200k finalizers (set union)', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: STRATEGIC, body: () => JSON.stringify({ metadata: { finalizers: Array.from({ length: 200_000 }, (_, i) => `a/${i}`) } }), expect: [200, 400, 422], maxMs: 20_000 },
    { name: 'strategic: $deleteFromPrimitiveList with 200k items', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: STRATEGIC, body: () => JSON.stringify({ metadata: { '$deleteFromPrimitiveList/finalizers': Array.from({ length: 200_000 }, (_, i) => `a/${i}`) } }), expect: [200, 400, 422], maxMs: 20_000 },
    { name: 'strategic: $setElementOrder with 200k items', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: STRATEGIC, body: () => JSON.stringify({ metadata: { finalizers: Array.from({ length: 1000 }, (_, i) => `a/${i}`), '$setElementOrder/finalizers': Array.from({ length: 200_000 }, (_, i) => `b/${i}`) } }), expect: [200, 400, 422], maxMs: 20_000 },
    { name: 'strategic: 40k owner references (keyed merge)', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: STRATEGIC, body: () => JSON.stringify({ metadata: { ownerReferences: Array.from({ length: 40_000 }, (_, i) => ({ uid: `u${i}`, kind: 'P', name: `p${i}` })) } }), expect: [200, 400, 422], maxMs: 20_000 },
    { name: 'merge patch: 200k keys', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: MERGE, body: () => JSON.stringify({ data: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, 'v'])) }), expect: [200, 400, 413, 422], maxMs: 20_000 },
  ];
}

function pathCases(): Case[] {
  const paths: [string, number | number[]][] = [
    ['/%00', 400], ['/%00.js', 400], ['/assets/%00', 400], ['/api/v1/namespaces/%00/configmaps', 400], [`${CMS}/%00`, 400], ['/apis/%00/v1', 400],
    ['/%ZZ', 400], ['/api/%E0%A4%A', 400], [`${CMS}/%`, 400], ['/apis/%C0%AF/v1', 400], ['/%0a', 400], ['/api/v1/namespaces/rx%0d%0aX:1/configmaps', 400],
    ['/..%2f..%2f..%2fetc%2fpasswd', [200, 404]], ['/api/v1/namespaces/rx/configmaps/..', [200, 400, 404]], ['/api/v1/namespaces/../configmaps', [400, 403, 404]],
    [`/api/v1/namespaces/${'x'.repeat(4000)}/configmaps`, [403, 404]], ['/apis/%20/v1/x', [403, 404]], ['//api//v1//namespaces', [200, 403, 404]],
  ];
  return paths.map(([p, expect]) => ({ name: `path ${p.slice(0, 60)}`, user: 'dev', method: 'GET', path: p, expect }));
}

// Since every storage returns its answer and one writer writes it (issue 12), the requests a storage does
// not serve must still end in a Status: a watch of what cannot be watched, verbs a subresource lacks, a
// subresource its resource lacks, HEAD and OPTIONS. [name, user, method, path, expected, message, body, content type]
function verbCases(): Case[] {
  const PODS = `/api/v1/namespaces/${NS}/pods`;
  const DEPLOY = `/apis/apps/v1/namespaces/${NS}/deployments`;
  const c: [string, string, string, string, number | number[], RegExp?, string?, string?][] = [
    ['watch an access review', 'admin', 'GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews?watch=1', 405],
    ['watch grant reviews', 'admin', 'GET', '/apis/iam.gatehouse.dev/v1/grantreviews?watch=1', 405],
    ['watch project requests', 'admin', 'GET', '/apis/project.gatehouse.dev/v1/projectrequests?watch=1', 405],
    ['watch a user\'s password', 'admin', 'GET', '/apis/iam.gatehouse.dev/v1/users/admin/password?watch=1', 405],
    ['watch a service account token', 'admin', 'GET', `/api/v1/namespaces/${NS}/serviceaccounts/default/token?watch=1`, 405],
    ['watch a pod binding', 'admin', 'GET', `${PODS}/vp/binding?watch=1`, 405],
    ['watch a scale', 'dev', 'GET', `${DEPLOY}/vd/scale?watch=1`, 405],
    ['watch ephemeral containers', 'admin', 'GET', `${PODS}/vp/ephemeralcontainers?watch=1`, 405],
    ['delete ephemeral containers', 'admin', 'DELETE', `${PODS}/vp/ephemeralcontainers`, 405],
    ['create on ephemeral containers', 'admin', 'POST', `${PODS}/vp/ephemeralcontainers`, 405, undefined, '{}'],
    ['delete a scale', 'dev', 'DELETE', `${DEPLOY}/vd/scale`, 405],
    ['create on a scale', 'dev', 'POST', `${DEPLOY}/vd/scale`, 405, undefined, '{}'],
    ['apply a scale', 'dev', 'PATCH', `${DEPLOY}/vd/scale`, 415, /merge/, '{"spec":{"replicas":1}}', APPLY],
    ['a scale of null', 'dev', 'PUT', `${DEPLOY}/vd/scale`, 422, /spec\.replicas/, 'null'],
    ['a scale patch that is no JSON', 'dev', 'PATCH', `${DEPLOY}/vd/scale`, 400, undefined, 'not json', MERGE],
    ['watch secret summaries from a bad resourceVersion', 'dev', 'GET', `/apis/security.gatehouse.dev/v1/namespaces/${NS}/secretsummaries?watch=1&resourceVersion=abc`, 400, /resource ?version/i],
    ['watch projects from a bad resourceVersion', 'dev', 'GET', '/apis/project.gatehouse.dev/v1/projects?watch=1&resourceVersion=abc', 400, /resource ?version/i],
    ['watch audit events from a bad resourceVersion', 'admin', 'GET', '/apis/audit.gatehouse.dev/v1/auditevents?watch=1&resourceVersion=abc', 400, /resource ?version/i],
    ['an unknown subresource of a config map', 'admin', 'GET', `${CMS}/cm/x`, 404, /could not find the requested resource/],
    ['scale of a config map', 'admin', 'GET', `${CMS}/cm/scale`, 404, /could not find the requested resource/],
    ['status of a config map', 'admin', 'GET', `${CMS}/cm/status`, 404, /could not find the requested resource/],
    ['scale of a pod', 'admin', 'GET', `${PODS}/vp/scale`, 404, /could not find the requested resource/],
    ['log of a config map', 'admin', 'GET', `${CMS}/cm/log`, 404, /could not find the requested resource/],
    ['log of a missing pod', 'admin', 'GET', `${PODS}/nope/log`, 404, /pods "nope" not found/],
    ['HEAD a collection', 'dev', 'HEAD', CMS, 200],
    ['HEAD a scale', 'dev', 'HEAD', `${DEPLOY}/vd/scale`, 200],
    ['HEAD a watch', 'dev', 'HEAD', `${CMS}?watch=1&timeoutSeconds=1`, 200],
    ['OPTIONS a collection', 'admin', 'OPTIONS', CMS, 405],
    ['OPTIONS an object', 'admin', 'OPTIONS', `${CMS}/cm`, 405],
    ['OPTIONS by a subject without its verb', 'dev', 'OPTIONS', CMS, 403],
  ];
  return c.map(([name, user, method, path, expect, message, body, contentType]) => ({ name: `verb: ${name}`, user, method, path, expect, message, body, contentType }));
}

function queryCases(): Case[] {
  const q: [string, string, string, number | number[], RegExp?][] = [
    ['limit of 20 digits', 'GET', `${CMS}?limit=99999999999999999999`, 400, /limit/],
    ['limit 1e3', 'GET', `${CMS}?limit=1e3`, 400, /limit/],
    ['limit abc', 'GET', `${CMS}?limit=abc`, 400, /limit/],
    ['limit -1', 'GET', `${CMS}?limit=-1`, 400, /limit/],
    ['limit 1.5', 'GET', `${CMS}?limit=1.5`, 400, /limit/],
    ['limit huge but valid', 'GET', `${CMS}?limit=999999999999999999`, 200],
    ['watch timeoutSeconds abc', 'GET', `${CMS}?watch=true&timeoutSeconds=abc`, 400, /timeoutSeconds/],
    ['watch timeoutSeconds -1', 'GET', `${CMS}?watch=true&timeoutSeconds=-1`, 400, /timeoutSeconds/],
    ['watch timeoutSeconds 1e309', 'GET', `${CMS}?watch=true&timeoutSeconds=1e309`, 400, /timeoutSeconds/],
    ['watch timeout abc', 'GET', `${CMS}?watch=true&timeout=abc`, 400, /timeout/],
    ['watch resourceVersion abc', 'GET', `${CMS}?watch=true&resourceVersion=abc`, 400, /resource ?version/i],
    ['watch resourceVersion 20 digits', 'GET', `${CMS}?watch=true&timeoutSeconds=1&resourceVersion=99999999999999999999`, [200, 400, 410]],
    ['delete gracePeriodSeconds abc', 'DELETE', `${CMS}/cm?dryRun=All&gracePeriodSeconds=abc`, 400, /gracePeriodSeconds/],
    ['delete gracePeriodSeconds 20 digits', 'DELETE', `${CMS}/cm?dryRun=All&gracePeriodSeconds=99999999999999999999`, 400, /gracePeriodSeconds/],
    ['delete gracePeriodSeconds 1e400', 'DELETE', `${CMS}/cm?dryRun=All&gracePeriodSeconds=1e400`, 400, /gracePeriodSeconds/],
    ['dryRun bogus', 'DELETE', `${CMS}/cm?dryRun=Bogus`, 400],
    ['fieldValidation bogus', 'PUT', `${CMS}/cm?fieldValidation=Bogus`, 400],
    ['labelSelector of 2000 parens', 'GET', `${CMS}?labelSelector=${'('.repeat(2000)}`, 400],
    ['labelSelector of 3000 terms', 'GET', `${CMS}?labelSelector=${Array.from({ length: 3000 }, (_, i) => `k${i}`).join(',')}`, [200, 400, 431]],
    ['fieldSelector garbage', 'GET', `${CMS}?fieldSelector=${'%3D'.repeat(500)}`, 400],
    ['continue garbage', 'GET', `${CMS}?limit=1&continue=%25%25%25`, 400],
    ['continue of a deep JSON', 'GET', `${CMS}?limit=1&continue=${Buffer.from(nestJson(2000)).toString('base64url')}`, 400],
    ['continue with huge rv', 'GET', `${CMS}?limit=1&continue=${Buffer.from(JSON.stringify({ v: 1, rv: 1e308, ns: 'rx', name: 'a' })).toString('base64url')}`, [200, 400, 410]],
    ['watch with a bad bookmark flag', 'GET', `${CMS}?watch=true&timeoutSeconds=1&allowWatchBookmarks=%00`, [200, 400]],
    ['audit events with a bad limit', 'GET', `/apis/audit.gatehouse.dev/v1/auditevents?limit=99999999999999999999`, [400, 403]],
    ['secret summaries with a bad limit', 'GET', `/apis/security.gatehouse.dev/v1/namespaces/${NS}/secretsummaries?limit=99999999999999999999`, 400, /limit/],
    ['secret summaries with a bad continue', 'GET', `/apis/security.gatehouse.dev/v1/namespaces/${NS}/secretsummaries?limit=1&continue=%00`, 400],
    ['projects with a bad limit', 'GET', '/apis/project.gatehouse.dev/v1/projects?limit=abc', [200, 400]],
  ];
  return q.map(([name, method, path, expect, message]) => ({ name: `query: ${name}`, user: 'dev', method, path, expect, message }));
}

// Upstream's ConfigMap/Secret data rules (IsConfigMapKey, MaxSecretSize): a 422 naming the field, never
// the value, and linear however many keys come.
function dataRuleCases(): Case[] {
  const MiB = 1024 * 1024;
  const cm = (data: unknown, extra: Record<string, unknown> = {}) => () => JSON.stringify({ metadata: { name: 'rules' }, data, ...extra });
  const b64 = (bytes: number) => Buffer.alloc(bytes, 'x').toString('base64');
  const KEY_FORMAT = /data\[a\/b\]: Invalid value: "a\/b": a valid config key must consist of alphanumeric characters, '-', '_' or '\.' \(e\.g\. 'key\.name', {2}or 'KEY_NAME', {2}or 'key-name', regex used for validation is '\[-\._a-zA-Z0-9\]\+'\)/;
  const TOO_LONG = /data: Too long: must have at most 1048576 bytes/;
  return [
    { name: 'configmap key with a slash', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ 'a/b': 'x' }), expect: 422, message: KEY_FORMAT },
    { name: 'configmap key of 254 characters', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ ['k'.repeat(254)]: 'x' }), expect: 422, message: /data\[k{64}\.\.\.\]: Invalid value: "k{64}\.\.\.": must be no more than 253 characters/ },
    { name: 'configmap key of 253 characters', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ ['k'.repeat(253)]: 'x' }), expect: 201 },
    { name: "configmap key '..'", user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ '..': 'x' }), expect: 422, message: /data\[\.\.\]: Invalid value: "\.\.": must not be '\.\.'/ },
    { name: "configmap key starting with '..'", user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ '..data': 'x' }), expect: 422, message: /must not start with '\.\.'/ },
    { name: 'configmap binaryData key with a space', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm(undefined, { binaryData: { 'a b': 'eA==' } }), expect: 422, message: /binaryData\[a b\]: Invalid value: "a b": a valid config key/ },
    { name: 'configmap key in data and binaryData', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ k: 'x' }, { binaryData: { k: 'eA==' } }), expect: 422, message: /binaryData\[k\]: Invalid value: "k": duplicate of key present in data/ },
    { name: 'configmap data of exactly 1 MiB', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ a: 'x'.repeat(MiB - 1), b: 'y' }), expect: 201, maxMs: 10_000 },
    { name: 'configmap data of 1 MiB + 1 byte', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ a: 'x'.repeat(MiB), b: 'y' }), expect: 422, message: TOO_LONG, maxMs: 10_000 },
    { name: 'configmap data counted in UTF-8 bytes', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ a: 'é'.repeat(MiB / 2 + 1) }), expect: 422, message: TOO_LONG, maxMs: 10_000 },
    { name: 'configmap data + binaryData over 1 MiB', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm({ a: 'x'.repeat(MiB / 2) }, { binaryData: { b: b64(MiB / 2 + 1) } }), expect: 422, message: TOO_LONG, maxMs: 10_000 },
    { name: 'merge patch growing a configmap past 1 MiB', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: MERGE, body: () => JSON.stringify({ data: { big: 'x'.repeat(MiB) } }), expect: 422, message: TOO_LONG, maxMs: 10_000 },
    { name: 'replace of a configmap with a bad key', user: 'dev', method: 'PUT', path: `${CMS}/cm?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'cm' }, data: { 'a/b': 'x' } }), expect: 422, message: KEY_FORMAT },
    { name: 'merge patch: 200k bad keys (a bounded Status)', user: 'dev', method: 'PATCH', path: `${CMS}/cm?dryRun=All`, contentType: MERGE, body: () => JSON.stringify({ data: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k/${i}`, 'v'])) }), expect: 422, message: /^(?!.*"k\/16")ConfigMap "cm" is invalid: \[data\[k\/0\]: Invalid value: "k\/0": a valid config key.*data\[k\/15\]: Invalid value: "k\/15": a valid config key/, maxMs: 20_000 },
    { name: 'secret stringData over 1 MiB (the value never echoed)', user: 'dev', method: 'POST', path: `${SECRETS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'big' }, stringData: { password: `${CANARY}${'x'.repeat(MiB)}` } }), expect: 422, message: TOO_LONG, maxMs: 10_000 },
    { name: 'secret data over 1 MiB (decoded bytes)', user: 'dev', method: 'POST', path: `${SECRETS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'big' }, data: { a: b64(MiB + 1) } }), expect: 422, message: TOO_LONG, maxMs: 10_000 },
    { name: 'secret data of exactly 1 MiB (decoded bytes)', user: 'dev', method: 'POST', path: `${SECRETS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'big' }, data: { a: b64(MiB) } }), expect: 201, maxMs: 10_000 },
    { name: 'secret stringData replacing a data entry counts once', user: 'dev', method: 'POST', path: `${SECRETS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'big' }, data: { a: b64(MiB) }, stringData: { a: CANARY } }), expect: 201, maxMs: 10_000 },
    { name: 'secret key of 254 characters', user: 'dev', method: 'POST', path: `${SECRETS}?dryRun=All`, body: () => JSON.stringify({ metadata: { name: 'k' }, stringData: { ['k'.repeat(254)]: CANARY } }), expect: 422, message: /stringData\[k{64}\.\.\.\]: Invalid value: "k{64}\.\.\.": must be no more than 253 characters/ },
  ];
}

function headerCases(): Case[] {
  const cm = JSON.stringify({ metadata: { name: 'h' } });
  return [
    { name: 'content type garbage', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm, contentType: 'application/x-evil', expect: 415 },
    { name: 'content type with parameters', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: cm, contentType: 'application/json; charset=utf-16; x=y', expect: 201 },
    { name: 'protobuf garbage', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a]), contentType: 'application/vnd.kubernetes.protobuf', expect: [400, 415] },
    { name: 'protobuf of 3000 nested messages', user: 'dev', method: 'POST', path: `${CMS}?dryRun=All`, body: Buffer.concat([Buffer.from('k8s\0'), Buffer.alloc(6000, 0x0a)]), contentType: 'application/vnd.kubernetes.protobuf', expect: [400, 415] },
    { name: 'accept garbage', user: 'dev', method: 'GET', path: CMS, headers: { Accept: 'x/y;;;=,,,' }, expect: [200, 406] },
    { name: 'a 10 KB bearer token', user: 'anonymous', method: 'GET', path: CMS, headers: { Authorization: `Bearer ${'a'.repeat(10_000)}` }, expect: 401 },
    { name: 'basic auth', user: 'anonymous', method: 'GET', path: CMS, headers: { Authorization: 'Basic YTpi' }, expect: 401 },
    { name: 'a forged JWT', user: 'anonymous', method: 'GET', path: CMS, headers: { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }, expect: 401 },
    { name: 'a garbage session cookie', user: 'anonymous', method: 'GET', path: CMS, headers: { Cookie: `gatehouse_session=${'%'.repeat(3000)}` }, expect: 401 },
    { name: 'impersonation of 500 groups', user: 'dev', method: 'GET', path: CMS, headers: { 'Impersonate-User': 'x', 'Impersonate-Group': Array(500).fill('g').join(',') }, expect: 403 },
    { name: 'a 12 KB header', user: 'dev', method: 'GET', path: CMS, headers: { 'X-Junk': 'j'.repeat(12_000) }, expect: [200, 431] },
    { name: 'login with a YAML body and no CSRF header', user: 'anonymous', method: 'POST', path: '/auth/login', contentType: YAML_CT, body: yamlFlow(5000), expect: 403 },
    { name: 'login with a JSON array', user: 'anonymous', method: 'POST', path: '/auth/login', headers: LOGIN_HEADERS, body: '[1,2,3]', expect: 400 },
    { name: 'login with a number password', user: 'anonymous', method: 'POST', path: '/auth/login', headers: LOGIN_HEADERS, body: '{"username":"admin","password":1e400}', expect: 400 },
    { name: 'method PROPFIND', user: 'dev', method: 'PROPFIND', path: CMS, expect: [400, 403, 405] },
  ];
}

describe('resource exhaustion: no request kills, starves or 500s the server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ users: { dev: {} } });
    await h.admin('POST', '/api/v1/namespaces', { metadata: { name: NS } });
    await h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'devs' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
    });
    await h.admin('POST', CMS, { metadata: { name: 'cm' }, data: { a: 'b' } });
    await h.admin('POST', SECRETS, { metadata: { name: 's' }, stringData: { password: CANARY } });
    await h.admin('POST', `/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'vp' }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    await h.admin('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, { metadata: { name: 'vd' }, spec: { replicas: 0, selector: { matchLabels: { a: 'd' } }, template: { metadata: { labels: { a: 'd' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });
  });
  after(async () => { await h?.stop(); });

  const cases = [...nestingCases(), ...sizeCases(), ...dataRuleCases(), ...patchCases(), ...pathCases(), ...verbCases(), ...queryCases(), ...headerCases()];
  for (const c of cases) {
    test(c.name, async () => {
      const body = typeof c.body === 'function' ? c.body() : c.body;
      const started = Date.now();
      for (let i = 0; i < (c.times ?? 1); i++) {
        const r = await h.request(c.user ?? 'dev', c.method, c.path, { body, contentType: c.contentType, headers: c.headers, timeoutMs: c.maxMs ?? 15_000 });
        assert.ok(r.status < 500, `a ${r.status}: ${r.text.slice(0, 300)}`);
        const want = Array.isArray(c.expect) ? c.expect : [c.expect];
        assert.ok(want.includes(r.status), `status ${r.status}, want ${want.join('|')}: ${r.text.slice(0, 300)}`);
        if (r.status >= 400 && r.status !== 431 && c.method !== 'HEAD') assert.equal(r.body?.kind, 'Status', `a Status body: ${r.text.slice(0, 200)}`);
        if (c.message) assert.match(String(r.body?.message), c.message);
        assertNoLeak(r, [CANARY]);
      }
      assert.ok(Date.now() - started < (c.maxMs ?? 15_000), `took ${Date.now() - started} ms`);
      await h.alive();
    });
  }

  // A body of many bad keys is refused with a Status of bounded size: without a cap each key became a
  // cause, and 100k bad annotation (or label) keys in a 2 MB body made a 17 MB answer, audit event included.
  for (const field of ['annotations', 'labels'] as const) {
    test(`100k bad ${field} keys: a 422 of bounded size`, async () => {
      const body = JSON.stringify({ metadata: { name: 'many', [field]: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`bad key ${i}`, 'x'])) } });
      const r = await h.request('dev', 'POST', `${CMS}?dryRun=All`, { body, timeoutMs: 15_000 });
      assert.equal(r.status, 422, r.text.slice(0, 300));
      assert.match(r.body.message, new RegExp(`metadata\\.${field}`));
      assert.ok(r.text.length < 64 * 1024, `a ${r.text.length}-byte Status`);
      await h.alive();
    });
  }

  test('memory stayed bounded and nothing leaked to the output or the audit log', () => {
    const rss = h.rssBytes();
    assert.ok(rss < 1024 * 1024 * 1024, `RSS ${Math.round(rss / 1e6)} MB`);
    assertNoLeakInServer(h, [CANARY]);
    assert.doesNotMatch(h.server.output(), /Internal error|request failed|heap out of memory/);
  });
});
