import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWarnings } from './warnings';

const cases: { name: string; input: string | null; expect: string[] }[] = [
  { name: 'no header', input: null, expect: [] },
  { name: 'one warning', input: '299 - "existing pods violate"', expect: ['existing pods violate'] },
  {
    name: 'joined warnings with escaped quotes and commas',
    input: '299 - "existing pods in namespace \\"default\\" violate the new PodSecurity enforce level \\"restricted:latest\\"", 299 - "p2: host namespaces, privileged"',
    expect: ['existing pods in namespace "default" violate the new PodSecurity enforce level "restricted:latest"', 'p2: host namespaces, privileged'],
  },
  { name: 'garbage', input: 'nonsense', expect: [] },
];
for (const c of cases) test(`parseWarnings: ${c.name}`, () => assert.deepEqual(parseWarnings(c.input), c.expect));
