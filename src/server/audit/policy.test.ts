import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Attributes } from '../authz/types';
import { createPolicyChecker, DEFAULT_POLICY, fakeAuditChecker, levelCeiling, parsePolicy, pathMatches, ruleMatches, type PolicyRule } from './policy';

const alice = { username: 'alice', groups: ['devs', 'system:authenticated'] };

function res(verb: string, group: string, resource: string, o: Partial<Attributes> = {}): Attributes {
  return { user: alice, verb, isResourceRequest: true, path: '', apiGroup: group, apiVersion: 'v1', namespace: 'team', resource, subresource: '', name: '', ...o };
}
function nonRes(verb: string, path: string, o: Partial<Attributes> = {}): Attributes {
  return { user: alice, verb, isResourceRequest: false, path, apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '', ...o };
}

describe('ruleMatches (upstream checker semantics)', () => {
  const cases: { name: string; rule: Omit<PolicyRule, 'level'>; attrs: Attributes; want: boolean }[] = [
    { name: 'empty rule matches everything', rule: {}, attrs: res('get', '', 'pods'), want: true },
    { name: 'users: listed', rule: { users: ['alice'] }, attrs: res('get', '', 'pods'), want: true },
    { name: 'users: not listed', rule: { users: ['bob'] }, attrs: res('get', '', 'pods'), want: false },
    { name: 'userGroups: one of the groups', rule: { userGroups: ['devs'] }, attrs: res('get', '', 'pods'), want: true },
    { name: 'userGroups: none', rule: { userGroups: ['system:masters'] }, attrs: res('get', '', 'pods'), want: false },
    { name: 'verbs: listed', rule: { verbs: ['get', 'list'] }, attrs: res('list', '', 'pods'), want: true },
    { name: 'verbs: not listed', rule: { verbs: ['create'] }, attrs: res('list', '', 'pods'), want: false },
    { name: 'group only matches every resource of it', rule: { resources: [{ group: 'rbac.authorization.k8s.io' }] }, attrs: res('create', 'rbac.authorization.k8s.io', 'roles'), want: true },
    { name: 'group absent means core', rule: { resources: [{ resources: ['pods'] }] }, attrs: res('get', '', 'pods'), want: true },
    { name: 'other group', rule: { resources: [{ group: '', resources: ['pods'] }] }, attrs: res('get', 'apps', 'pods'), want: false },
    { name: 'resource does not match its subresource', rule: { resources: [{ resources: ['pods'] }] }, attrs: res('get', '', 'pods', { subresource: 'status' }), want: false },
    { name: 'resource/subresource', rule: { resources: [{ resources: ['pods/status'] }] }, attrs: res('update', '', 'pods', { subresource: 'status' }), want: true },
    { name: '* matches resource and subresource', rule: { resources: [{ resources: ['*'] }] }, attrs: res('update', '', 'pods', { subresource: 'status' }), want: true },
    { name: '*/status', rule: { resources: [{ resources: ['*/status'] }] }, attrs: res('update', '', 'nodes', { subresource: 'status' }), want: true },
    { name: '*/status not the main resource', rule: { resources: [{ resources: ['*/status'] }] }, attrs: res('update', '', 'nodes'), want: false },
    { name: 'pods/* matches subresources', rule: { resources: [{ resources: ['pods/*'] }] }, attrs: res('create', '', 'pods', { subresource: 'binding' }), want: true },
    { name: 'resourceNames: listed', rule: { resources: [{ resources: ['configmaps'], resourceNames: ['cfg'] }] }, attrs: res('get', '', 'configmaps', { name: 'cfg' }), want: true },
    { name: 'resourceNames: other name', rule: { resources: [{ resources: ['configmaps'], resourceNames: ['cfg'] }] }, attrs: res('get', '', 'configmaps', { name: 'x' }), want: false },
    { name: 'namespaces: listed', rule: { namespaces: ['team'] }, attrs: res('get', '', 'pods'), want: true },
    { name: 'namespaces: "" is cluster scope', rule: { namespaces: [''] }, attrs: res('get', '', 'nodes', { namespace: '' }), want: true },
    { name: 'namespaces: other', rule: { namespaces: ['kube-system'] }, attrs: res('get', '', 'pods'), want: false },
    { name: 'resource rule never matches a non-resource URL', rule: { resources: [{ group: '' }] }, attrs: nonRes('get', '/api'), want: false },
    { name: 'nonResourceURLs exact', rule: { nonResourceURLs: ['/version'] }, attrs: nonRes('get', '/version'), want: true },
    { name: 'nonResourceURLs prefix*', rule: { nonResourceURLs: ['/healthz*'] }, attrs: nonRes('get', '/healthz/etcd'), want: true },
    { name: 'nonResourceURLs *', rule: { nonResourceURLs: ['*'] }, attrs: nonRes('post', '/auth/login'), want: true },
    { name: 'nonResourceURLs never match a resource request', rule: { nonResourceURLs: ['*'] }, attrs: res('get', '', 'pods'), want: false },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(ruleMatches({ level: 'Metadata', ...c.rule }, c.attrs), c.want));
  }

  it('pathMatches', () => {
    assert.equal(pathMatches('/apis/x', '/apis/*'), true);
    assert.equal(pathMatches('/apis', '/apis/*'), false);
    assert.equal(pathMatches('/apis', '/apis*'), true);
  });
});

