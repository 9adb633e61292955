import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashToken, parseTokenFile, staticTokens } from './token-file';

describe('static token file', () => {
  const file = [
    '# comment',
    '',
    'tok-alice-0123456789,alice,uid-a,"devs, ops"',
    'tok-bob-0123456789,bob,uid-b',
  ].join('\n');

  it('parses users with quoted groups, skipping comments and blank lines', () => {
    const users = parseTokenFile(file);
    assert.deepEqual([...users.keys()], ['tok-alice-0123456789', 'tok-bob-0123456789']);
    assert.deepEqual(users.get('tok-alice-0123456789'), { username: 'alice', uid: 'uid-a', groups: ['devs', 'ops'] });
    assert.deepEqual(users.get('tok-bob-0123456789')?.groups, []);
  });

  it('hashToken is SHA-256 in hex (what stored token and session hashes were written with)', () => {
    assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('names the line of a short record', () => {
    assert.throws(() => parseTokenFile('ok,alice,uid\nbad,bob'), /line 2/);
  });

  it('authenticates each token as its own user and nothing else', () => {
    const auth = staticTokens(parseTokenFile(file));
    assert.equal((auth.authenticateToken('tok-alice-0123456789') as { username: string }).username, 'alice');
    assert.equal((auth.authenticateToken('tok-bob-0123456789') as { username: string }).username, 'bob');
    for (const t of ['', 'tok-alice-012345678', 'tok-alice-01234567890', 'TOK-alice-0123456789', 'tok-bob-0123456788', 'alice']) {
      assert.equal(auth.authenticateToken(t), undefined, t);
    }
  });
});
