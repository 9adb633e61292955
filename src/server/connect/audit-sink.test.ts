import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStore, openDatabase } from '../storage/store';
import { attribute, checkSinkToken, isBookkeeping, PROXIED_BY } from './audit-sink';
import { SIGNED_IN_USER_EXTRA } from './proxy';

const store = createStore(openDatabase(':memory:'));
const ev = (extra: Record<string, unknown>) => ({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a', stage: 'ResponseComplete', requestURI: '/', verb: 'create', ...extra }) as any;

describe('connect audit sink', () => {
  it('a request Gatehouse proxied is the person\'s', () => {
    const out = attribute(ev({ user: { username: 'gatehouse' }, impersonatedUser: { username: 'alice', groups: ['dev'] } }), 'gatehouse', store);
    assert.equal(out.user!.username, 'alice');
    assert.equal(out.impersonatedUser, undefined);
    assert.equal(out.annotations![PROXIED_BY], 'gatehouse');
    assert.equal(out.annotations!['audit.gatehouse.dev/originating-user'], 'alice');
  });
  it('a "view as" request is the signed-in admin\'s, impersonating the viewed user', () => {
    const out = attribute(ev({ user: { username: 'gatehouse' }, impersonatedUser: { username: 'alice', extra: { [SIGNED_IN_USER_EXTRA]: ['admin'] } } }), 'gatehouse', store);
    assert.equal(out.user!.username, 'admin');
    assert.equal(out.impersonatedUser!.username, 'alice');
    assert.equal(out.annotations!['audit.gatehouse.dev/originating-user'], 'admin');
  });
  it('someone else\'s impersonation stays theirs', () => {
    const out = attribute(ev({ user: { username: 'bob' }, impersonatedUser: { username: 'alice' } }), 'gatehouse', store);
    assert.equal(out.user!.username, 'bob');
    assert.equal(out.impersonatedUser!.username, 'alice');
  });
  it('Gatehouse\'s own reads and access reviews are bookkeeping; its proxied requests are not', () => {
    assert.equal(isBookkeeping(ev({ user: { username: 'gatehouse' }, verb: 'watch' }), 'gatehouse'), true);
    assert.equal(isBookkeeping(ev({ user: { username: 'gatehouse' }, objectRef: { apiGroup: 'authorization.k8s.io', resource: 'subjectaccessreviews' } }), 'gatehouse'), true);
    assert.equal(isBookkeeping(ev({ user: { username: 'gatehouse' }, verb: 'list', impersonatedUser: { username: 'alice' } }), 'gatehouse'), false);
    assert.equal(isBookkeeping(ev({ user: { username: 'alice' }, verb: 'list' }), 'gatehouse'), false);
  });
  it('a dry-run write of the cluster is marked as a dry run; a read with the parameter is not', () => {
    const dry = attribute(ev({ user: { username: 'alice' }, requestURI: '/api/v1/namespaces/web/pods?dryRun=All&fieldManager=kubectl' }), 'gatehouse', store);
    assert.equal(dry.annotations!['audit.gatehouse.dev/dry-run'], 'true');
    const real = attribute(ev({ user: { username: 'alice' }, requestURI: '/api/v1/namespaces/web/pods?fieldManager=kubectl' }), 'gatehouse', store);
    assert.equal(real.annotations!['audit.gatehouse.dev/dry-run'], undefined);
    const read = attribute(ev({ user: { username: 'alice' }, verb: 'get', requestURI: '/api/v1/namespaces/web/pods/p?dryRun=All' }), 'gatehouse', store);
    assert.equal(read.annotations!['audit.gatehouse.dev/dry-run'], undefined);
  });
  it('the sink token is compared exactly', () => {
    assert.equal(checkSinkToken('Bearer abc', 'abc'), true);
    assert.equal(checkSinkToken('Bearer abd', 'abc'), false);
    assert.equal(checkSinkToken(undefined, 'abc'), false);
  });
});