describe('the built-in policy', () => {
  const checker = createPolicyChecker(DEFAULT_POLICY);
  const cases: { name: string; attrs: Attributes; level: string }[] = [
    { name: 'health is not recorded', attrs: nonRes('get', '/healthz'), level: 'None' },
    { name: 'readyz subpaths are not recorded', attrs: nonRes('get', '/readyz/ping'), level: 'None' },
    { name: 'version is not recorded', attrs: nonRes('get', '/version'), level: 'None' },
    { name: 'discovery is not recorded', attrs: nonRes('get', '/apis/rbac.authorization.k8s.io/v1'), level: 'None' },
    { name: 'openapi is not recorded', attrs: nonRes('get', '/openapi/v3/api/v1'), level: 'None' },
    { name: 'a POST to a discovery path is recorded', attrs: nonRes('post', '/api'), level: 'Metadata' },
    { name: 'secrets: Metadata', attrs: res('create', '', 'secrets'), level: 'Metadata' },
    { name: 'token requests: Metadata', attrs: res('create', '', 'serviceaccounts', { subresource: 'token', name: 'builder' }), level: 'Metadata' },
    { name: 'token reviews: Metadata', attrs: res('create', 'authentication.k8s.io', 'tokenreviews', { namespace: '' }), level: 'Metadata' },
    { name: 'passwords: Metadata', attrs: res('create', 'iam.gatehouse.dev', 'users', { subresource: 'password', namespace: '', name: 'alice' }), level: 'Metadata' },
    { name: 'login: Metadata', attrs: nonRes('post', '/auth/login'), level: 'Metadata' },
    { name: 'RBAC writes: RequestResponse', attrs: res('create', 'rbac.authorization.k8s.io', 'rolebindings'), level: 'RequestResponse' },
    { name: 'RBAC reads: Metadata', attrs: res('list', 'rbac.authorization.k8s.io', 'rolebindings'), level: 'Metadata' },
    { name: 'pod writes: RequestResponse', attrs: res('create', '', 'pods'), level: 'RequestResponse' },
    { name: 'pod binding: RequestResponse', attrs: res('create', '', 'pods', { subresource: 'binding', name: 'p' }), level: 'RequestResponse' },
    { name: 'pod status writes: Metadata', attrs: res('update', '', 'pods', { subresource: 'status', name: 'p' }), level: 'Metadata' },
    { name: 'pod reads: Metadata', attrs: res('get', '', 'pods', { name: 'p' }), level: 'Metadata' },
    { name: 'configmap writes: Metadata', attrs: res('create', '', 'configmaps'), level: 'Metadata' },
    { name: 'audit reads: Metadata', attrs: res('list', 'audit.gatehouse.dev', 'auditevents', { namespace: '' }), level: 'Metadata' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = checker.evaluate(c.attrs);
      assert.equal(r.level, c.level);
      assert.deepEqual(r.omitStages, ['RequestReceived']);
      assert.equal(r.omitManagedFields, true);
    });
  }
});

