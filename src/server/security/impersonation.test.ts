// Adversarial suite, class "impersonation": a subject allowed to impersonate some users tries to turn a
// temporary, audited "act as" into lasting credentials of its victim (personal tokens, kubeconfigs,
// passwords), or to impersonate more than it was granted. Each case asserts the refusal and that the
// victim's credentials are as they were.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTACKERS, BROWSER, cookieOf, demoPassword, expectRefused, grant, login, ok, session, startTarget, type AttackCase, type Target } from './attacker';

const IMP = ATTACKERS.impersonator;
const as = (u: string, groups: string[] = []) => ({ 'Impersonate-User': u, ...(groups.length ? { 'Impersonate-Group': groups.join(',') } : {}) });

describe('impersonation', () => {
  let t: Target;
  let aliceTokenId = '';
  let bobCookie = '';
  let adminCookie = '';
  /** tokensOf lists a user's personal tokens (ids and names) through a plain impersonated read. */
  const tokensOf = async (u: string) => {
    const r = await t.as(IMP, 'GET', '/auth/tokens', { headers: as(u) });
    return ok(r, `tokens of ${u}`).body.items.map((x: { id: string; name: string }) => `${x.id} ${x.name}`);
  };
  /** sessionsWork tells whether bob's and admin's console sessions still work (a password change would end them). */
  const sessionsWork = async () => [
    (await session(t, bobCookie, 'GET', '/api/v1/namespaces/payments/pods')).status,
    (await session(t, adminCookie, 'GET', '/api/v1/namespaces/default')).status,
  ];
  const credentials = async () => ({ alice: await tokensOf('alice'), admin: await tokensOf('admin'), sessions: await sessionsWork() });

  before(async () => {
    t = await startTarget();
    await grant(t, 'impersonator', [
      { apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['alice', 'admin', 'bob'] },
      { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: ['system:authenticated'] },
    ]);
    // alice has a personal token of her own (made in her own session); bob and the admin are signed in.
    const aliceCookie = cookieOf(ok(await login(t, 'alice', demoPassword(t, 'alice')), 'alice login'));
    aliceTokenId = ok(await session(t, aliceCookie, 'POST', '/auth/tokens', { name: 'laptop' }), 'alice token').body.id;
    bobCookie = cookieOf(ok(await login(t, 'bob', demoPassword(t, 'bob')), 'bob login'));
    const fs = await import('node:fs');
    adminCookie = cookieOf(ok(await login(t, 'admin', fs.readFileSync(`${t.s.dataDir}/initial-admin-password`, 'utf8').trim()), 'admin login'));
  });
  after(async () => { await t?.stop(); });

  describe('impersonated requests cannot create lasting credentials', () => {
    const cases: AttackCase[] = [
      { name: 'mint a personal token as alice', who: 'impersonator', method: 'POST', path: '/auth/tokens', body: { name: 'backdoor' }, headers: as('alice'), expect: [403], message: /impersonat/ },
      { name: 'mint a personal token as alice with an explicit group', who: 'impersonator', method: 'POST', path: '/auth/tokens', body: { name: 'backdoor' }, headers: as('alice', ['system:authenticated']), expect: [403], message: /impersonat/ },
      { name: 'mint a year-long personal token as admin', who: 'impersonator', method: 'POST', path: '/auth/tokens', body: { name: 'backdoor', expiresInSeconds: 366 * 24 * 3600 }, headers: as('admin'), expect: [403], message: /impersonat/ },
      { name: 'mint a personal token as bob', who: 'impersonator', method: 'POST', path: '/auth/tokens', body: { name: 'x' }, headers: as('bob'), expect: [403], message: /impersonat/ },
      { name: 'mint a personal token with an invalid body (refused before validation)', who: 'impersonator', method: 'POST', path: '/auth/tokens', body: { name: '' }, headers: as('alice'), expect: [403] },
      { name: 'download a kubeconfig as alice', who: 'impersonator', method: 'POST', path: '/auth/kubeconfig', headers: as('alice'), expect: [403], message: /impersonat/ },
      { name: 'download a kubeconfig as admin', who: 'impersonator', method: 'POST', path: '/auth/kubeconfig', headers: as('admin'), expect: [403], message: /impersonat/ },
      { name: 'download a kubeconfig as bob', who: 'impersonator', method: 'POST', path: '/auth/kubeconfig', headers: as('bob', ['system:authenticated']), expect: [403], message: /impersonat/ },
      { name: 'reset bob\'s password as admin', who: 'impersonator', method: 'POST', path: '/apis/iam.gatehouse.dev/v1/users/bob/password', body: { password: 'Attacker-chosen-9876' }, headers: as('admin'), expect: [403], message: /impersonat/ },
      { name: 'reset the admin\'s own password as admin', who: 'impersonator', method: 'POST', path: '/apis/iam.gatehouse.dev/v1/users/admin/password', body: { password: 'Attacker-chosen-9876' }, headers: as('admin'), expect: [403], message: /impersonat/ },
      { name: 'reset alice\'s password as admin', who: 'impersonator', method: 'POST', path: '/apis/iam.gatehouse.dev/v1/users/alice/password', body: { password: 'Attacker-chosen-9876' }, headers: as('admin'), expect: [403], message: /impersonat/ },
      { name: 'change alice\'s password as alice with a guessed current password', who: 'impersonator', method: 'POST', path: '/apis/iam.gatehouse.dev/v1/users/alice/password', body: { password: 'Attacker-chosen-9876', currentPassword: 'guess' }, headers: as('alice'), expect: [403] },
      { name: 'revoke alice\'s personal token as alice', who: 'impersonator', method: 'DELETE', path: '/auth/tokens/$alice', headers: as('alice'), expect: [403], message: /impersonat/ },
    ];
    for (const c of cases) test(c.name, () => expectRefused(t, { ...c, path: c.path.replace('$alice', aliceTokenId), snapshot: credentials }).then(() => undefined));
  });

  describe('impersonation beyond the grant is refused', () => {
    const cases: AttackCase[] = [
      { name: 'impersonate a user not granted (mallory)', who: 'impersonator', method: 'GET', path: '/api/v1/namespaces', headers: as('mallory'), expect: [403] },
      { name: 'impersonate system:masters as a group', who: 'impersonator', method: 'GET', path: '/api/v1/namespaces', headers: as('alice', ['system:masters']), expect: [403] },
      { name: 'impersonate admin with an explicit system:masters group', who: 'impersonator', method: 'POST', path: '/auth/tokens', body: { name: 'x' }, headers: as('admin', ['system:masters']), expect: [403] },
      { name: 'impersonate a service account', who: 'impersonator', method: 'GET', path: '/api/v1/namespaces/web/secrets', headers: as('system:serviceaccount:web:builder'), expect: [403] },
      { name: 'impersonate a node', who: 'impersonator', method: 'GET', path: '/api/v1/namespaces/web/secrets', headers: as('system:node:node-1', ['system:nodes']), expect: [403] },
      { name: 'impersonate a uid', who: 'impersonator', method: 'GET', path: '/api/v1/namespaces', headers: { ...as('alice'), 'Impersonate-Uid': 'x' }, expect: [403] },
      { name: 'impersonate an extra', who: 'impersonator', method: 'GET', path: '/api/v1/namespaces', headers: { ...as('alice'), 'Impersonate-Extra-Scopes': 'all' }, expect: [403] },
      { name: 'impersonate a group without a user', who: 'impersonator', method: 'GET', path: '/api/v1/namespaces', headers: { 'Impersonate-Group': 'system:masters' }, expect: [400] },
      { name: 'a developer may not impersonate at all', who: 'alice', method: 'POST', path: '/auth/tokens', body: { name: 'x' }, headers: as('bob'), expect: [403] },
      { name: 'impersonating alice does not give the impersonator alice\'s secrets (reads)', who: 'impersonator', method: 'GET', path: '/api/v1/namespaces/payments/secrets/payments-db', headers: as('alice'), expect: [403] },
    ];
    let extra: Record<string, string> = {};
    before(async () => {
      const c = cookieOf(ok(await login(t, 'alice', demoPassword(t, 'alice')), 'alice login'));
      extra = { alice: ok(await session(t, c, 'POST', '/auth/tokens', { name: 'kubectl' }), 'alice kubectl token').body.token };
    });
    for (const c of cases) test(c.name, () => expectRefused(t, { ...c, snapshot: credentials }, extra).then(() => undefined));
  });

  test('an impersonated read is audited with the impersonator as the user', async () => {
    const r = ok(await t.as(IMP, 'GET', '/api/v1/namespaces/web/pods', { headers: as('alice') }), 'impersonated read');
    const id = String(r.headers['audit-id']);
    let ev: any;
    for (let i = 0; i < 50 && !ev; i++) {
      ev = (await t.admin('GET', `/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=metadata.name%3D${id}`)).body.items?.[0];
      if (!ev) await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(ev.user.username, 'impersonator');
    assert.equal(ev.impersonatedUser.username, 'alice');
  });

  test('control: the impersonator can still read as alice, and alice can still mint her own token', async () => {
    ok(await t.as(IMP, 'GET', '/auth/tokens', { headers: as('alice') }), 'list tokens as alice');
    const c = cookieOf(ok(await login(t, 'alice', demoPassword(t, 'alice'), BROWSER), 'alice login'));
    ok(await session(t, c, 'POST', '/auth/tokens', { name: 'own' }), 'own token');
  });
});
