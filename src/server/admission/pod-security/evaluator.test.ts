import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultChecks } from './checks/index';
import { ALLOWED, defineCheck, forbid, type Check, type CheckPodFn } from './check';
import { createEvaluator, InvalidChecksError } from './evaluator';
import { v, type CheckLevel } from './level-version';

const pass: CheckPodFn = () => ALLOWED;
const fail = (reason: string): CheckPodFn => () => forbid(reason, `${reason} detail`);
const mk = (id: string, level: CheckLevel, minors: number[], overrides?: string[]): Check =>
  defineCheck({ id, level, versions: minors.map((m) => ({ minimumVersion: v(1, m), check: fail(id), ...(overrides ? { overrides } : {}) })) });

describe('createEvaluator validation', () => {
  const cases: { name: string; checks: Check[]; expectError: RegExp }[] = [
    { name: 'duplicate IDs', checks: [mk('a', 'baseline', [0]), mk('a', 'restricted', [0])], expectError: /^multiple checks registered for ID a$/ },
    { name: 'bad level', checks: [mk('a', 'privileged' as CheckLevel, [0])], expectError: /^check a: invalid level privileged$/ },
    { name: 'no versions', checks: [defineCheck({ id: 'a', level: 'baseline', versions: [] })], expectError: /^check a: empty$/ },
    { name: 'v0.0 version', checks: [defineCheck({ id: 'a', level: 'baseline', versions: [{ minimumVersion: v(0, 0), check: pass }] })], expectError: /undefined version/ },
    { name: 'latest as a version', checks: [defineCheck({ id: 'a', level: 'baseline', versions: [{ minimumVersion: 'latest' as never, check: pass }] })], expectError: /cannot be 'latest'/ },
    { name: 'duplicate version', checks: [mk('a', 'baseline', [3, 3])], expectError: /^check a: duplicate version v1.3$/ },
    { name: 'decreasing versions', checks: [mk('a', 'baseline', [5, 3])], expectError: /^check a: versions must be strictly increasing$/ },
    { name: 'baseline check overriding', checks: [mk('b', 'baseline', [0], ['x'])], expectError: /^check b: only restricted checks may set overrides$/ },
    { name: 'overriding a restricted check', checks: [mk('r1', 'restricted', [0]), mk('r2', 'restricted', [0], ['r1'])], expectError: /^check r2: overrides restricted check r1$/ },
  ];
  for (const tc of cases) {
    it(`rejects ${tc.name}`, () => {
      assert.throws(() => createEvaluator(tc.checks), (err: unknown) => err instanceof InvalidChecksError && tc.expectError.test(err.message));
    });
  }

  it('accepts the default checks, whose newest revision is v1.37', () => {
    const e = createEvaluator(defaultChecks);
    assert.deepEqual(e.maxVersion, v(1, 37));
  });
});

describe('evaluation order, overrides and version resolution', () => {
  const e = createEvaluator([
    mk('zeta', 'baseline', [0]),
    mk('Alpha', 'baseline', [0]),
    mk('beta', 'baseline', [0]),
    mk('late', 'baseline', [10]),
    mk('a_restricted', 'restricted', [5], ['beta']),
    mk('restricted_z', 'restricted', [0]),
  ]);

  it('runs nothing at privileged', () => {
    assert.deepEqual(e.checkIds('privileged', 'latest'), []);
  });
  it('orders baseline IDs bytewise (uppercase first)', () => {
    assert.deepEqual(e.checkIds('baseline', 'latest'), ['Alpha', 'beta', 'late', 'zeta']);
  });
  it('puts restricted checks after the baseline ones and drops overridden baseline checks', () => {
    assert.deepEqual(e.checkIds('restricted', 'latest'), ['Alpha', 'late', 'zeta', 'a_restricted', 'restricted_z']);
  });
  it('keeps an overridden baseline check before the overriding revision exists', () => {
    assert.deepEqual(e.checkIds('restricted', v(1, 4)), ['Alpha', 'beta', 'zeta', 'restricted_z']);
  });
  it('treats versions newer than the newest revision as latest', () => {
    assert.deepEqual(e.checkIds('restricted', v(1, 99)), e.checkIds('restricted', 'latest'));
    assert.deepEqual(e.maxVersion, v(1, 10));
  });
  it('runs no checks before v1.0', () => {
    assert.deepEqual(e.checkIds('restricted', v(0, 9)), []);
  });
  it('returns every result, tagged with its ID', () => {
    assert.deepEqual(e.evaluate('baseline', v(1, 0), undefined, {}), [
      { id: 'Alpha', allowed: false, reason: 'Alpha', detail: 'Alpha detail' },
      { id: 'beta', allowed: false, reason: 'beta', detail: 'beta detail' },
      { id: 'zeta', allowed: false, reason: 'zeta', detail: 'zeta detail' },
    ]);
  });
  it('rejects a malformed version object', () => {
    assert.throws(() => e.evaluate('baseline', { major: 1, minor: 1.5 }, undefined, {}), TypeError);
  });
});
