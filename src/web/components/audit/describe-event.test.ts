import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from '../../../shared/api/audit';
import { describeEvent, eventSentence, OUTCOME_WORDS } from './describe-event';

const base: AuditEvent = {
  kind: 'AuditEvent', apiVersion: 'audit.gatehouse.dev/v1', level: 'Metadata', auditID: 'a1', stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/team/configmaps', verb: 'create', user: { username: 'alice' },
  requestReceivedTimestamp: '2025-01-01T00:00:00.000000Z', stageTimestamp: '2025-01-01T00:00:01.000000Z',
  objectRef: { resource: 'configmaps', namespace: 'team', name: 'cfg' }, responseStatus: { code: 201 },
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by RoleBinding "dev/team"', 'audit.gatehouse.dev/originating-user': 'alice' },
};

test('describeEvent: a person creating a configmap', () => {
  const d = describeEvent(base);
  assert.equal(d.action, 'create configmaps cfg in team');
  assert.equal(d.decision, 'allow');
  assert.equal(d.human, 'alice');
  assert.equal(d.serviceAccount, undefined);
  assert.equal(eventSentence(d), 'alice: create configmaps cfg in team (allowed, 201)');
});

test('describeEvent: a service account acting for the human who started its pod', () => {
  const d = describeEvent({
    ...base,
    user: { username: 'system:serviceaccount:team:builder', extra: { 'authentication.kubernetes.io/pod-name': ['build-1'], 'authentication.kubernetes.io/credential-id': ['JTI=x'] } },
    annotations: { ...base.annotations, 'audit.gatehouse.dev/originating-user': 'dana' },
  });
  assert.deepEqual(d.serviceAccount, { namespace: 'team', name: 'builder' });
  assert.deepEqual(d.pod, { namespace: 'team', name: 'build-1' });
  assert.equal(d.human, 'dana');
  assert.equal(eventSentence(d), 'dana → pod build-1 → service account team/builder: create configmaps cfg in team (allowed, 201)');
});

test('describeEvent: a refusal carries the server message; impersonation is shown', () => {
  const d = describeEvent({
    ...base, impersonatedUser: { username: 'bob' }, user: { username: 'admin' },
    responseStatus: { code: 403, message: 'configmaps is forbidden: User "bob" cannot create' },
    annotations: { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' },
  });
  assert.equal(d.decision, 'forbid');
  assert.equal(d.reason, 'configmaps is forbidden: User "bob" cannot create');
  assert.equal(d.impersonated, 'bob');
  assert.match(eventSentence(d), /^admin as bob: .*forbidden, 403/);
});

test('describeEvent: a non-resource request names the path', () => {
  const d = describeEvent({ ...base, objectRef: undefined, verb: 'get', requestURI: '/version?x=1' });
  assert.equal(d.action, 'get /version');
});

const outcomes: { name: string; decision?: string; code?: number; expect: string; badge: string }[] = [
  { name: 'authorized and done', decision: 'allow', code: 201, expect: 'allowed', badge: 'Allowed 201' },
  { name: 'refused by authorization', decision: 'forbid', code: 403, expect: 'forbidden', badge: 'Forbidden 403' },
  { name: 'authorized, then refused by escalation prevention: never "Allowed 403"', decision: 'allow', code: 403, expect: 'refused', badge: 'Refused 403' },
  { name: 'authorized, then invalid', decision: 'allow', code: 422, expect: 'failed', badge: 'Failed 422' },
  { name: 'a public path', code: 200, expect: 'recorded', badge: 'HTTP 200' },
  { name: 'failed authentication', code: 401, expect: 'failed', badge: 'Failed 401' },
];
for (const c of outcomes) {
  test(`describeEvent outcome: ${c.name}`, () => {
    const annotations: Record<string, string> = c.decision ? { 'authorization.k8s.io/decision': c.decision } : {};
    const d = describeEvent({ ...base, annotations, responseStatus: c.code === undefined ? undefined : { code: c.code } });
    assert.equal(d.outcome, c.expect);
    assert.equal(`${OUTCOME_WORDS[d.outcome]} ${d.code}`.replace('Recorded', 'HTTP'), c.badge);
  });
}

test('describeEvent: a dry run refused after authorization reads as a refused dry run, with the refusal as reason', () => {
  const d = describeEvent({
    ...base, verb: 'create', objectRef: { resource: 'rolebindings', namespace: 'team', name: 'x-grant-check' },
    responseStatus: { code: 403, message: 'rolebindings.rbac.authorization.k8s.io "x-grant-check" is forbidden: user "bob" is attempting to grant RBAC permissions not currently held' },
    annotations: { ...base.annotations, 'audit.gatehouse.dev/dry-run': 'true' },
  });
  assert.equal(d.dryRun, true);
  assert.equal(d.outcome, 'refused');
  assert.match(d.reason, /^rolebindings.* is attempting to grant RBAC permissions not currently held$/);
  assert.equal(eventSentence(d), 'alice: dry run of create rolebindings x-grant-check in team (refused, 403)');
  assert.equal(describeEvent(base).dryRun, false);
});
