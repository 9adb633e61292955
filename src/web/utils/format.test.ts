import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAge } from './format';

const now = Date.parse('2025-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

const cases: { name: string; input: string | null | undefined; expect: string }[] = [
  { name: 'missing', input: undefined, expect: '<unknown>' },
  { name: 'garbage', input: 'yesterday', expect: '<unknown>' },
  { name: 'future (clock skew)', input: ago(-30), expect: '0s' },
  { name: 'seconds', input: ago(45), expect: '45s' },
  { name: 'under two minutes stays seconds', input: ago(119), expect: '119s' },
  { name: 'minutes and seconds', input: ago(3 * 60 + 12), expect: '3m12s' },
  { name: 'round minutes', input: ago(5 * 60), expect: '5m' },
  { name: 'minutes up to 3h', input: ago(2 * 3600 + 5 * 60), expect: '125m' },
  { name: 'hours and minutes', input: ago(5 * 3600 + 30 * 60), expect: '5h30m' },
  { name: 'hours', input: ago(20 * 3600), expect: '20h' },
  { name: 'days and hours', input: ago(2 * 86400 + 4 * 3600), expect: '2d4h' },
  { name: 'days', input: ago(40 * 86400), expect: '40d' },
  { name: 'years and days', input: ago((2 * 365 + 30) * 86400), expect: '2y30d' },
];
for (const c of cases) test(`formatAge: ${c.name}`, () => assert.equal(formatAge(c.input, now), c.expect));
