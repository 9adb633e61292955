// Adversarial suite, class "secret exfiltration" (issue 11): a subject that may write secrets but not
// `get` them (a developer) tries every write path — create, update, merge/strategic/JSON patch, apply,
// with and without dryRun — and the read paths, to learn an existing secret value. Each case asserts the
// refusal (or the harmless answer) and that no canary, nor its base64, appears in the response; at the
// end, none in the server's output, its audit log or the stored audit events either.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoLeak, assertNoLeakInServer, newCanary, startHarness, type Harness } from './harness';

const NS = 'sec';
const SECRETS = `/api/v1/namespaces/${NS}/secrets`;
const JSON_PATCH = 'application/json-patch+json';
const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

// `reader` marks the positive controls made by a subject that may get the secret (the values are theirs to see).
interface Case { name: string; reader?: boolean; user?: string; method: string; path: string; body?: unknown; contentType?: string; headers?: Record<string, string>; expect: number | number[] }

const C = { password: newCanary('pw'), token: newCanary('tok'), frozen: newCanary('frz'), oracle: newCanary('orc'), applied: newCanary('apl') };
const CANARIES = Object.values(C);
// ECHO is the value of a secret whose guesses the attacker sends (so it appears in requests, not a leak).
const ECHO = newCanary('echo').toLowerCase();
const b64 = (s: string) => Buffer.from(s).toString('base64');
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const PARTIAL = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';
const PARTIAL_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const PARTIAL_V1BETA1 = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1beta1';
const SUMMARIES = `/apis/security.gatehouse.dev/v1/namespaces/${NS}/secretsummaries`;

// Where a copied value would come back: returned fields, and fields whose validation error could quote it.
const DESTINATIONS = [
  '/metadata/annotations/leak', '/metadata/labels/leak', '/metadata/generateName', '/metadata/finalizers', '/metadata/finalizers/0',
  '/metadata/ownerReferences', '/metadata/name', '/metadata/namespace', '/kind', '/apiVersion', '/type', '/metadata/resourceVersion',
  '/metadata/uid', '/immutable', '/stringData', '/data/leak', '/metadata/labels', '/metadata/annotations',
];
const SOURCES = ['/data/password', '/data'];

function jsonPatchCases(): Case[] {
  const out: Case[] = [];
  for (const op of ['copy', 'move'] as const) {
    for (const from of SOURCES) {
      for (const to of DESTINATIONS) {
        for (const dry of [true, false]) {
          if (!dry && op === 'move' && from === '/data') continue; // covered by the dry-run twin; keeps the target intact
          out.push({ name: `json patch ${op} ${from} → ${to}${dry ? ' (dryRun)' : ''}`, method: 'PATCH', path: `${SECRETS}/target${dry ? '?dryRun=All' : ''}`, body: [{ op, from, path: to }], contentType: JSON_PATCH, expect: 403 });
        }
      }
    }
  }
  // A read op hidden behind harmless ones, and `test` ops (whose failure message used to quote the value).
  out.push(
    { name: 'json patch: copy after a harmless add', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'add', path: '/metadata/labels/x', value: 'y' }, { op: 'copy', from: '/data/token', path: '/metadata/labels/x' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: test /data/password with a wrong value', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'test', path: '/data/password', value: 'x' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: test /data/password with the right value (oracle)', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'test', path: '/data/password', value: b64(C.password) }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: test /data with an object', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'test', path: '/data', value: {} }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: test the whole document', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'test', path: '', value: {} }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: test a label', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'test', path: '/metadata/labels/app', value: 'nope' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: move the document root', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'move', from: '', path: '/metadata/annotations/leak' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: copy the root into data', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'copy', from: '', path: '/data/all' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: copy from the immutable secret', method: 'PATCH', path: `${SECRETS}/frozen?dryRun=All`, body: [{ op: 'copy', from: '/data/password', path: '/metadata/annotations/leak' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: copy with an escaped pointer', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'copy', from: '/data/password', path: '/metadata/annotations/a~1b' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'json patch: add/replace/remove only (no read) is allowed', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'add', path: '/metadata/labels/x', value: 'y' }, { op: 'replace', path: '/data/token', value: b64('new') }], contentType: JSON_PATCH, expect: 200 },
    { name: 'json patch: replace a missing key names no value', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'replace', path: '/data/absent', value: b64('x') }], contentType: JSON_PATCH, expect: 422 },
    { name: 'json patch: add under a string value', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'add', path: '/data/password/x', value: 'x' }], contentType: JSON_PATCH, expect: 422 },
    { name: 'json patch: a reader may copy (positive control)', reader: true, user: 'owner', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'copy', from: '/data/password', path: '/data/copy' }], contentType: JSON_PATCH, expect: 200 },
  );
  return out;
}

