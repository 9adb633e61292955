import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { podSchema } from '../../shared/api/core';
import { validateObject, withoutSpec } from './validation';

describe('withoutSpec', () => {
  const pod = (spec: unknown, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec, status: { phase: 'Running' }, ...extra });
  const specless = withoutSpec(podSchema)!;
  const cases: { name: string; input: unknown; full: boolean; specless: boolean }[] = [
    { name: 'a valid pod passes both', input: pod({ containers: [{ name: 'c', image: 'i' }] }), full: true, specless: true },
    { name: 'a bad spec fails the full schema only', input: pod({ containers: [{ name: 5 }] }), full: false, specless: true },
    { name: 'a bad status fails both', input: { ...pod({ containers: [] }), status: { phase: 'Dancing' } }, full: false, specless: false },
    { name: 'bad metadata fails both', input: { ...pod({ containers: [] }), metadata: { name: 'p', labels: { a: 5 } } }, full: false, specless: false },
    { name: 'an unknown top-level field fails both (still strict)', input: pod({ containers: [] }, { extra: 1 }), full: false, specless: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(podSchema.safeParse(c.input).success, c.full);
      assert.equal(specless.safeParse(c.input).success, c.specless);
    });
  }

  test('is built once per schema; undefined for a schema without spec', () => {
    assert.equal(withoutSpec(podSchema), specless);
    assert.equal(withoutSpec(z.strictObject({ data: z.string() })), undefined);
    assert.equal(withoutSpec(z.string()), undefined);
  });

  test('validateObject with it still reports a bad status as 422', () => {
    assert.throws(() => validateObject(specless, { ...pod({ containers: [] }), status: { phase: 'Dancing' } }, 'Strict', 'Pod', '', 'p', []), (e: any) => e.code === 422);
  });
});
