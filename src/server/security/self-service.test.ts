// Self-service and the console's pre-save questions, attacked and checked against a real server with
// the demo organisation (alice: developer in web; bob: admin of payments):
// - personal tokens: listed without values, "last used" recorded, never listable or revocable by
//   another user, never revocable through impersonation;
// - the password change: the current password is required and checked, every refusal names its field,
//   nobody changes another person's password with it;
// - grantreviews: who may grant which role (the rules missing, by the same decision as a real grant),
//   whether subjects exist — answered only to whoever may create role bindings there, and nothing written;
// - a SecurityProfile write says, as warnings, whose automatic choice for a plain pod it changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTACKERS, BROWSER, cookieOf, demoPassword, grant, login, ok, session, startTarget, type Target } from './attacker';

const IAM = '/apis/iam.gatehouse.dev/v1';
const PROFILES = '/apis/security.gatehouse.dev/v1/securityprofiles';
const IMP = ATTACKERS.impersonator;

describe('self-service, grant reviews and profile impact', () => {
  let t: Target;
  let alice = '';
  let bob = '';
  let aliceToken = { id: '', token: '' };
  before(async () => {
    t = await startTarget();
    await grant(t, 'impersonator', [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['alice', 'bob'] }]);
    alice = cookieOf(ok(await login(t, 'alice', demoPassword(t, 'alice')), 'alice login'));
    bob = cookieOf(ok(await login(t, 'bob', demoPassword(t, 'bob')), 'bob login'));
    const r = ok(await session(t, alice, 'POST', '/auth/tokens', { name: 'laptop' }), 'alice token').body;
    aliceToken = { id: r.id, token: r.token };
  });
  after(async () => { await t?.stop(); });

  const aliceTokenWorks = async () => (await t.as(aliceToken.token, 'GET', '/api/v1/namespaces/web/pods')).status === 200;

  describe('personal tokens', () => {
    test('my list names my tokens with their dates and never a value or hash', async () => {
      const r = ok(await session(t, alice, 'GET', '/auth/tokens'), 'list');
      const mine = r.body.items.find((i: { id: string }) => i.id === aliceToken.id);
      assert.equal(mine.name, 'laptop');
      assert.ok(Date.parse(mine.createdAt) && Date.parse(mine.expiresAt));
      assert.deepEqual(Object.keys(mine).filter((k) => !['id', 'name', 'createdAt', 'expiresAt', 'lastUsedAt'].includes(k)), []);
      assert.ok(!r.text.includes(aliceToken.token) && !r.text.includes(aliceToken.token.slice(4, 20)), 'no token value in the list');
    });
    test('"last used" is recorded when the token is used', async () => {
      assert.ok(await aliceTokenWorks());
      const mine = ok(await session(t, alice, 'GET', '/auth/tokens'), 'list').body.items.find((i: { id: string }) => i.id === aliceToken.id);
      assert.ok(mine.lastUsedAt && Date.now() - Date.parse(mine.lastUsedAt) < 60_000, JSON.stringify(mine));
    });
    test('another user does not see my tokens', async () => {
      const r = ok(await session(t, bob, 'GET', '/auth/tokens'), 'bob lists');
      assert.ok(!r.body.items.some((i: { id: string }) => i.id === aliceToken.id));
    });
    test('another user cannot revoke my token (404, as if it did not exist), and it keeps working', async () => {
      const r = await session(t, bob, 'DELETE', `/auth/tokens/${aliceToken.id}`);
      assert.equal(r.status, 404, r.text);
      assert.ok(await aliceTokenWorks());
    });
    test('an impersonator cannot revoke my token as me', async () => {
      const r = await t.as(IMP, 'DELETE', `/auth/tokens/${aliceToken.id}`, { headers: { 'Impersonate-User': 'alice' } });
      assert.equal(r.status, 403, r.text);
      assert.match(r.body.message, /impersonat/);
      assert.ok(await aliceTokenWorks());
    });
    test('I revoke my own token, and it stops working at once', async () => {
      const extra = ok(await session(t, alice, 'POST', '/auth/tokens', { name: 'old-ci' }), 'second token').body;
      ok(await session(t, alice, 'DELETE', `/auth/tokens/${extra.id}`), 'revoke');
      assert.equal((await t.as(extra.token, 'GET', '/api/v1/namespaces/web/pods')).status, 401);
      assert.ok(!ok(await session(t, alice, 'GET', '/auth/tokens'), 'list').body.items.some((i: { id: string }) => i.id === extra.id));
      assert.ok(await aliceTokenWorks(), 'the other token is untouched');
    });
  });

  describe('password change refusals name their field and change nothing', () => {
    const pw = (who: string) => `${IAM}/users/${who}/password`;
    const cases: { name: string; cookie: () => string; path: string; body: () => unknown; status: number; field?: string }[] = [
      { name: 'no current password', cookie: () => alice, path: pw('alice'), body: () => ({ password: 'Brand-new-pass-771' }), status: 422, field: 'currentPassword' },
      { name: 'a wrong current password', cookie: () => alice, path: pw('alice'), body: () => ({ password: 'Brand-new-pass-771', currentPassword: 'not-my-password' }), status: 403, field: 'currentPassword' },
      { name: 'a new password that is too short', cookie: () => alice, path: pw('alice'), body: () => ({ password: 'short', currentPassword: demoPassword(t, 'alice') }), status: 422, field: 'password' },
      { name: 'a new password containing the user name', cookie: () => alice, path: pw('alice'), body: () => ({ password: 'alice-is-my-password-1', currentPassword: demoPassword(t, 'alice') }), status: 422, field: 'password' },
      { name: 'another user\'s password, with their current password', cookie: () => bob, path: pw('alice'), body: () => ({ password: 'Taken-over-pass-123', currentPassword: demoPassword(t, 'alice') }), status: 403 },
    ];
    for (const c of cases) {
      test(c.name, async () => {
        // Bodies are built when the test runs: the demo passwords exist only once the server has started.
        const r = await session(t, c.cookie(), 'POST', c.path, c.body());
        assert.equal(r.status, c.status, r.text);
        if (c.field) assert.ok(r.body.details.causes.some((x: { field: string }) => x.field === c.field), r.text);
        ok(await login(t, 'alice', demoPassword(t, 'alice')), 'alice\'s password is unchanged');
        assert.ok(await aliceTokenWorks(), 'her tokens are untouched');
        ok(await session(t, alice, 'GET', '/auth/tokens'), 'her session goes on');
      });
    }
    test('an impersonated change is refused even with the right current password', async () => {
      const r = await t.as(IMP, 'POST', pw('alice'), { body: { password: 'Via-impersonation-9', currentPassword: demoPassword(t, 'alice') }, headers: { 'Impersonate-User': 'alice' } });
      assert.equal(r.status, 403, r.text);
      ok(await login(t, 'alice', demoPassword(t, 'alice')), 'unchanged');
    });
  });

  describe('grantreviews', () => {
    const review = (cookie: string, ns: string, spec: unknown) => session(t, cookie, 'POST', `${IAM}/namespaces/${ns}/grantreviews`, { apiVersion: 'iam.gatehouse.dev/v1', kind: 'GrantReview', spec });
    const ROLES = ['admin', 'developer', 'view', 'cluster-admin'].map((name) => ({ kind: 'ClusterRole', name }));
    test('a project admin may grant admin, developer and view in their namespace; cluster-admin not, with the rules missing', async () => {
      const bindingsBefore = ok(await t.admin('GET', '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings'), 'before').body.items.length;
      const r = ok(await review(bob, 'payments', { roleRefs: [...ROLES, { kind: 'Role', name: 'nope' }] }), 'review');
      assert.equal(r.status, 201);
      const by = Object.fromEntries(r.body.status.roles.map((x: { name: string }) => [x.name, x]));
      for (const n of ['admin', 'developer', 'view']) assert.deepEqual([by[n].allowed, by[n].reason], [true, 'covered'], n);
      assert.equal(by['cluster-admin'].allowed, false);
      assert.equal(by['cluster-admin'].reason, 'missingRules');
      assert.ok(by['cluster-admin'].missingRules.length > 0);
      assert.deepEqual([by.nope.allowed, by.nope.reason], [false, 'roleNotFound']);
      assert.ok(!r.text.includes('grant-check'), 'no probe subject');
      const bindingsAfter = ok(await t.admin('GET', '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings'), 'after').body.items.length;
      assert.equal(bindingsAfter, bindingsBefore, 'nothing written');
    });
    test('the answer matches a real grant: the refused role is refused by the API, the allowed one is granted', async () => {
      const rb = (role: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { generateName: `${role}-x-` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }] });
      assert.equal((await session(t, bob, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings?dryRun=All', rb('cluster-admin'))).status, 403);
      assert.equal((await session(t, bob, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings?dryRun=All', rb('view'))).status, 201);
    });
    test('subjects: known users, groups and service accounts are found; a typo is not', async () => {
      const subjects = [
        { kind: 'User', name: 'alice' }, { kind: 'User', name: 'alcie' },
        { kind: 'Group', name: 'system:authenticated' }, { kind: 'Group', name: 'system:masters' }, { kind: 'Group', name: 'no-such-team' },
        { kind: 'ServiceAccount', name: 'default' }, { kind: 'ServiceAccount', name: 'no-such-sa' },
      ];
      const r = ok(await review(bob, 'payments', { subjects }), 'review');
      assert.deepEqual(r.body.status.subjects.map((s: { name: string; found: boolean }) => `${s.name}:${s.found}`), [
        'alice:true', 'alcie:false', 'system:authenticated:true', 'system:masters:true', 'no-such-team:false', 'default:true', 'no-such-sa:false',
      ]);
    });
    const refusals: { name: string; cookie: () => string; ns: string; status: number }[] = [
      { name: 'a developer (may not create role bindings) gets no answer', cookie: () => alice, ns: 'web', status: 403 },
      { name: 'a project admin gets no answer about another namespace', cookie: () => bob, ns: 'web', status: 403 },
    ];
    for (const c of refusals) {
      test(c.name, async () => {
        const r = await review(c.cookie(), c.ns, { roleRefs: ROLES, subjects: [{ kind: 'User', name: 'alice' }] });
        assert.equal(r.status, c.status, r.text);
        assert.equal(r.body.kind, 'Status');
        assert.ok(!r.body.status?.roles && !r.body.status?.subjects && !/found|missingRules/.test(r.text), 'no answer leaks');
      });
    }
    test('bad input is a 4xx Status naming the field, never a 500', async () => {
      const r1 = await review(bob, 'payments', { roleRefs: [{ kind: 'Cluster', name: 'x' }] });
      assert.equal(r1.status, 422, r1.text);
      assert.match(r1.text, /roleRefs/);
      const r2 = await session(t, bob, 'POST', `${IAM}/namespaces/payments/grantreviews`, { kind: 'Pod', spec: {} });
      assert.equal(r2.status, 400, r2.text);
      const r3 = await session(t, bob, 'GET', `${IAM}/namespaces/payments/grantreviews`);
      assert.ok([403, 405].includes(r3.status), r3.text);
    });
  });

  // projects are a filtered view of namespaces; since the one-writer refactor a watch of them renders each
  // namespace event as a Project (registry/projects/storage.ts). Its filter must hold for every event.
  describe('projects: a watch shows only my projects', () => {
    const PROJECTS = '/apis/project.gatehouse.dev/v1/projects';
    const events = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; object: any });
    const watchWhileChanging = async (p: string, headers?: Record<string, string>) => {
      const w = session(t, alice, 'GET', `${PROJECTS}${p}`, undefined, { ...BROWSER, ...(headers ?? {}) });
      await new Promise((r) => setTimeout(r, 600));
      for (const ns of ['payments', 'web']) ok(await t.as(t.s.adminToken, 'PATCH', `/api/v1/namespaces/${ns}`, { body: { metadata: { labels: { touched: String(Date.now()) } } }, contentType: 'application/merge-patch+json' }), `label ${ns}`);
      return w;
    };
    test('alice\'s watch carries web, as Projects, and nothing of payments, before or after a change', async () => {
      const r = await watchWhileChanging('?watch=1&timeoutSeconds=2');
      assert.equal(r.status, 200, r.text.slice(0, 300));
      const ev = events(r.text).filter((e) => e.type !== 'BOOKMARK');
      assert.ok(ev.some((e) => e.object.metadata.name === 'web' && e.type === 'MODIFIED'), `web's change seen: ${r.text.slice(0, 300)}`);
      assert.deepEqual([...new Set(ev.map((e) => `${e.object.apiVersion} ${e.object.kind}`))], ['project.gatehouse.dev/v1 Project']);
      assert.ok(!/payments/.test(r.text), 'nothing of payments');
    });
    test('as Table, with whole objects: nothing of payments', async () => {
      const r = await watchWhileChanging('?watch=1&timeoutSeconds=2&includeObject=Object', { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
      assert.equal(r.status, 200, r.text.slice(0, 300));
      assert.ok(/web/.test(r.text) && !/payments/.test(r.text), r.text.slice(0, 300));
    });
    test('a watch of payments by name: no event; get and list of it: 404 and absent', async () => {
      const r = await watchWhileChanging('/payments?watch=1&timeoutSeconds=2');
      assert.ok(r.status === 200 || r.status === 404, r.text.slice(0, 300));
      assert.ok(!/payments/.test(r.status === 200 ? r.text : ''), r.text.slice(0, 300));
      assert.equal((await session(t, alice, 'GET', `${PROJECTS}/payments`)).status, 404);
      const list = ok(await session(t, alice, 'GET', PROJECTS), 'list').body;
      assert.ok(!list.items.some((i: any) => i.metadata.name === 'payments'));
    });
  });

  describe('profile impact warnings', () => {
    const warnings = (h: string | string[] | undefined) => String(h ?? '');
    test('a "read-only root" profile is announced as the automatic choice for the cluster admins instead of restricted (dry run: nothing stored)', async () => {
      const restricted = ok(await t.admin('GET', `${PROFILES}/restricted`), 'restricted').body;
      const body = { ...restricted, metadata: { name: 'readonly-root' }, readOnlyRootFilesystem: true };
      const r = ok(await t.admin('POST', `${PROFILES}?dryRun=All`, body), 'dry run');
      const w = warnings(r.headers.warning);
      assert.match(w, /automatic profile choice changes: plain pods of group \\?"system:masters\\?" \(admin\) in every namespace get \\?"readonly-root\\?" instead of \\?"restricted\\?"/, w);
      assert.doesNotMatch(w, /alice/, 'alice may not use it: her choice does not change');
      assert.equal((await t.admin('GET', `${PROFILES}/readonly-root`)).status, 404, 'the dry run stored nothing');
    });
    test('a profile granted to alice in web changes only her choice there', async () => {
      const restricted = ok(await t.admin('GET', `${PROFILES}/restricted`), 'restricted').body;
      ok(await t.admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/web/roles', { metadata: { name: 'use-tight' }, rules: [{ apiGroups: ['security.gatehouse.dev'], resources: ['securityprofiles'], verbs: ['use'], resourceNames: ['tight'] }] }), 'role');
      ok(await t.admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/web/rolebindings', { metadata: { name: 'alice-use-tight' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'use-tight' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }] }), 'binding');
      const r = ok(await t.admin('POST', PROFILES, { ...restricted, metadata: { name: 'tight' }, readOnlyRootFilesystem: true, priority: undefined }), 'create');
      const w = warnings(r.headers.warning);
      assert.match(w, /plain pods of user \\?"alice\\?" in namespace \\?"web\\?" get \\?"tight\\?" instead of \\?"restricted\\?"/, w);
      assert.doesNotMatch(w, /bob/);
      // Deleting it says the choice goes back.
      const d = ok(await t.admin('DELETE', `${PROFILES}/tight`), 'delete');
      assert.match(warnings(d.headers.warning), /user \\?"alice\\?" in namespace \\?"web\\?" get \\?"restricted\\?" instead of \\?"tight\\?"/);
    });
    test('a permissive profile that nobody gets automatically changes no one\'s choice', async () => {
      const r = ok(await t.admin('POST', `${PROFILES}?dryRun=All`, { apiVersion: 'security.gatehouse.dev/v1', kind: 'SecurityProfile', metadata: { name: 'wide-open' }, privileged: true, allowPrivilegeEscalation: true, runAsUser: { type: 'RunAsAny' } }), 'dry run');
      assert.doesNotMatch(warnings(r.headers.warning), /automatic profile choice/);
    });
  });
});
