import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podSecurityPatch, readPodSecurity } from './pod-security';

test('readPodSecurity reads the labels, blank when unset', () => {
  const ps = readPodSecurity({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30', other: 'x' });
  assert.deepEqual(ps, { enforce: { level: 'baseline', version: 'v1.30' }, warn: { level: '', version: '' }, audit: { level: '', version: '' } });
  assert.deepEqual(readPodSecurity(null).warn, { level: '', version: '' });
});

const cases: { name: string; current: Record<string, string>; desired: Parameters<typeof podSecurityPatch>[1]; expect: Record<string, string | null> }[] = [
  {
    name: 'set enforce restricted, latest',
    current: {},
    desired: { enforce: { level: 'restricted', version: 'latest' }, warn: { level: '', version: '' }, audit: { level: '', version: '' } },
    expect: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' },
  },
  {
    name: 'clearing a level drops its version',
    current: { 'pod-security.kubernetes.io/warn': 'baseline', 'pod-security.kubernetes.io/warn-version': 'v1.29' },
    desired: { enforce: { level: '', version: '' }, warn: { level: '', version: 'v1.29' }, audit: { level: '', version: '' } },
    expect: { 'pod-security.kubernetes.io/warn': null, 'pod-security.kubernetes.io/warn-version': null },
  },
  {
    name: 'unchanged is empty',
    current: { 'pod-security.kubernetes.io/audit': 'restricted' },
    desired: { enforce: { level: '', version: '' }, warn: { level: '', version: '' }, audit: { level: 'restricted', version: '' } },
    expect: {},
  },
];
for (const c of cases) test(`podSecurityPatch: ${c.name}`, () => assert.deepEqual(podSecurityPatch(readPodSecurity(c.current), c.desired), c.expect));
