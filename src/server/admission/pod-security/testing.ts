// Test support for the table-driven check tests (STYLE.md §15). Not used at runtime.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAt, type Check, type CheckPodFn } from './check';
import { formatVersion, type PolicyVersion } from './level-version';
import type { ContainerLike, PodMetaLike, PodSpecLike, SecurityContextLike } from './types';

/** CheckCase is one row of a check's table test; no expectReason means the pod must be allowed. */
export interface CheckCase {
  readonly name: string;
  readonly input: { readonly meta?: PodMetaLike; readonly spec: PodSpecLike };
  /** version selects the revision in force at that version; default `latest` (the newest revision). */
  readonly version?: PolicyVersion;
  readonly expectReason?: string;
  readonly expectDetail?: string;
}

/** revisionAt returns the check function in force at version, failing the test if the check did not exist yet. */
export function revisionAt(check: Check, version: PolicyVersion): CheckPodFn {
  if (version === 'latest') return check.check;
  const rev = checkAt(check, version);
  assert.ok(rev, `check ${check.id} is not defined at ${formatVersion(version)}`);
  return rev.check;
}

/** runCheckTable registers one test per case against the given check. */
export function runCheckTable(check: Check, cases: readonly CheckCase[]): void {
  describe(`check ${check.id}`, () => {
    for (const tc of cases) {
      it(`${tc.name}${tc.version && tc.version !== 'latest' ? ` @${formatVersion(tc.version)}` : ''}`, () => {
        const result = revisionAt(check, tc.version ?? 'latest')(tc.input.meta, tc.input.spec);
        if (tc.expectReason === undefined) {
          assert.deepEqual(result, { allowed: true }, 'expected the pod to be allowed');
          return;
        }
        assert.equal(result.allowed, false, 'expected the pod to be rejected');
        assert.equal(result.reason, tc.expectReason);
        assert.equal(result.detail, tc.expectDetail);
      });
    }
  });
}

/** c builds a container named name with the given security context. */
export function c(name: string, securityContext?: SecurityContextLike, extra?: Omit<ContainerLike, 'name' | 'securityContext'>): ContainerLike {
  return { name, ...(securityContext ? { securityContext } : {}), ...extra };
}

/**
 * windowsExemptionCases are the rows every restricted check exempting Windows pods from 1.25 shares: a
 * Windows pod whose one container `a` sets nothing is allowed from 1.25, and at `before` (the last
 * version before the exemption) it gets `expectReason` and `expectDetail`.
 */
export function windowsExemptionCases(before: PolicyVersion, expectReason: string, expectDetail: string): CheckCase[] {
  const input = { spec: { os: { name: 'windows' }, containers: [c('a')] } };
  return [
    { name: 'Windows pods are exempt from 1.25', input },
    { name: 'Windows pods are not exempt before 1.25', version: before, input, expectReason, expectDetail },
  ];
}
