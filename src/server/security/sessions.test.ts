// Adversarial suite, class "sessions and sign-in": password guessing in concurrent bursts (the failure
// limit is reserved before the slow hash is checked), sessions and tokens that should have ended after a
// password reset or change, and cross-site writes riding on a session cookie (CSRF). Each case asserts
// the refusal and that nothing changed: no session issued, no write made, no old credential alive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, type ApiResponse } from '../testing/server-process';
import { BROWSER, cookieOf, demoPassword, login, ok, session, startTarget, type Target } from './attacker';

const IAM = '/apis/iam.gatehouse.dev/v1';
const NEW_PW = { bob: 'Reset-by-admin-4471', alice: 'Changed-by-herself-8812' };

describe('sessions', () => {
  let t: Target;
  before(async () => {
    t = await startTarget();
    for (const u of ['dave', 'erin']) ok(await t.admin('POST', `${IAM}/users`, { metadata: { name: u } }), u);
    ok(await t.admin('POST', `${IAM}/users/dave/password`, { password: 'Real-one-pass-1x' }), 'dave password');
  });
  after(async () => { await t?.stop(); });

  const burst = (n: number, username: (i: number) => string, password = 'wrong-password-x') =>
    Promise.all(Array.from({ length: n }, (_, i) => login(t, username(i), password)));
  const codes = (rs: ApiResponse[]) => rs.map((r) => r.status);
  const noCookie = (rs: ApiResponse[]) => rs.every((r) => !r.headers['set-cookie']);

  describe('password guessing', () => {
    const cases: { name: string; run: () => Promise<void> }[] = [
      {
        name: 'a concurrent burst of 12 wrong passwords for one user gets at most 5 checked',
        run: async () => {
          const rs = await burst(12, () => 'dave');
          const checked = codes(rs).filter((c) => c === 401).length;
          assert.ok(checked <= 5, `${checked} of 12 were checked: ${codes(rs).join(' ')}`);
          assert.equal(codes(rs).filter((c) => c === 429).length, 12 - checked);
          assert.ok(noCookie(rs));
        },
      },
      {
        name: 'once the limit is reached the right password is refused too (no session)',
        run: async () => {
          const r = await login(t, 'dave', 'Real-one-pass-1x');
          assert.equal(r.status, 429, r.text);
          assert.ok(r.headers['retry-after']);
          assert.ok(!r.headers['set-cookie']);
        },
      },
      {
        name: 'the limit is per user name, whatever its case',
        run: async () => {
          const r = await login(t, 'DAVE', 'Real-one-pass-1x');
          assert.equal(r.status, 429, r.text);
          assert.ok(!r.headers['set-cookie']);
        },
      },
      {
        name: 'a concurrent burst against a user that does not exist is limited the same way',
        run: async () => {
          const rs = await burst(12, () => 'nobody-here');
          const checked = codes(rs).filter((c) => c === 401).length;
          assert.ok(checked <= 5, `${checked} of 12 were checked: ${codes(rs).join(' ')}`);
          assert.ok(noCookie(rs));
        },
      },
    ];
    for (const c of cases) test(c.name, c.run);
  });

  describe('a password reset or change ends the other sessions and the personal tokens', () => {
    let bob1 = '';
    let bob2 = '';
    let bobToken = '';
    let alice1 = '';
    let alice2 = '';
    let aliceToken = '';
    let resetMessage = '';
    let changeMessage = '';
    before(async () => {
      bob1 = cookieOf(ok(await login(t, 'bob', demoPassword(t, 'bob')), 'bob login 1'));
      bob2 = cookieOf(ok(await login(t, 'bob', demoPassword(t, 'bob')), 'bob login 2'));
      bobToken = ok(await session(t, bob1, 'POST', '/auth/tokens', { name: 'kubectl' }), 'bob token').body.token;
      alice1 = cookieOf(ok(await login(t, 'alice', demoPassword(t, 'alice')), 'alice login 1'));
      alice2 = cookieOf(ok(await login(t, 'alice', demoPassword(t, 'alice')), 'alice login 2'));
      aliceToken = ok(await session(t, alice1, 'POST', '/auth/tokens', { name: 'kubectl' }), 'alice token').body.token;
      // All six work before.
      for (const c of [bob1, bob2, alice1, alice2]) ok(await session(t, c, 'GET', '/auth/tokens'), 'session works');
      for (const k of [bobToken, aliceToken]) ok(await api(t.s, 'GET', '/apis/authentication.k8s.io/v1', { token: k }), 'token works');
      resetMessage = ok(await t.admin('POST', `${IAM}/users/bob/password`, { password: NEW_PW.bob }), 'admin resets bob').body.message;
      changeMessage = ok(await session(t, alice1, 'POST', `${IAM}/users/alice/password`, { password: NEW_PW.alice, currentPassword: demoPassword(t, 'alice') }), 'alice changes hers').body.message;
    });
    const gone = async (r: Promise<ApiResponse>) => { const x = await r; assert.equal(x.status, 401, x.text); };
    const cases: { name: string; run: () => Promise<void> }[] = [
      { name: 'bob\'s first session ended with the admin\'s reset', run: () => gone(session(t, bob1, 'GET', '/auth/tokens')) },
      { name: 'bob\'s second session ended with the admin\'s reset', run: () => gone(session(t, bob2, 'GET', '/api/v1/namespaces/payments/pods')) },
      { name: 'bob\'s personal token was revoked with the reset', run: () => gone(api(t.s, 'GET', '/api/v1/namespaces/payments/pods', { token: bobToken })) },
      { name: 'alice\'s other session ended when she changed her password', run: () => gone(session(t, alice2, 'GET', '/auth/tokens')) },
      { name: 'alice\'s personal token was revoked when she changed her password', run: () => gone(api(t.s, 'GET', '/api/v1/namespaces/web/pods', { token: aliceToken })) },
      { name: 'the old password no longer signs bob in', run: async () => { const r = await login(t, 'bob', demoPassword(t, 'bob')); assert.equal(r.status, 401); assert.ok(!r.headers['set-cookie']); } },
      { name: 'the answers say what was ended', run: async () => { assert.match(resetMessage, /session/); assert.match(resetMessage, /token/); assert.match(changeMessage, /other session/); } },
    ];
    for (const c of cases) test(c.name, c.run);
    test('control: the session alice changed her password in goes on, and the new passwords work', async () => {
      ok(await session(t, alice1, 'GET', '/auth/tokens'), 'alice session 1');
      ok(await login(t, 'bob', NEW_PW.bob), 'bob new password');
    });
  });

  describe('cross-site requests and forged sessions', () => {
    let erin = '';
    before(async () => {
      ok(await t.admin('POST', `${IAM}/users/erin/password`, { password: 'Signs-in-pass-55q' }), 'erin password');
      erin = cookieOf(ok(await login(t, 'erin', 'Signs-in-pass-55q'), 'erin login'));
    });
    const tokensOfErin = async () => (await session(t, erin, 'GET', '/auth/tokens')).body.items.length;
    const cases: { name: string; method: string; path: string; headers: Record<string, string>; body?: unknown; cookie?: () => string; expect: number }[] = [
      { name: 'a cookie write without the console marker header', method: 'POST', path: '/auth/tokens', headers: {}, body: { name: 'csrf' }, expect: 403 },
      { name: 'a cookie write from another origin', method: 'POST', path: '/auth/tokens', headers: { ...BROWSER, Origin: 'https://evil.example' }, body: { name: 'csrf' }, expect: 403 },
      { name: 'a cookie write marked cross-site by the browser', method: 'POST', path: '/auth/tokens', headers: { ...BROWSER, 'Sec-Fetch-Site': 'cross-site' }, body: { name: 'csrf' }, expect: 403 },
      { name: 'a cookie write marked same-site (a sibling subdomain)', method: 'POST', path: '/auth/tokens', headers: { ...BROWSER, 'Sec-Fetch-Site': 'same-site' }, body: { name: 'csrf' }, expect: 403 },
      { name: 'a cookie password change without the marker header', method: 'POST', path: `${IAM}/users/erin/password`, headers: {}, body: { password: 'Csrf-chosen-pass-1', currentPassword: 'Signs-in-pass-55q' }, expect: 403 },
      { name: 'a login form posted from another site', method: 'POST', path: '/auth/login', headers: { Origin: 'https://evil.example', 'X-Gatehouse-Request': '1' }, body: { username: 'erin', password: 'Signs-in-pass-55q' }, expect: 403 },
      { name: 'a login without the marker header (login CSRF)', method: 'POST', path: '/auth/login', headers: {}, body: { username: 'erin', password: 'Signs-in-pass-55q' }, expect: 403 },
      { name: 'a forged session cookie', method: 'GET', path: '/auth/tokens', headers: { Cookie: 'gatehouse_session=forged-session-id-000000000000000000' }, expect: 401 },
      { name: 'an empty session cookie', method: 'GET', path: '/api/v1/namespaces', headers: { Cookie: 'gatehouse_session=x' }, expect: 401 },
    ];
    for (const c of cases) {
      test(c.name, async () => {
        const before = await tokensOfErin();
        const cookie: Record<string, string> = c.headers.Cookie ? {} : { Cookie: erin };
        const r = await api(t.s, c.method, c.path, { body: c.body, headers: { ...cookie, ...c.headers } });
        assert.equal(r.status, c.expect, r.text);
        assert.equal(r.body?.kind, 'Status');
        assert.ok(!r.headers['set-cookie'] || /Max-Age=0/.test(String(r.headers['set-cookie'])), 'no session issued');
        assert.equal(await tokensOfErin(), before, 'nothing changed');
      });
    }
    test('after logout the cookie is dead', async () => {
      const c = cookieOf(ok(await login(t, 'erin', 'Signs-in-pass-55q'), 'erin login 2'));
      ok(await session(t, c, 'POST', '/auth/logout'), 'logout');
      assert.equal((await session(t, c, 'GET', '/auth/tokens')).status, 401);
    });
    test('a deleted user\'s session is dead, and a new user of the same name does not get it back', async () => {
      ok(await t.admin('POST', `${IAM}/users`, { metadata: { name: 'frank' } }), 'frank');
      ok(await t.admin('POST', `${IAM}/users/frank/password`, { password: 'Other-pass-77wz' }), 'frank pw');
      const c = cookieOf(ok(await login(t, 'frank', 'Other-pass-77wz'), 'frank login'));
      ok(await t.admin('DELETE', `${IAM}/users/frank`), 'delete frank');
      ok(await t.admin('POST', `${IAM}/users`, { metadata: { name: 'frank' } }), 'frank again');
      assert.equal((await session(t, c, 'GET', '/auth/tokens')).status, 401);
    });
  });

  test('a burst across many user names from one client is held by the per-client limit', async () => {
    const rs = await burst(24, (i) => `spray-${i}`);
    const checked = codes(rs).filter((c) => c === 401).length;
    assert.ok(checked <= 20, `${checked} of 24 were checked`);
    assert.ok(codes(rs).filter((c) => c === 429).length >= 4);
    assert.ok(noCookie(rs));
  });
});