function otherWriteCases(): Case[] {
  const s = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'target' }, type: 'Opaque', ...extra });
  return [
    // merge / strategic / apply patches cannot point at existing values; their answers must carry none.
    ...[MERGE, STRATEGIC].flatMap((ct) => [true, false].flatMap((dry) => [
      { name: `${ct.split('/')[1]}: add an annotation${dry ? ' (dryRun)' : ''}`, method: 'PATCH', path: `${SECRETS}/target${dry ? '?dryRun=All' : ''}`, body: { metadata: { annotations: { note: 'x' } } }, contentType: ct, expect: 200 },
      { name: `${ct.split('/')[1]}: invalid data key${dry ? ' (dryRun)' : ''}`, method: 'PATCH', path: `${SECRETS}/target${dry ? '?dryRun=All' : ''}`, body: { data: { 'bad key!': b64('x') } }, contentType: ct, expect: 422 },
      { name: `${ct.split('/')[1]}: wrong type of data${dry ? ' (dryRun)' : ''}`, method: 'PATCH', path: `${SECRETS}/target${dry ? '?dryRun=All' : ''}`, body: { data: 'x' }, contentType: ct, expect: 422 },
      { name: `${ct.split('/')[1]}: change the type${dry ? ' (dryRun)' : ''}`, method: 'PATCH', path: `${SECRETS}/target${dry ? '?dryRun=All' : ''}`, body: { type: 'kubernetes.io/tls' }, contentType: ct, expect: 422 },
      { name: `${ct.split('/')[1]}: rename${dry ? ' (dryRun)' : ''}`, method: 'PATCH', path: `${SECRETS}/target${dry ? '?dryRun=All' : ''}`, body: { metadata: { name: 'other' } }, contentType: ct, expect: 400 },
    ])),
    { name: 'strategic: $retainKeys on data', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: { data: { $retainKeys: ['password'] } }, contentType: STRATEGIC, expect: [200, 422] },
    { name: 'strategic: $setElementOrder on finalizers', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: { metadata: { $setElementOrder_finalizers: ['a'] } }, contentType: STRATEGIC, expect: [200, 400, 422] },
    { name: 'apply: annotations only (dryRun)', method: 'PATCH', path: `${SECRETS}/target?dryRun=All&fieldManager=t`, body: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: target\n  annotations:\n    a: b\n', contentType: APPLY, expect: 200 },
    { name: 'apply: wrong kind', method: 'PATCH', path: `${SECRETS}/target?dryRun=All&fieldManager=t`, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: target\n', contentType: APPLY, expect: 400 },
    { name: 'apply: creates a new secret (dryRun)', method: 'PATCH', path: `${SECRETS}/fresh?dryRun=All&fieldManager=t`, body: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: fresh\nstringData:\n  a: b\n', contentType: APPLY, expect: 201 },
    // update (PUT)
    { name: 'put: replace data (dryRun)', method: 'PUT', path: `${SECRETS}/target?dryRun=All`, body: s({ data: { password: b64('guess') } }), expect: 200 },
    { name: 'put: stale resourceVersion', method: 'PUT', path: `${SECRETS}/target?dryRun=All`, body: s({ metadata: { name: 'target', resourceVersion: '1' } }), expect: 409 },
    { name: 'put: change the type', method: 'PUT', path: `${SECRETS}/target?dryRun=All`, body: s({ type: 'kubernetes.io/tls' }), expect: 422 },
    { name: 'put: name mismatch', method: 'PUT', path: `${SECRETS}/target?dryRun=All`, body: s({ metadata: { name: 'other' } }), expect: 400 },
    { name: 'put: kind mismatch', method: 'PUT', path: `${SECRETS}/target?dryRun=All`, body: s({ kind: 'ConfigMap' }), expect: 400 },
    { name: 'put: unknown field, Strict', method: 'PUT', path: `${SECRETS}/target?dryRun=All&fieldValidation=Strict`, body: s({ bogus: 1 }), expect: 400 },
    // create
    { name: 'create: the same name', method: 'POST', path: `${SECRETS}?dryRun=All`, body: s(), expect: 409 },
    { name: 'create: generateName (dryRun)', method: 'POST', path: `${SECRETS}?dryRun=All`, body: s({ metadata: { generateName: 'g-' } }), expect: 201 },
    { name: 'create: bad base64', method: 'POST', path: `${SECRETS}?dryRun=All`, body: s({ metadata: { name: 'bad' }, data: { a: '!!!' } }), expect: 422 },
    // the immutable secret: the answer must not depend on whether a guessed value is right
    ...[C.frozen, 'wrong-guess'].flatMap((guess, i) => [
      { name: `immutable: put with ${i === 0 ? 'the right' : 'a wrong'} value`, method: 'PUT', path: `${SECRETS}/frozen?dryRun=All`, body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'frozen' }, type: 'Opaque', immutable: true, data: { password: b64(guess) } }, expect: 422 },
      { name: `immutable: merge patch with ${i === 0 ? 'the right' : 'a wrong'} value`, method: 'PATCH', path: `${SECRETS}/frozen?dryRun=All`, body: { data: { password: b64(guess) } }, contentType: MERGE, expect: 422 },
      { name: `immutable: stringData with ${i === 0 ? 'the right' : 'a wrong'} value`, method: 'PATCH', path: `${SECRETS}/frozen?dryRun=All`, body: { stringData: { password: guess } }, contentType: MERGE, expect: 422 },
      { name: `immutable: json patch replace with ${i === 0 ? 'the right' : 'a wrong'} value`, method: 'PATCH', path: `${SECRETS}/frozen?dryRun=All`, body: [{ op: 'replace', path: '/data/password', value: b64(guess) }], contentType: JSON_PATCH, expect: 422 },
    ]),
    { name: 'immutable: a label change is still allowed', method: 'PATCH', path: `${SECRETS}/frozen?dryRun=All`, body: { metadata: { labels: { l: 'v' } } }, contentType: MERGE, expect: 200 },
    // delete returns the object: without values
    { name: 'delete (dryRun)', method: 'DELETE', path: `${SECRETS}/target?dryRun=All`, expect: 200 },
    { name: 'deletecollection (dryRun)', method: 'DELETE', path: `${SECRETS}?dryRun=All`, expect: 403 },
    // `kubectl apply` keeps a copy of the applied secret, values included, in an annotation: answers to a
    // non-reader leave it out, whatever the answer's shape.
    { name: 'last-applied copy: merge patch a label', method: 'PATCH', path: `${SECRETS}/applied`, body: { metadata: { labels: { l: 'v' } } }, contentType: MERGE, expect: 200 },
    { name: 'last-applied copy: merge patch answered as PartialObjectMetadata', method: 'PATCH', path: `${SECRETS}/applied?dryRun=All`, body: { metadata: { labels: { l: 'w' } } }, contentType: MERGE, headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' }, expect: 200 },
    { name: 'last-applied copy: strategic patch of data (dryRun)', method: 'PATCH', path: `${SECRETS}/applied?dryRun=All`, body: { data: { password: b64('new') } }, contentType: STRATEGIC, expect: 200 },
    { name: 'last-applied copy: delete (dryRun)', method: 'DELETE', path: `${SECRETS}/applied?dryRun=All`, expect: 200 },
    // Every storage now returns its answer and one writer (serveWith) writes it: each shape of a write's
    // answer, asked for by Accept, still leaves the values and their copy out for a non-reader.
    ...[TABLE, PARTIAL, PARTIAL_LIST, PARTIAL_V1BETA1, `${PARTIAL}, application/json`, 'application/yaml', 'application/vnd.kubernetes.protobuf', '*/*'].flatMap((accept) => [
      { name: `answer as ${accept}: merge patch`, method: 'PATCH', path: `${SECRETS}/applied?dryRun=All`, body: { metadata: { labels: { l: 'x' } } }, contentType: MERGE, headers: { Accept: accept }, expect: 200 },
      { name: `answer as ${accept}: put`, method: 'PUT', path: `${SECRETS}/applied?dryRun=All`, body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'applied' }, type: 'Opaque', data: { password: b64('guess') } }, headers: { Accept: accept }, expect: 200 },
      { name: `answer as ${accept}: delete`, method: 'DELETE', path: `${SECRETS}/applied?dryRun=All`, headers: { Accept: accept }, expect: 200 },
      { name: `answer as ${accept}: create`, method: 'POST', path: `${SECRETS}?dryRun=All`, body: { metadata: { name: 'n', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } }, headers: { Accept: accept }, expect: 201 },
    ]),
    // A subject that may deletecollection but not get: the deleted items come back without values.
    { name: 'deletecollection-only subject (dryRun)', user: 'sweeper', method: 'DELETE', path: `${SECRETS}?dryRun=All`, expect: 200 },
    { name: 'deletecollection-only subject, answered as Table (dryRun)', user: 'sweeper', method: 'DELETE', path: `${SECRETS}?dryRun=All`, headers: { Accept: TABLE }, expect: 200 },
    { name: 'deletecollection-only subject, by label (dryRun)', user: 'sweeper', method: 'DELETE', path: `${SECRETS}?dryRun=All&labelSelector=app%3Da`, expect: 200 },
    // The pod container subresources and scale moved to their own files: on a secret they are refused
    // before anything is read (and a cluster admin meets a 404, not the secret).
    ...['scale', 'ephemeralcontainers', 'log', 'exec', 'attach', 'portforward', 'status', 'binding', 'token', 'x'].flatMap((sub) => [
      { name: `secrets/${sub}: get`, method: 'GET', path: `${SECRETS}/applied/${sub}`, expect: 403 },
      { name: `secrets/${sub}: merge patch`, method: 'PATCH', path: `${SECRETS}/applied/${sub}?dryRun=All`, body: { spec: { replicas: 1 } }, contentType: MERGE, expect: 403 },
      { name: `secrets/${sub}: as a cluster admin`, user: 'admin', method: 'GET', path: `${SECRETS}/applied/${sub}`, expect: 404 },
    ]),
  ];
}

