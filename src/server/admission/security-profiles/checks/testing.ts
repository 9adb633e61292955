// Test support for the profile-check table tests (STYLE.md §15). Not used at runtime.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SecurityProfile } from '../../../../shared/api/security';
import type { NamespaceBlock, PodUnderReview, ProfileCheck } from './types';
import { reviewCopy } from '../engine';

/** BLOCK is the namespace block the cases run in unless they give another. */
export const BLOCK: NamespaceBlock = { uid: { start: 1_000_050_000, size: 10_000 }, groups: { start: 1_000_050_000, size: 10_000 }, mcs: 's0:c3,c2' };

/** ProfileCheckCase is one row: a profile (fields of interest only), a pod, and what must come out. */
export interface ProfileCheckCase {
  readonly name: string;
  readonly profile: Partial<SecurityProfile>;
  readonly pod: { metadata?: PodUnderReview['metadata']; spec: Record<string, any> };
  readonly block?: NamespaceBlock;
  /** expectReasons are the rendered reasons `field: message`, in order; none means allowed. */
  readonly expectReasons?: readonly string[];
  /** expect maps dotted paths (`spec.securityContext.runAsUser`, `spec.containers.0.securityContext`) to their value after apply. */
  readonly expect?: Readonly<Record<string, unknown>>;
  /** unchanged asserts that apply changed nothing. */
  readonly unchanged?: boolean;
}

/** ct builds a container named `name` with an optional securityContext and extra fields. */
export function ct(name: string, securityContext?: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return securityContext === undefined ? { name, image: 'img', ...extra } : { name, image: 'img', securityContext, ...extra };
}

/** deepFreeze freezes `v` and everything in it (a write to it then throws: modules are strict). */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

const get = (o: unknown, path: string): unknown => path.split('.').reduce<any>((x, k) => (x == null ? undefined : x[k]), o);

/** runProfileCheckTable registers one test per case against the given check. */
export function runProfileCheckTable(check: ProfileCheck, cases: readonly ProfileCheckCase[]): void {
  describe(`profile check ${check.id}`, () => {
    for (const tc of cases) {
      it(tc.name, () => {
        const pod: PodUnderReview = { metadata: structuredClone(tc.pod.metadata ?? { name: 'p' }), spec: structuredClone(tc.pod.spec) };
        const before = structuredClone(pod);
        const profile = { metadata: { name: 'test' }, ...tc.profile } as SecurityProfile;
        const reasons = check.apply(profile, pod, { namespace: 'ns', block: tc.block ?? BLOCK });
        assert.deepEqual(reasons.map((r) => `${r.field}: ${r.message}`), [...(tc.expectReasons ?? [])]);
        for (const [path, want] of Object.entries(tc.expect ?? {})) assert.deepEqual(get(pod, path), want, `at ${path}`);
        if (tc.unchanged) assert.deepEqual(pod, before, 'expected the pod to be unchanged');
      });
      it(`${tc.name} (on the engine's copy of a frozen pod: the check writes only where reviewCopy copies)`, () => {
        const frozen = deepFreeze({ metadata: structuredClone(tc.pod.metadata ?? { name: 'p' }), spec: structuredClone(tc.pod.spec) });
        const copy = reviewCopy(frozen);
        const profile = { metadata: { name: 'test' }, ...tc.profile } as SecurityProfile;
        const reasons = check.apply(profile, copy, { namespace: 'ns', block: tc.block ?? BLOCK });
        assert.deepEqual(reasons.map((r) => `${r.field}: ${r.message}`), [...(tc.expectReasons ?? [])]);
        for (const [path, want] of Object.entries(tc.expect ?? {})) assert.deepEqual(get(copy, path), want, `at ${path}`);
      });
    }
  });
}
