// First start with the demo organisation (no --no-demo): what the newcomer is promised exists, was
// made by the right people, runs, and left the service account's calls in the audit trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, startServerProcess, type TestServer } from '../testing/server-process';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('demo organisation on first start', () => {
  let s: TestServer;
  let creds: Record<string, string>;
  const get = async (p: string) => {
    const r = await api(s, 'GET', p, { token: s.adminToken });
    assert.equal(r.status, 200, `${p}: ${r.text}`);
    return r.body;
  };

  before(async () => {
    s = await startServerProcess({ demo: true, args: ['--nodes', '2'] });
    const file = path.join(s.dataDir, 'demo-credentials.txt');
    await waitFor('demo-credentials.txt', () => fs.existsSync(file) && /bob/.test(fs.readFileSync(file, 'utf8')));
    creds = Object.fromEntries(fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t').slice(0, 2) as [string, string]));
  });
  after(async () => { await s?.stop(); });

  test('the credentials are saved 0600 and printed once', () => {
    assert.equal(fs.statSync(path.join(s.dataDir, 'demo-credentials.txt')).mode & 0o777, 0o600);
    assert.deepEqual(Object.keys(creds).sort(), ['alice', 'bob']);
    for (const [u, pw] of Object.entries(creds)) {
      assert.ok(pw.length >= 12);
      assert.equal(s.output().split(pw).length - 1, 1, `${u}'s password printed exactly once`);
    }
  });

  test('alice and bob can sign in with them', async () => {
    for (const [username, password] of Object.entries(creds)) {
      const r = await api(s, 'POST', '/auth/login', { body: { username, password }, headers: { 'X-Gatehouse-Request': '1' } });
      assert.equal(r.status, 200, `${username}: ${r.text}`);
    }
  });

  test('namespaces and roles: alice develops in web, bob administers payments', async () => {
    for (const ns of ['web', 'payments']) await get(`/api/v1/namespaces/${ns}`);
    const web = await get('/apis/rbac.authorization.k8s.io/v1/namespaces/web/rolebindings/developers');
    assert.deepEqual([web.roleRef.name, web.subjects[0].name], ['developer', 'alice']);
    const pay = await get('/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings/admins');
    assert.deepEqual([pay.roleRef.name, pay.subjects[0].name], ['admin', 'bob']);
    await get('/api/v1/namespaces/web/serviceaccounts/builder');
    const secret = await get('/api/v1/namespaces/payments/secrets/payments-db');
    assert.equal(secret.metadata.annotations['gatehouse.dev/created-by'], 'bob');
  });

  test('the pods were created by their owners and run', async () => {
    const want: Record<string, string> = { 'web/frontend': 'alice', 'web/builder': 'alice', 'payments/payments-api': 'bob', 'payments/payments-worker': 'bob' };
    await waitFor('all demo pods Running', async () => {
      for (const key of Object.keys(want)) {
        const [ns, name] = key.split('/');
        const p = await get(`/api/v1/namespaces/${ns}/pods/${name}`);
        if (p.status?.phase !== 'Running') return false;
      }
      return true;
    });
    for (const [key, by] of Object.entries(want)) {
      const [ns, name] = key.split('/');
      const p = await get(`/api/v1/namespaces/${ns}/pods/${name}`);
      assert.equal(p.metadata.annotations['gatehouse.dev/created-by'], by, key);
      assert.match(p.spec.nodeName, /^node-[12]$/);
    }
  });

  test('the builder service account made API calls that trace back to alice', async () => {
    const disco = await get('/apis/audit.gatehouse.dev/v1');
    const resource = disco.resources.find((r: any) => !r.name.includes('/') && r.verbs.includes('list')).name;
    const calls = await waitFor('the builder\'s audit events', async () => {
      const list = await get(`/apis/audit.gatehouse.dev/v1/${resource}?limit=1000`);
      const mine = (list.items ?? []).filter((e: any) => e.user?.username === 'system:serviceaccount:web:builder');
      return mine.length >= 2 ? mine : undefined;
    });
    const cm = calls.find((e: any) => e.objectRef?.resource === 'configmaps' && e.objectRef?.name === 'builder-config');
    assert.ok(cm, 'it read its config map');
    assert.equal(cm.responseStatus?.code, 200);
    assert.equal(cm.annotations?.['audit.gatehouse.dev/originating-user'], 'alice');
    assert.equal(cm.user.extra?.['authentication.kubernetes.io/pod-name']?.[0], 'builder');
  });

  test('a restart does not seed again', async () => {
    // Wait until the service account's calls are done (the last step), then restart on the same data dir.
    await s.stop();
    s = await startServerProcess({ demo: true, dataDir: s.dataDir, args: ['--nodes', '2'] });
    await new Promise((r) => setTimeout(r, 1500));
    assert.doesNotMatch(s.output(), /Demo organisation/);
    const users = await get('/apis/iam.gatehouse.dev/v1/users');
    assert.deepEqual(users.items.map((u: any) => u.metadata.name).sort(), ['admin', 'alice', 'bob']);
    assert.deepEqual(Object.fromEntries(fs.readFileSync(path.join(s.dataDir, 'demo-credentials.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t').slice(0, 2))), creds);
  });
});