function readCases(): Case[] {
  return [
    { name: 'get', method: 'GET', path: `${SECRETS}/target`, expect: 403 },
    { name: 'get as Table', method: 'GET', path: `${SECRETS}/target`, headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }, expect: 403 },
    { name: 'get as protobuf', method: 'GET', path: `${SECRETS}/target`, headers: { Accept: 'application/vnd.kubernetes.protobuf' }, expect: 403 },
    { name: 'head', method: 'HEAD', path: `${SECRETS}/target`, expect: 403 },
    { name: 'list', method: 'GET', path: SECRETS, expect: 403 },
    { name: 'list all namespaces', method: 'GET', path: '/api/v1/secrets', expect: 403 },
    { name: 'list with a name field selector', method: 'GET', path: `${SECRETS}?fieldSelector=metadata.name%3Dtarget`, expect: 403 },
    { name: 'watch', method: 'GET', path: `${SECRETS}?watch=true&timeoutSeconds=1`, expect: 403 },
    { name: 'watch one name', method: 'GET', path: `${SECRETS}?watch=1&fieldSelector=metadata.name%3Dtarget&timeoutSeconds=1`, expect: 403 },
    { name: 'get the status subresource', method: 'GET', path: `${SECRETS}/target/status`, expect: [403, 404] },
    { name: 'secretsummaries carry no values', method: 'GET', path: `/apis/security.gatehouse.dev/v1/namespaces/${NS}/secretsummaries`, expect: 200 },
    { name: 'secretsummaries: get the one with a last-applied copy', method: 'GET', path: `${SUMMARIES}/applied`, expect: 200 },
    { name: 'secretsummaries: as Table with whole objects', method: 'GET', path: `${SUMMARIES}?includeObject=Object`, headers: { Accept: TABLE }, expect: 200 },
    { name: 'secretsummaries: as PartialObjectMetadata', method: 'GET', path: `${SUMMARIES}/applied`, headers: { Accept: PARTIAL }, expect: 200 },
    { name: 'secretsummaries: watch', method: 'GET', path: `${SUMMARIES}?watch=1&timeoutSeconds=1`, expect: 200 },
    { name: 'secretsummaries: watch one name', method: 'GET', path: `${SUMMARIES}/applied?watch=1&timeoutSeconds=1`, expect: 200 },
    { name: 'secretsummaries: watch as Table with whole objects', method: 'GET', path: `${SUMMARIES}?watch=1&timeoutSeconds=1&includeObject=Object`, headers: { Accept: TABLE }, expect: 200 },
    { name: 'secretsummaries: watch from resourceVersion 0', method: 'GET', path: `${SUMMARIES}?watch=1&timeoutSeconds=1&resourceVersion=0`, expect: 200 },
    { name: 'list as Table', method: 'GET', path: SECRETS, headers: { Accept: TABLE }, expect: 403 },
    { name: 'watch as Table', method: 'GET', path: `${SECRETS}?watch=1&timeoutSeconds=1`, headers: { Accept: TABLE }, expect: 403 },
    { name: 'get as PartialObjectMetadata', method: 'GET', path: `${SECRETS}/applied`, headers: { Accept: PARTIAL }, expect: 403 },
    { name: 'viewer: get', user: 'viewer', method: 'GET', path: `${SECRETS}/target`, expect: 403 },
    { name: 'viewer: json patch copy', user: 'viewer', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'copy', from: '/data/password', path: '/metadata/annotations/x' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'stranger: get', user: 'stranger', method: 'GET', path: `${SECRETS}/target`, expect: 403 },
    { name: 'stranger: json patch copy', user: 'stranger', method: 'PATCH', path: `${SECRETS}/target?dryRun=All`, body: [{ op: 'copy', from: '/data/password', path: '/metadata/annotations/x' }], contentType: JSON_PATCH, expect: 403 },
    { name: 'anonymous: get', user: 'anonymous', method: 'GET', path: `${SECRETS}/target`, expect: 401 },
    { name: 'developer impersonating the owner', method: 'GET', path: `${SECRETS}/target`, headers: { 'Impersonate-User': 'owner' }, expect: 403 },
    // A role with `list`/`watch` on secrets but no `get` (DESIGN: no value to a subject that lacks `get`):
    // the items come with key names only, however the list or watch is asked for.
    ...['lister', 'picky'].flatMap((user) => [
      { name: `${user}: list`, user, method: 'GET', path: SECRETS, expect: 200 },
      { name: `${user}: list a page`, user, method: 'GET', path: `${SECRETS}?limit=2`, expect: 200 },
      { name: `${user}: list by label`, user, method: 'GET', path: `${SECRETS}?labelSelector=app%3Da`, expect: 200 },
      { name: `${user}: list as Table with whole objects`, user, method: 'GET', path: `${SECRETS}?includeObject=Object`, headers: { Accept: TABLE }, expect: 200 },
      { name: `${user}: list as protobuf`, user, method: 'GET', path: SECRETS, headers: { Accept: 'application/vnd.kubernetes.protobuf' }, expect: 200 },
      { name: `${user}: list as PartialObjectMetadataList`, user, method: 'GET', path: SECRETS, headers: { Accept: PARTIAL_LIST }, expect: 200 },
      { name: `${user}: list all namespaces`, user, method: 'GET', path: '/api/v1/secrets', expect: 403 },
      { name: `${user}: watch`, user, method: 'GET', path: `${SECRETS}?watch=1&timeoutSeconds=1`, expect: 200 },
      { name: `${user}: watch one name`, user, method: 'GET', path: `${SECRETS}?watch=1&fieldSelector=metadata.name%3Dtarget&timeoutSeconds=1`, expect: 200 },
      { name: `${user}: watch as Table with whole objects`, user, method: 'GET', path: `${SECRETS}?watch=1&timeoutSeconds=1&includeObject=Object`, headers: { Accept: TABLE }, expect: 200 },
      { name: `${user}: watch from resourceVersion 1 (replayed events)`, user, method: 'GET', path: `${SECRETS}?watch=1&timeoutSeconds=1&resourceVersion=1`, expect: [200, 410] },
      { name: `${user}: get`, user, method: 'GET', path: `${SECRETS}/target`, expect: 403 },
    ]),
  ];
}

