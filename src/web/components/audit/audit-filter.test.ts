import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditHref, auditListRequest, fieldSelectorOf, filterFromParams, filterToParams, fromLocalInput, isChangesView, type AuditFilter, type AuditScope } from './audit-filter';

const HIDE = ',objectRef.resource!=selfsubjectaccessreviews,objectRef.resource!=selfsubjectrulesreviews,objectRef.resource!=selfsubjectreviews';

// The "all requests" view: everything but the console's permission checks (unless asked for).
const all: { name: string; filter: AuditFilter; scope?: AuditScope; expect: string }[] = [
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
for (const c of all) test(`fieldSelectorOf, all requests: ${c.name}`, () => assert.equal(fieldSelectorOf({ ...c.filter, view: 'all' }, c.scope), c.expect));

// The default view, "changes": writes to API objects, no dry runs, reviews or Lease heartbeats.
const READS = 'verb!=get,verb!=list,verb!=watch';
const NOT_CHANGES = 'objectRef.resource!=,objectRef.resource!=selfsubjectaccessreviews,objectRef.resource!=selfsubjectrulesreviews,objectRef.resource!=subjectaccessreviews,'
  + 'objectRef.resource!=localsubjectaccessreviews,objectRef.resource!=selfsubjectreviews,objectRef.resource!=tokenreviews,objectRef.resource!=grantreviews,objectRef.resource!=securityprofilereviews,objectRef.resource!=leases';
const cases: { name: string; filter: AuditFilter; scope?: AuditScope; expect: string }[] = [
  { name: 'nothing: changes only, the default', filter: {}, expect: `${READS},dryRun!=true,${NOT_CHANGES}` },
  { name: 'permission checks are never changes, even when asked for', filter: { checks: 'show' }, expect: `${READS},dryRun!=true,${NOT_CHANGES}` },
  { name: 'a write verb replaces the read exclusions', filter: { verb: 'delete' }, expect: `verb=delete,dryRun!=true,${NOT_CHANGES}` },
  { name: 'an explicit read verb shows what it names', filter: { verb: 'get' }, expect: `verb=get,dryRun!=true,${NOT_CHANGES}` },
  { name: 'a resource filter replaces the resource exclusions', filter: { resource: 'pods', name: 'web' }, expect: `objectRef.resource=pods,objectRef.name=web,${READS},dryRun!=true` },
  { name: 'mine, with a decision', filter: { decision: 'forbid' }, scope: { mine: 'alice' }, expect: `originatingUser=alice,decision=forbid,${READS},dryRun!=true,${NOT_CHANGES}` },
];
for (const c of cases) test(`fieldSelectorOf, changes: ${c.name}`, () => assert.equal(fieldSelectorOf(c.filter, c.scope), c.expect));

test('filters round-trip through the URL, blanks dropped', () => {
  const f = filterFromParams(new URLSearchParams('user=alice&verb=&bogus=1&since=2025-01-01T00:00:00Z'));
  assert.deepEqual(f, { user: 'alice', since: '2025-01-01T00:00:00Z' });
  assert.equal(filterToParams(f).toString(), 'user=alice&since=2025-01-01T00%3A00%3A00Z');
  assert.equal(isChangesView(f), true, 'no view in the URL: changes');
  const everything = filterFromParams(new URLSearchParams('view=all&user=alice'));
  assert.equal(isChangesView(everything), false);
  assert.equal(filterToParams(everything).toString(), 'view=all&user=alice');
  assert.equal(auditHref({ view: 'all', resource: 'pods' }, 'team'), '/ns/team/audit?view=all&resource=pods');
  assert.equal(auditHref({ originatingUser: 'bob' }, 'team'), '/ns/team/audit?originatingUser=bob');
  assert.equal(auditHref({}), '/audit');
});

test('auditListRequest uses the namespaced path and passes the time range', () => {
  const r = auditListRequest({ view: 'all', verb: 'get', since: '2025-01-01T00:00:00Z' }, { namespace: 'team' });
  assert.equal(r.path, '/apis/audit.gatehouse.dev/v1/namespaces/team/auditevents');
  assert.deepEqual(r.query, { fieldSelector: `verb=get${HIDE}`, since: '2025-01-01T00:00:00Z', until: undefined });
});

test('fromLocalInput renders UTC RFC 3339', () => {
  assert.equal(fromLocalInput(''), '');
  assert.match(fromLocalInput('2025-03-04T05:06'), /^2025-03-0\dT\d\d:06:00Z$/);
});
