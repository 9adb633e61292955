import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultTolerations } from './pod-defaults';

const NOT_READY = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const UNREACHABLE = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

const cases: { name: string; input: Record<string, unknown>[] | null | undefined; expect: Record<string, unknown>[] }[] = [
  { name: 'none: both defaults', input: undefined, expect: [NOT_READY, UNREACHABLE] },
  { name: 'null: both defaults', input: null, expect: [NOT_READY, UNREACHABLE] },
  { name: 'not-ready tolerated for NoExecute: unreachable only', input: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }], expect: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }, UNREACHABLE] },
  { name: 'a key without effect tolerates every effect', input: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }], expect: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, NOT_READY] },
  { name: 'Exists without a key tolerates everything', input: [{ operator: 'Exists' }], expect: [{ operator: 'Exists' }] },
  { name: 'another effect does not count', input: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }], expect: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }, NOT_READY, UNREACHABLE] },
];

for (const c of cases) {
  test(`defaultTolerations: ${c.name}`, () => {
    const spec = { tolerations: c.input as never };
    defaultTolerations(spec);
    assert.deepEqual(spec.tolerations, c.expect);
  });
}