describe('secret exfiltration by a subject that may write but not get secrets', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ users: { dev: {}, viewer: {}, owner: {}, stranger: {}, sweeper: {}, lister: {}, picky: {} } });
    await h.admin('POST', '/api/v1/namespaces', { metadata: { name: NS } });
    const bind = (name: string, role: string, user: string) => h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    });
    await bind('devs', 'developer', 'dev');
    await bind('viewers', 'view', 'viewer');
    await bind('owners', 'admin', 'owner');
    await h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, { metadata: { name: 'sweeper' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['deletecollection'] }] });
    await h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'sweepers' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'sweeper' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'sweeper' }],
    });
    // lister may list and watch secrets; picky also get the one named "echo" (whose value is no canary).
    await h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, { metadata: { name: 'lister' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch'] }] });
    await h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, { metadata: { name: 'picky' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['echo'] }] });
    for (const who of ['lister', 'picky']) {
      await h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
        metadata: { name: who }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: who }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: who }],
      });
    }
    await h.admin('POST', SECRETS, { metadata: { name: 'target', labels: { app: 'a' }, annotations: { a: 'b' }, finalizers: ['example.com/f'] }, stringData: { password: C.password, token: C.token } });
    await h.admin('POST', SECRETS, { metadata: { name: 'frozen' }, immutable: true, stringData: { password: C.frozen } });
    await h.admin('POST', SECRETS, { metadata: { name: 'oracle' }, stringData: { password: C.oracle } });
    await h.admin('POST', SECRETS, { metadata: { name: 'echo' }, stringData: { password: ECHO } });
    const applied = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'applied', namespace: NS }, type: 'Opaque', stringData: { password: C.applied } };
    await h.admin('POST', SECRETS, { ...applied, metadata: { ...applied.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) } } });
  });
  after(async () => { await h?.stop(); });

  const cases = [...jsonPatchCases(), ...otherWriteCases(), ...readCases()];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await h.request(c.user ?? 'dev', c.method, c.path, { body: c.body, contentType: c.contentType, headers: c.headers });
      const want = Array.isArray(c.expect) ? c.expect : [c.expect];
      assert.ok(want.includes(r.status), `status ${r.status}, want ${want.join('|')}: ${r.text.slice(0, 300)}`);
      if (!c.reader) assertNoLeak(r, CANARIES);
    });
  }

  test('a no-op write by a non-reader is not an equality oracle (the right guess also writes)', async () => {
    const rv = async () => (await h.admin('GET', `${SECRETS}/oracle`)).body.metadata.resourceVersion as string;
    const before = await rv();
    const r = await h.request('dev', 'PATCH', `${SECRETS}/oracle`, { body: { data: { password: b64(C.oracle) } }, contentType: MERGE });
    assert.equal(r.status, 200, r.text);
    assertNoLeak(r, CANARIES);
    assert.notEqual(r.body.metadata.resourceVersion, before, 'the right guess must look like any other write');
  });

  test('an echoed guess is no oracle: errors quote the client\'s own text alike, right or wrong', async () => {
    const wrong = `${ECHO.slice(0, -1)}${ECHO.endsWith('0') ? '1' : '0'}`;
    const attempts: [string, (g: string) => Promise<{ status: number; body: any }>][] = [
      ['create named after the guess', (g) => h.request('dev', 'POST', `${SECRETS}?dryRun=All`, { body: { metadata: { name: `${g}.` } } })],
      ['rename to the guess', (g) => h.request('dev', 'PATCH', `${SECRETS}/echo?dryRun=All`, { body: [{ op: 'replace', path: '/metadata/name', value: g }], contentType: JSON_PATCH })],
      ['the guess as a label value', (g) => h.request('dev', 'PATCH', `${SECRETS}/echo?dryRun=All`, { body: { metadata: { labels: { l: `${g}!` } } }, contentType: MERGE })],
    ];
    for (const [what, attempt] of attempts) {
      const r = await attempt(ECHO);
      const w = await attempt(wrong);
      assert.equal(r.status, w.status, what);
      assert.ok(r.status >= 400, `${what}: ${r.status}`);
      assert.equal(String(r.body.message).replaceAll(ECHO, 'GUESS'), String(w.body.message).replaceAll(wrong, 'GUESS'), what);
    }
  });

  test('a list or watch shows a secret\'s values to who may get that one secret, key names to the rest', async () => {
    for (const path of [SECRETS, `${SECRETS}?fieldSelector=metadata.namespace%3D${NS}`, `${SECRETS}?watch=1&timeoutSeconds=1`]) {
      const picky = await h.request('picky', 'GET', path);
      assert.ok(picky.text.includes(b64(ECHO)), `picky may get "echo": ${path}`);
      assertNoLeak(picky, CANARIES);
      const lister = await h.request('lister', 'GET', path);
      assert.ok(!lister.text.includes(b64(ECHO)) && /"password":""/.test(lister.text), `lister sees key names only: ${path}`);
      const owner = await h.request('owner', 'GET', path);
      assert.ok(owner.text.includes(b64(C.password)), `the namespace admin sees every value: ${path}`);
    }
  });

  test('the target still holds its values (refused writes changed nothing)', async () => {
    const s = (await h.admin('GET', `${SECRETS}/target`)).body;
    assert.equal(s.data.password, b64(C.password));
    assert.equal(s.data.token, b64(C.token));
  });

  test('no canary in the server output, the audit log or the stored audit events', async () => {
    await h.alive();
    const ev = await h.admin('GET', '/apis/audit.gatehouse.dev/v1/auditevents?limit=5000');
    assertNoLeak(ev, CANARIES, 'audit events');
    assertNoLeakInServer(h, CANARIES);
  });
});