describe('the ceiling no policy can lift', () => {
  const everything = createPolicyChecker(parsePolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n'));
  const cases: { name: string; attrs: Attributes; level: string }[] = [
    { name: 'secrets', attrs: res('get', '', 'secrets', { name: 's' }), level: 'Metadata' },
    { name: 'secret list', attrs: res('list', '', 'secrets'), level: 'Metadata' },
    { name: 'TokenRequest', attrs: res('create', '', 'serviceaccounts', { subresource: 'token', name: 'b' }), level: 'Metadata' },
    { name: 'TokenReview', attrs: res('create', 'authentication.k8s.io', 'tokenreviews', { namespace: '' }), level: 'Metadata' },
    { name: 'password', attrs: res('create', 'iam.gatehouse.dev', 'users', { subresource: 'password', namespace: '', name: 'a' }), level: 'Metadata' },
    { name: '/auth/login', attrs: nonRes('post', '/auth/login'), level: 'Metadata' },
    { name: '/auth/tokens', attrs: nonRes('post', '/auth/tokens'), level: 'Metadata' },
    { name: '/auth/kubeconfig', attrs: nonRes('post', '/auth/kubeconfig'), level: 'Metadata' },
    { name: 'configmaps are not capped', attrs: res('create', '', 'configmaps'), level: 'RequestResponse' },
    { name: 'service accounts themselves are not capped', attrs: res('create', '', 'serviceaccounts'), level: 'RequestResponse' },
    { name: 'users themselves are not capped', attrs: res('create', 'iam.gatehouse.dev', 'users', { namespace: '' }), level: 'RequestResponse' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(everything.evaluate(c.attrs).level, c.level);
      assert.equal(levelCeiling(c.attrs), c.level === 'Metadata' ? 'Metadata' : 'RequestResponse');
      assert.equal(fakeAuditChecker('RequestResponse').evaluate(c.attrs).level, c.level);
    });
  }
  it('a lower level stays lower', () => assert.equal(fakeAuditChecker('None').evaluate(res('get', '', 'secrets')).level, 'None'));
});

describe('policy files', () => {
  it('first matching rule wins; no match is None; omitStages are merged', () => {
    const c = createPolicyChecker(parsePolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: None
  users: [system:kube-scheduler]
- level: Request
  verbs: [create]
  omitStages: [ResponseStarted]
- level: Metadata
  resources: [{group: ""}]
`));
    assert.deepEqual(c.evaluate(res('create', '', 'pods', { user: { username: 'system:kube-scheduler', groups: [] } })), { level: 'None', omitStages: ['RequestReceived'], omitManagedFields: false });
    assert.deepEqual(c.evaluate(res('create', '', 'pods')), { level: 'Request', omitStages: ['RequestReceived', 'ResponseStarted'], omitManagedFields: false });
    assert.equal(c.evaluate(res('get', '', 'pods')).level, 'Metadata');
    assert.equal(c.evaluate(res('get', 'apps', 'deployments')).level, 'None');
  });

  it("omitManagedFields: a rule's own value overrides the policy's; unset everywhere is false", () => {
    const policy = (top: string) => createPolicyChecker(parsePolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
${top}
rules:
- level: RequestResponse
  verbs: [create]
  omitManagedFields: false
- level: RequestResponse
  verbs: [update]
  omitManagedFields: true
- level: RequestResponse
`));
    const on = policy('omitManagedFields: true');
    assert.equal(on.evaluate(res('create', '', 'pods')).omitManagedFields, false);
    assert.equal(on.evaluate(res('update', '', 'pods', { name: 'p' })).omitManagedFields, true);
    assert.equal(on.evaluate(res('patch', '', 'pods', { name: 'p' })).omitManagedFields, true);
    const unset = policy('');
    assert.equal(unset.evaluate(res('create', '', 'pods')).omitManagedFields, false);
    assert.equal(unset.evaluate(res('update', '', 'pods', { name: 'p' })).omitManagedFields, true);
    assert.equal(unset.evaluate(res('patch', '', 'pods', { name: 'p' })).omitManagedFields, false);
  });

  const bad: { name: string; text: string; expect: RegExp }[] = [
    { name: 'not YAML', text: 'rules: [', expect: /not valid YAML/ },
    { name: 'wrong kind', text: 'apiVersion: audit.k8s.io/v1\nkind: Pol\nrules: [{level: None}]', expect: /kind/ },
    { name: 'bad level', text: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Everything}]', expect: /rules\.0\.level/ },
    { name: 'no rules', text: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []', expect: /at least one rule/ },
    { name: 'resources and URLs', text: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, resources: [{group: ""}], nonResourceURLs: ["/x"]}]', expect: /both regular resources and non-resource URLs/ },
    { name: 'URL without /', text: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, nonResourceURLs: ["x"]}]', expect: /must begin with a '\/'/ },
    { name: 'wildcard in the middle', text: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, nonResourceURLs: ["/a*/b"]}]', expect: /final character/ },
    { name: 'unknown field', text: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, user: [x]}]', expect: /rules\.0/ },
    { name: 'bad stage', text: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [Done]\nrules: [{level: None}]', expect: /omitStages/ },
  ];
  for (const c of bad) {
    it(`rejects: ${c.name}`, () => assert.throws(() => parsePolicy(c.text, 'p.yaml'), (e: Error) => /^p\.yaml: /.test(e.message) && c.expect.test(e.message)));
  }
});
