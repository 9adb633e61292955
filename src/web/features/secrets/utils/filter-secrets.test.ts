import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SecretSummary } from '../../../../shared/api/security';
import { matchesSecret } from './filter-secrets';
import { secretTypeLabel } from './secret-types';

const s: SecretSummary = { metadata: { name: 'db-creds' }, type: 'Opaque', keys: ['password', 'username'], creator: 'alice', mountedBy: [{ pod: 'api-1', via: ['volume'] }] };

const cases: [string, boolean][] = [['', true], ['db', true], ['PASSWORD', true], ['alice api-1', true], ['opaque', true], ['bob', false], ['db bob', false]];
for (const [q, expect] of cases) test(`matchesSecret: "${q}"`, () => assert.equal(matchesSecret(s, q), expect));

test('secretTypeLabel names well-known types and passes others through', () => {
  assert.equal(secretTypeLabel('kubernetes.io/tls'), 'TLS');
  assert.equal(secretTypeLabel('example.com/custom'), 'example.com/custom');
});
