import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forwardableHeaders, impersonationHeaders, isIdentityHeader, viewAsUser, SIGNED_IN_USER_EXTRA } from './proxy';

describe('connect proxy headers', () => {
  const cases = [
    { name: 'Authorization', header: 'authorization', strip: true },
    { name: 'Cookie (the Gatehouse session)', header: 'cookie', strip: true },
    { name: 'Impersonate-User', header: 'impersonate-user', strip: true },
    { name: 'Impersonate-Group', header: 'impersonate-group', strip: true },
    { name: 'Impersonate-Uid', header: 'impersonate-uid', strip: true },
    { name: 'Impersonate-Extra-*', header: 'impersonate-extra-gatehouse.dev%2fsigned-in-user', strip: true },
    { name: 'X-Remote-User (front proxy)', header: 'x-remote-user', strip: true },
    { name: 'X-Remote-Extra-*', header: 'x-remote-extra-scopes', strip: true },
    { name: 'Accept', header: 'accept', strip: false },
    { name: 'Content-Type', header: 'content-type', strip: false },
  ];
  for (const c of cases) {
    it(`${c.strip ? 'strips' : 'keeps'} ${c.name}`, () => {
      assert.equal(isIdentityHeader(c.header), c.strip);
      const out = forwardableHeaders({ [c.header]: 'x', host: 'gatehouse', connection: 'keep-alive' });
      assert.equal(c.header in out, !c.strip);
      assert.ok(!('host' in out) && !('connection' in out));
    });
  }
  it('impersonates the person with their groups and uid, never system:authenticated', () => {
    assert.deepEqual(impersonationHeaders({ username: 'alice', uid: 'u1', groups: ['dev', 'system:authenticated'] }), { 'Impersonate-User': 'alice', 'Impersonate-Group': ['dev'], 'Impersonate-Uid': 'u1' });
  });
  it('impersonates a service account without groups (kube-apiserver adds them)', () => {
    assert.deepEqual(impersonationHeaders({ username: 'system:serviceaccount:web:ci', groups: ['system:serviceaccounts'] }), { 'Impersonate-User': 'system:serviceaccount:web:ci' });
  });
  it('"view as" carries the person at the keyboard as a user extra, percent-encoded', () => {
    const u = viewAsUser({ username: 'admin', groups: ['system:masters'] }, 'alice', (n) => (n === 'alice' ? { username: 'alice', groups: ['dev', 'system:authenticated'] } : undefined));
    assert.deepEqual(u, { username: 'alice', groups: ['dev', 'system:authenticated'], extra: { [SIGNED_IN_USER_EXTRA]: ['admin'] } });
    assert.deepEqual(impersonationHeaders(u)['Impersonate-Extra-gatehouse.dev%2Fsigned-in-user'], ['admin']);
  });
});
