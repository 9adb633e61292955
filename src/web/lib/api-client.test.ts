import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, namespaceOf, toApiError, withQuery } from './api-client';

const status = (code: number, reason: string, message: string, details?: object) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message, details });

const cases: { name: string; input: { code: number; body: unknown; retryAfter?: string; namespace?: string }; expectReason: string; expectMessage: string; expectRetry?: number }[] = [
  {
    name: 'a Forbidden Status keeps its message, capitalised',
    input: { code: 403, body: status(403, 'Forbidden', 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "team-a"'), namespace: 'team-a' },
    expectReason: 'Forbidden', expectMessage: 'Pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "team-a"',
  },
  { name: 'a non-Status body falls back to a sentence', input: { code: 404, body: '<html>' }, expectReason: 'NotFound', expectMessage: 'The requested resource was not found.' },
  { name: 'an empty body', input: { code: 401, body: undefined }, expectReason: 'Unauthorized', expectMessage: 'You are not signed in.' },
  { name: '5xx without a Status', input: { code: 502, body: undefined }, expectReason: 'Unknown', expectMessage: 'The server had a problem (HTTP 502). Try again in a moment.' },
  { name: '429 adds Retry-After', input: { code: 429, body: status(429, 'TooManyRequests', 'too many requests'), retryAfter: '12' }, expectReason: 'TooManyRequests', expectMessage: 'Too many requests. Try again in 12 s.', expectRetry: 12 },
  { name: '429 reads details.retryAfterSeconds', input: { code: 429, body: status(429, 'TooManyRequests', 'slow down', { retryAfterSeconds: 3 }) }, expectReason: 'TooManyRequests', expectMessage: 'Slow down. Try again in 3 s.', expectRetry: 3 },
  { name: 'watch ERROR 410', input: { code: 410, body: status(410, 'Expired', 'too old resource version: 1 (40)') }, expectReason: 'Expired', expectMessage: 'Too old resource version: 1 (40)' },
];

for (const c of cases) {
  test(`toApiError: ${c.name}`, () => {
    const e = toApiError(c.input.code, c.input.body, { retryAfter: c.input.retryAfter, namespace: c.input.namespace });
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, c.input.code);
    assert.equal(e.reason, c.expectReason);
    assert.equal(e.message, c.expectMessage);
    assert.equal(e.namespace, c.input.namespace);
    assert.equal(e.retryAfterSeconds, c.expectRetry);
  });
}

test('namespaceOf reads core and group paths', () => {
  assert.equal(namespaceOf('/api/v1/namespaces/team-a/pods'), 'team-a');
  assert.equal(namespaceOf('/apis/rbac.authorization.k8s.io/v1/namespaces/dev/rolebindings/x'), 'dev');
  assert.equal(namespaceOf('/api/v1/namespaces/team-a'), undefined, 'the namespace object itself is cluster-scoped');
  assert.equal(namespaceOf('/apis/iam.gatehouse.dev/v1/users'), undefined);
});

test('withQuery skips undefined values and appends to existing queries', () => {
  assert.equal(withQuery('/api/v1/pods', { watch: true, resourceVersion: undefined }), '/api/v1/pods?watch=true');
  assert.equal(withQuery('/x?a=1', { b: 2 }), '/x?a=1&b=2');
  assert.equal(withQuery('/x', {}), '/x');
});