// The node agents now run in a worker thread of the server whose log lines the server's logger writes
// (components/run.ts). A node agent reads the secrets its pods use; neither what it writes back (pod
// status, events) nor its forwarded log lines may carry a value — also when a key is missing and a
// pod cannot start, the path where errors are logged and reported.
describe('secret exfiltration through the node agents (components in a worker thread)', () => {
  let h: Harness;
  const canary = newCanary('node');
  const PODS = `/api/v1/namespaces/${NS}/pods`;
  const container = (extra: Record<string, unknown>) => ({ name: 'c', image: 'busybox', ...extra });
  const pods: [string, Record<string, unknown>][] = [
    ['env', { containers: [container({ env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'used', key: 'password' } } }] })] }],
    ['env-missing-key', { containers: [container({ env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'used', key: 'absent' } } }] })] }],
    ['env-from', { containers: [container({ envFrom: [{ secretRef: { name: 'used' }, prefix: 'X_' }] })] }],
    ['volume', { containers: [container({ volumeMounts: [{ name: 'v', mountPath: '/s' }] })], volumes: [{ name: 'v', secret: { secretName: 'used' } }] }],
    ['volume-missing-item', { containers: [container({ volumeMounts: [{ name: 'v', mountPath: '/s' }] })], volumes: [{ name: 'v', secret: { secretName: 'used', items: [{ key: 'absent', path: 'a' }] } }] }],
    ['projected', { containers: [container({ volumeMounts: [{ name: 'v', mountPath: '/s' }] })], volumes: [{ name: 'v', projected: { sources: [{ secret: { name: 'used' } }] } }] }],
  ];
  before(async () => {
    h = await startHarness({ users: { dev: {} }, args: ['--nodes', '1'] });
    await h.admin('POST', '/api/v1/namespaces', { metadata: { name: NS } });
    await h.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'devs' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev' }],
    });
    await h.admin('POST', SECRETS, { metadata: { name: 'used' }, stringData: { password: canary, [`k-${canary.toLowerCase()}`]: canary } });
    for (const [name, spec] of pods) {
      const r = await h.request('dev', 'POST', PODS, { body: { metadata: { name }, spec } });
      assert.equal(r.status, 201, `${name}: ${r.text.slice(0, 300)}`);
    }
    // Until every pod has been acted on: Running, or waiting with a reason (a missing key).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const items = (await h.admin('GET', PODS)).body.items as any[];
      const done = items.filter((p) => p.status?.phase === 'Running' || p.status?.containerStatuses?.some((c: any) => c.state?.waiting?.reason && c.state.waiting.reason !== 'ContainerCreating'));
      if (done.length === pods.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  after(async () => { await h?.stop(); });

  test('the pods were acted on (Running, or refused for the missing key)', async () => {
    const items = (await h.admin('GET', PODS)).body.items as any[];
    const by = Object.fromEntries(items.map((p) => [p.metadata.name, p]));
    for (const name of ['env', 'env-from', 'volume', 'projected']) assert.equal(by[name]?.status?.phase, 'Running', `${name}: ${JSON.stringify(by[name]?.status).slice(0, 300)}`);
    for (const name of ['env-missing-key']) {
      const waiting = by[name]?.status?.containerStatuses?.[0]?.state?.waiting;
      assert.ok(waiting?.reason && waiting.reason !== 'ContainerCreating', `${name}: ${JSON.stringify(by[name]?.status).slice(0, 300)}`);
    }
  });

  test('pods (get, list, watch, as Table), their events and the audit trail carry no value', async () => {
    const reads = [
      ...pods.map(([name]) => `${PODS}/${name}`), PODS, `${PODS}?watch=1&timeoutSeconds=1`, `/api/v1/namespaces/${NS}/events`,
      `/apis/security.gatehouse.dev/v1/namespaces/${NS}/secretsummaries`,
    ];
    for (const p of reads) {
      const r = await h.request('dev', 'GET', p);
      assert.ok(r.status === 200 || r.status === 404, `${p}: ${r.status} ${r.text.slice(0, 200)}`);
      assertNoLeak(r, [canary], p);
    }
    const t = await h.request('dev', 'GET', PODS, { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    assertNoLeak(t, [canary], 'pods as Table');
    assertNoLeak(await h.admin('GET', '/apis/audit.gatehouse.dev/v1/auditevents?limit=5000'), [canary], 'audit events');
  });

  test('the server output (with the components\' forwarded log lines) and the audit log carry no value', async () => {
    await h.alive();
    assertNoLeakInServer(h, [canary]);
  });
});
