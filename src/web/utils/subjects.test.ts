import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHumanUser, parseServiceAccountUser, serviceAccountGroups, serviceAccountUser } from './subjects';

test('serviceAccountUser and parseServiceAccountUser round-trip', () => {
  assert.equal(serviceAccountUser('team', 'builder'), 'system:serviceaccount:team:builder');
  assert.deepEqual(parseServiceAccountUser('system:serviceaccount:team:builder'), { namespace: 'team', name: 'builder' });
});

const bad = ['alice', 'system:serviceaccount:team', 'system:serviceaccount::x', 'system:serviceaccount:a:b:c', undefined];
for (const u of bad) test(`parseServiceAccountUser rejects ${String(u)}`, () => assert.equal(parseServiceAccountUser(u), undefined));

test('serviceAccountGroups', () => {
  assert.deepEqual(serviceAccountGroups('team'), ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated']);
});

test('isHumanUser', () => {
  assert.equal(isHumanUser('alice'), true);
  assert.equal(isHumanUser('system:serviceaccount:a:b'), false);
  assert.equal(isHumanUser(''), false);
});
