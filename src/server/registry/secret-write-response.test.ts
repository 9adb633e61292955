// A developer may create, replace and delete secrets without `get`; no write response may carry the values.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServerProcess, type TestServer } from '../testing/server-process';

const CANARY = 'canary-7f3a-value';
const B64 = Buffer.from(CANARY).toString('base64');

describe('secret write responses', () => {
  let s: TestServer;
  const dev = 'dev-token-0123456789abcdef';
  before(async () => {
    s = await startServerProcess({ tokens: `${dev},dana,u-dana,"devs"\n` });
    assert.equal((await api(s, 'POST', '/api/v1/namespaces', { token: s.adminToken, body: { metadata: { name: 'team' } } })).status, 201);
    const rb = { metadata: { name: 'dana-dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dana' }] };
    assert.equal((await api(s, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', { token: s.adminToken, body: rb })).status, 201);
  });
  after(async () => { await s?.stop(); });

  test('create, patch, put, dry-run and delete answer a developer with key names only', async () => {
    const created = await api(s, 'POST', '/api/v1/namespaces/team/secrets', { token: dev, body: { metadata: { name: 'db' }, stringData: { password: CANARY } } });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.data, { password: '' });
    const dry = await api(s, 'POST', '/api/v1/namespaces/team/secrets?dryRun=All', { token: dev, body: { metadata: { name: 'db2' }, data: { k: B64 } } });
    assert.equal(dry.status, 201);
    const patched = await api(s, 'PATCH', '/api/v1/namespaces/team/secrets/db', { token: dev, body: { data: { password: B64, user: B64 } }, contentType: 'application/merge-patch+json' });
    assert.equal(patched.status, 200);
    assert.deepEqual(Object.keys(patched.body.data).sort(), ['password', 'user']);
    const put = await api(s, 'PUT', '/api/v1/namespaces/team/secrets/db', { token: dev, body: { metadata: { name: 'db' }, data: { password: B64 } } });
    assert.equal(put.status, 200);
    assert.equal((await api(s, 'GET', '/api/v1/namespaces/team/secrets/db', { token: dev })).status, 403);
    // The admin, who may get it, sees the value.
    const asAdmin = await api(s, 'GET', '/api/v1/namespaces/team/secrets/db', { token: s.adminToken });
    assert.equal(asAdmin.body.data.password, B64);
    const del = await api(s, 'DELETE', '/api/v1/namespaces/team/secrets/db', { token: dev });
    assert.equal(del.status, 200);
    for (const r of [created, dry, patched, put, del]) {
      assert.ok(!r.text.includes(CANARY) && !r.text.includes(B64), `a value leaked in ${r.text}`);
    }
  });
  test('as=PartialObjectMetadata answers reads and writes with metadata only, even to a reader', async () => {
    const accept = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json;q=0.9';
    const created = await api(s, 'POST', '/api/v1/namespaces/team/secrets', { token: s.adminToken, body: { metadata: { name: 'meta-only' }, stringData: { password: CANARY } }, headers: { Accept: accept } });
    assert.equal(created.status, 201);
    assert.equal(created.body.kind, 'PartialObjectMetadata');
    assert.equal(created.body.apiVersion, 'meta.k8s.io/v1');
    const rv = created.body.metadata.resourceVersion;
    const patch = { metadata: { labels: { tier: 'db' }, resourceVersion: rv } };
    const dry = await api(s, 'PATCH', '/api/v1/namespaces/team/secrets/meta-only?dryRun=All', { token: s.adminToken, body: patch, contentType: 'application/merge-patch+json', headers: { Accept: accept } });
    const patched = await api(s, 'PATCH', '/api/v1/namespaces/team/secrets/meta-only', { token: s.adminToken, body: patch, contentType: 'application/merge-patch+json', headers: { Accept: accept } });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.metadata.labels, { tier: 'db' });
    // The resourceVersion in a merge patch is a precondition: the same patch again is now stale.
    const stale = await api(s, 'PATCH', '/api/v1/namespaces/team/secrets/meta-only', { token: s.adminToken, body: patch, contentType: 'application/merge-patch+json', headers: { Accept: accept } });
    assert.equal(stale.status, 409);
    const got = await api(s, 'GET', '/api/v1/namespaces/team/secrets/meta-only', { token: s.adminToken, headers: { Accept: accept } });
    assert.equal(got.body.kind, 'PartialObjectMetadata');
    for (const r of [created, dry, patched, stale, got]) {
      assert.ok(!r.text.includes(CANARY) && !r.text.includes(B64), `a value leaked in ${r.text}`);
    }
    // Without it, a reader still gets the whole object (kubectl get -o yaml).
    const full = await api(s, 'GET', '/api/v1/namespaces/team/secrets/meta-only', { token: s.adminToken });
    assert.equal(full.body.data.password, B64);
  });
});
