import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditHref, auditListRequest, fieldSelectorOf, filterFromParams, filterToParams, fromLocalInput, type AuditFilter, type AuditScope } from './audit-filter';

const HIDE = ',objectRef.resource!=selfsubjectaccessreviews,objectRef.resource!=selfsubjectrulesreviews,objectRef.resource!=selfsubjectreviews';

const cases: { name: string; filter: AuditFilter; scope?: AuditScope; expect: string }[] = [
  { name: 'nothing: permission checks hidden', filter: {}, expect: HIDE.slice(1) },
  { name: 'permission checks shown', filter: { checks: 'show' }, expect: '' },
  { name: 'a resource filter shows whatever it names', filter: { resource: 'selfsubjectaccessreviews' }, expect: 'objectRef.resource=selfsubjectaccessreviews' },
  { name: 'user and verb', filter: { user: 'alice', verb: 'create' }, expect: `user.username=alice,verb=create${HIDE}` },
  { name: 'service account with namespace', filter: { serviceAccount: 'team/builder' }, expect: `user.username=system:serviceaccount:team:builder${HIDE}` },
  { name: 'service account takes the scope namespace', filter: { serviceAccount: 'builder' }, scope: { namespace: 'team' }, expect: `user.username=system:serviceaccount:team:builder${HIDE}` },
  { name: 'namespace filter cluster-wide', filter: { namespace: 'team' }, expect: `objectRef.namespace=team${HIDE}` },
  { name: 'namespace filter is the path when scoped', filter: { namespace: 'other' }, scope: { namespace: 'team' }, expect: HIDE.slice(1) },
  { name: 'mine overrides originating user', filter: { originatingUser: 'bob' }, scope: { mine: 'alice' }, expect: `originatingUser=alice${HIDE}` },
  { name: 'decision only allow/forbid', filter: { decision: 'maybe', checks: 'show' }, expect: '' },
  { name: 'commas cannot inject terms', filter: { user: 'a,verb=delete' }, expect: `user.username=averb=delete${HIDE}` },
  { name: 'resource, name, decision', filter: { resource: 'configmaps', name: 'x', decision: 'forbid' }, expect: 'objectRef.resource=configmaps,objectRef.name=x,decision=forbid' },
];
for (const c of cases) test(`fieldSelectorOf: ${c.name}`, () => assert.equal(fieldSelectorOf(c.filter, c.scope), c.expect));

test('filters round-trip through the URL, blanks dropped', () => {
  const f = filterFromParams(new URLSearchParams('user=alice&verb=&bogus=1&since=2025-01-01T00:00:00Z'));
  assert.deepEqual(f, { user: 'alice', since: '2025-01-01T00:00:00Z' });
  assert.equal(filterToParams(f).toString(), 'user=alice&since=2025-01-01T00%3A00%3A00Z');
  assert.equal(auditHref({ originatingUser: 'bob' }, 'team'), '/ns/team/audit?originatingUser=bob');
  assert.equal(auditHref({}), '/audit');
});

test('auditListRequest uses the namespaced path and passes the time range', () => {
  const r = auditListRequest({ verb: 'get', since: '2025-01-01T00:00:00Z' }, { namespace: 'team' });
  assert.equal(r.path, '/apis/audit.gatehouse.dev/v1/namespaces/team/auditevents');
  assert.deepEqual(r.query, { fieldSelector: `verb=get${HIDE}`, since: '2025-01-01T00:00:00Z', until: undefined });
});

test('fromLocalInput renders UTC RFC 3339', () => {
  assert.equal(fromLocalInput(''), '');
  assert.match(fromLocalInput('2025-03-04T05:06'), /^2025-03-0\dT\d\d:06:00Z$/);
});
