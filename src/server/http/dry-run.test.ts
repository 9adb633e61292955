import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDryRunQuery, markDryRun } from './dry-run';

const cases: { name: string; query: string; expect: boolean }[] = [
  { name: 'dryRun=All', query: 'dryRun=All&fieldManager=kubectl', expect: true },
  { name: 'no dryRun', query: 'fieldManager=kubectl', expect: false },
  { name: 'an unsupported value (a 400, nothing runs)', query: 'dryRun=Some', expect: false },
  { name: 'All twice', query: 'dryRun=All&dryRun=All', expect: true },
  { name: 'All and something else', query: 'dryRun=All&dryRun=x', expect: false },
  { name: 'empty', query: 'dryRun=', expect: false },
];
for (const c of cases) test(`isDryRunQuery: ${c.name}`, () => assert.equal(isDryRunQuery(new URLSearchParams(c.query)), c.expect));

test('markDryRun sets the audit annotation', () => {
  const ctx = { annotations: {} as Record<string, string> };
  markDryRun(ctx);
  assert.deepEqual(ctx.annotations, { 'audit.gatehouse.dev/dry-run': 'true' });
});
