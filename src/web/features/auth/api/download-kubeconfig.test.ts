import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filenameOf } from './download-kubeconfig';

const cases: [string | null, string][] = [
  ['attachment; filename="alice.kubeconfig"', 'alice.kubeconfig'],
  ['attachment; filename=bob.kubeconfig', 'bob.kubeconfig'],
  ['attachment; filename="../../etc/passwd"', 'gatehouse.kubeconfig'],
  ['inline', 'gatehouse.kubeconfig'],
  [null, 'gatehouse.kubeconfig'],
];
for (const [header, expect] of cases) test(`filenameOf: ${header}`, () => assert.equal(filenameOf(header), expect));
