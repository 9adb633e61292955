import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingInWords, ruleInWords } from './rule-words';

const cases: { name: string; input: Parameters<typeof ruleInWords>[0]; expect: string }[] = [
  { name: 'verbs on one resource', input: { verbs: ['create', 'delete'], apiGroups: [''], resources: ['pods'] }, expect: 'create, delete pods' },
  { name: 'friendly nouns', input: { verbs: ['get'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'] }, expect: 'get role bindings and roles' },
  { name: 'resource names', input: { verbs: ['use'], apiGroups: ['security.gatehouse.dev'], resources: ['securityprofiles'], resourceNames: ['privileged'] }, expect: 'use security profiles “privileged”' },
  { name: 'full authority', input: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, expect: 'do anything with everything' },
  { name: 'everything in one group', input: { verbs: ['get'], apiGroups: [''], resources: ['*'] }, expect: 'get everything in the core API' },
  { name: 'non-resource URLs', input: { verbs: ['*'], nonResourceURLs: ['*'] }, expect: 'do anything with every non-resource URL' },
  { name: 'subresources', input: { verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token', 'pods/log'] }, expect: 'create service-account tokens and pods log' },
];
for (const c of cases) test(`ruleInWords: ${c.name}`, () => assert.equal(ruleInWords(c.input), c.expect));

test('missingInWords shows at most max rules and counts the rest', () => {
  const r = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
  assert.equal(missingInWords([r, r, r], 2), 'get pods; get pods; and 1 more');
  assert.equal(missingInWords([r]), 'get pods');
});
