import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paths, safeRedirect } from './paths';

const cases: { name: string; input: string | null | undefined; expect: string | undefined }[] = [
  { name: 'a deep path', input: '/ns/default/pods?x=1#y', expect: '/ns/default/pods?x=1#y' },
  { name: 'nothing', input: null, expect: undefined },
  { name: 'protocol-relative', input: '//evil.example/x', expect: undefined },
  { name: 'backslash trick', input: '/\\evil.example', expect: undefined },
  { name: 'absolute URL', input: 'https://evil.example/', expect: undefined },
  { name: 'javascript:', input: 'javascript:alert(1)', expect: undefined },
  { name: 'control characters', input: '/ns/\tdefault', expect: undefined },
  { name: 'the sign-in page itself', input: '/sign-in?redirectTo=/x', expect: undefined },
];
for (const c of cases) test(`safeRedirect: ${c.name}`, () => assert.equal(safeRedirect(c.input), c.expect));

test('paths render hrefs with encoded namespaces', () => {
  assert.equal(paths.pods.getHref('team-a'), '/ns/team-a/pods');
  assert.equal(paths.serviceAccounts.getHref('a b'), '/ns/a%20b/service-accounts');
  assert.equal(paths.signIn.getHref('/ns/default/pods'), '/sign-in?redirectTo=%2Fns%2Fdefault%2Fpods');
  assert.equal(paths.signIn.getHref('//evil'), '/sign-in');
  assert.equal(paths.signIn.getHref('/'), '/sign-in');
});
