// Bad input gets a clear 4xx Status naming the problem, changes nothing, and never yields a 500.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServerProcess, type TestServer } from '../testing/server-process';

describe('bad input', () => {
  let s: TestServer;
  before(async () => { s = await startServerProcess(); });
  after(async () => { await s?.stop(); });

  const cases: { name: string; method: string; path: string; body?: unknown; contentType?: string; code: number; reason?: string; message?: RegExp }[] = [
    { name: 'malformed JSON', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: '{"metadata":', code: 400, reason: 'BadRequest', message: /json parse error/ },
    { name: 'malformed YAML', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: 'metadata: [unclosed', contentType: 'application/yaml', code: 400, reason: 'BadRequest' },
    { name: 'a JSON array body', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: '[1,2]', code: 400, message: /must be a JSON or YAML object/ },
    { name: 'missing name', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { metadata: {} }, code: 422, reason: 'Invalid', message: /metadata\.name: Required value/ },
    { name: 'invalid name', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { metadata: { name: 'Bad_Name' } }, code: 422, message: /metadata\.name: Invalid value: "Bad_Name"/ },
    { name: 'namespace name too long', method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'a'.repeat(64) } }, code: 422, message: /metadata\.name/ },
    { name: 'wrong type in data', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { metadata: { name: 'x1' }, data: { a: 1 } }, code: 422, message: /data\.a/ },
    { name: 'pod without containers', method: 'POST', path: '/api/v1/namespaces/default/pods', body: { metadata: { name: 'x2' }, spec: {} }, code: 422, message: /spec\.containers/ },
    { name: 'pod with a bad port', method: 'POST', path: '/api/v1/namespaces/default/pods', body: { metadata: { name: 'x3' }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 70000 }] }] } }, code: 422, message: /spec\.containers\[0\]\.ports\[0\]\.containerPort/ },
    { name: 'kind mismatch', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { kind: 'Secret', metadata: { name: 'x4' } }, code: 400, message: /does not match the kind/ },
    { name: 'namespace mismatch', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { metadata: { name: 'x5', namespace: 'other' } }, code: 400, message: /does not match the namespace/ },
    { name: 'missing namespace', method: 'POST', path: '/api/v1/namespaces/nope/configmaps', body: { metadata: { name: 'x6' } }, code: 404, reason: 'NotFound', message: /namespaces "nope" not found/ },
    { name: 'unsupported media type', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: 'x', contentType: 'application/xml', code: 415 },
    { name: 'bad label selector', method: 'GET', path: '/api/v1/namespaces/default/pods?labelSelector=a%20in%20(', code: 400 },
    { name: 'unsupported field selector', method: 'GET', path: '/api/v1/namespaces/default/pods?fieldSelector=spec.bogus%3Dx', code: 400, message: /field label not supported: spec\.bogus/ },
    { name: 'bad continue token', method: 'GET', path: '/api/v1/namespaces/default/pods?limit=1&continue=%%%', code: 400, message: /continue/ },
    { name: 'bad limit', method: 'GET', path: '/api/v1/namespaces/default/pods?limit=-3', code: 400 },
    { name: 'bad dryRun value', method: 'POST', path: '/api/v1/namespaces/default/configmaps?dryRun=Some', body: { metadata: { name: 'x7' } }, code: 400 },
    { name: 'bad fieldValidation value', method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Loose', body: { metadata: { name: 'x8' } }, code: 400 },
    { name: 'unknown resource', method: 'GET', path: '/api/v1/namespaces/default/widgets', code: 404 },
    { name: 'unknown group', method: 'GET', path: '/apis/nope.example/v1/things', code: 404 },
    { name: 'bad JSON patch', method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/existing', body: [{ op: 'explode', path: '/x' }], contentType: 'application/json-patch+json', code: 422 },
    { name: 'patch with unknown content type', method: 'PATCH', path: '/api/v1/namespaces/default/configmaps/existing', body: {}, contentType: 'text/csv', code: 415 },
    { name: 'stale resourceVersion', method: 'PUT', path: '/api/v1/namespaces/default/configmaps/existing', body: { metadata: { name: 'existing', resourceVersion: '1' }, data: { a: 'z' } }, code: 409, reason: 'Conflict' },
    { name: 'immutable roleRef', method: 'PUT', path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/rb', body: { metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' } }, code: 422, message: /roleRef/ },
    { name: 'secret with bad base64', method: 'POST', path: '/api/v1/namespaces/default/secrets', body: { metadata: { name: 'x9' }, data: { a: '!!!' } }, code: 422, message: /data\.a/ },
    { name: 'watch with a bad resourceVersion', method: 'GET', path: '/api/v1/namespaces/default/pods?watch=true&resourceVersion=abc', code: 400 },
    { name: 'delete of a missing object', method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/ghost', code: 404, message: /configmaps "ghost" not found/ },
  ];

  test('set-up', async () => {
    assert.equal((await api(s, 'POST', '/api/v1/namespaces/default/configmaps', { token: s.adminToken, body: { metadata: { name: 'existing' }, data: { a: 'b' } } })).status, 201);
    const rb = { metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'x' }] };
    assert.equal((await api(s, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', { token: s.adminToken, body: rb })).status, 201);
  });

  for (const c of cases) {
    test(c.name, async () => {
      const before = await api(s, 'GET', '/api/v1/namespaces/default/configmaps', { token: s.adminToken });
      const r = await api(s, c.method, c.path, { token: s.adminToken, body: c.body, contentType: c.contentType });
      assert.equal(r.status, c.code, r.text);
      assert.equal(r.body.kind, 'Status', r.text);
      assert.equal(r.body.status, 'Failure');
      assert.equal(r.body.code, c.code);
      if (c.reason) assert.equal(r.body.reason, c.reason);
      if (c.message) assert.match(r.body.message, c.message);
      assert.doesNotMatch(r.text, /at .*\.ts:\d+/, 'no stack trace');
      const afterList = await api(s, 'GET', '/api/v1/namespaces/default/configmaps', { token: s.adminToken });
      assert.deepEqual(afterList.body.items.map((i: any) => i.metadata.resourceVersion), before.body.items.map((i: any) => i.metadata.resourceVersion), 'nothing changed');
    });
  }

  test('a body over 3 MiB is 413', async () => {
    const r = await api(s, 'POST', '/api/v1/namespaces/default/configmaps', { token: s.adminToken, body: { metadata: { name: 'big' }, data: { a: 'x'.repeat(3.2 * 1024 * 1024) } } });
    assert.equal(r.status, 413);
    assert.equal(r.body.reason, 'RequestEntityTooLarge');
  });

  test('no credentials is 401 on the API and 200 on health and version', async () => {
    assert.equal((await api(s, 'GET', '/api/v1/namespaces')).status, 401);
    assert.equal((await api(s, 'GET', '/apis')).status, 401);
    assert.equal((await api(s, 'GET', '/healthz')).status, 200);
    assert.equal((await api(s, 'GET', '/readyz')).status, 200);
    assert.equal((await api(s, 'GET', '/version')).body.minor, '32');
    assert.equal((await api(s, 'GET', '/api/v1/namespaces', { token: 'not-a-token' })).status, 401);
  });

  test('watch from a revision older than the window gets a 410 Expired event', async () => {
    const small = await startServerProcess({ args: ['--default-watch-cache-size', '10'] });
    try {
      for (let i = 0; i < 15; i++) await api(small, 'POST', '/api/v1/namespaces/default/configmaps', { token: small.adminToken, body: { metadata: { name: `w-${i}` } } });
      const r = await api(small, 'GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=3', { token: small.adminToken });
      assert.equal(r.status, 200);
      const ev = JSON.parse(r.text.trim().split('\n')[0]);
      assert.equal(ev.type, 'ERROR');
      assert.equal(ev.object.code, 410);
      assert.equal(ev.object.reason, 'Expired');
    } finally {
      await small.stop();
    }
  });

  test('limit/continue pages through every item once', async () => {
    for (let i = 0; i < 7; i++) await api(s, 'POST', '/api/v1/namespaces/default/configmaps', { token: s.adminToken, body: { metadata: { name: `page-${i}` } } });
    const seen: string[] = [];
    let cont = '';
    for (let n = 0; n < 20; n++) {
      const r = await api(s, 'GET', `/api/v1/namespaces/default/configmaps?limit=3${cont ? `&continue=${cont}` : ''}`, { token: s.adminToken });
      seen.push(...r.body.items.map((i: any) => i.metadata.name));
      cont = r.body.metadata.continue ?? '';
      if (!cont) break;
    }
    const all = (await api(s, 'GET', '/api/v1/namespaces/default/configmaps', { token: s.adminToken })).body.items.map((i: any) => i.metadata.name);
    assert.deepEqual(seen, all);
    assert.equal(new Set(seen).size, seen.length);
  });
});
