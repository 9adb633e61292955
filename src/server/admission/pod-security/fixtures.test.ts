// Runs every upstream conformance fixture (../shared/conformance/pod-security,
// see its README) at baseline:latest and restricted:latest. The README fixes
// the verdict for baseline/{pass,fail} at baseline, restricted/{pass,fail} at
// restricted, restricted/pass at baseline (admitted) and baseline/fail at
// restricted (rejected). The two combinations it is silent on are asserted
// from how upstream generates the fixtures (each is the minimal valid pod of
// its level with one control changed), as documented at `expectation` in ./fixtures.ts.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultChecks } from './checks/index';
import { checkIdFor, expectation, expectedCheckIds, LEVELS, loadFixtures, type Fixture } from './fixtures';
import { evaluatePod } from './policy';
import { needs, podSecurityFixtures } from '../../testing/prerequisites';

describe('Pod Security conformance fixtures at latest', needs(podSecurityFixtures), () => {
  let fixtures: Fixture[] = [];
  let loadError: unknown;
  try {
    fixtures = loadFixtures();
  } catch (err) {
    loadError = err;
  }

  // Without the fixtures this suite is skipped, except in CI (GATEHOUSE_REQUIRE_PREREQUISITES=1), where this fails.
  it('finds the fixture tree', () => {
    if (loadError) throw loadError;
    assert.ok(fixtures.length >= 140, `expected about 148 fixtures, found ${fixtures.length}`);
  });

  for (const fx of fixtures) {
    for (const level of LEVELS) {
      const want = expectation(fx.dir, fx.file, level);
      it(`${fx.dir}/${fx.file} is ${want.allowed ? 'admitted' : 'rejected'} at ${level}:latest (${want.source})`, () => {
        const result = evaluatePod(level, 'latest', fx.pod.metadata, fx.pod.spec);
        assert.equal(result.allowed, want.allowed, result.message || 'unexpectedly admitted');
        if (want.allowed) return;
        assert.match(result.message, new RegExp(`^violates PodSecurity "${level}:latest": `));
        const verdict = fx.dir.split('/')[1];
        const id = checkIdFor(fx.file);
        const idLevel = defaultChecks.find((ch) => ch.id === id)?.level;
        if (verdict === 'fail' && !(level === 'baseline' && idLevel === 'restricted')) {
          // The rejection must come from the control the fixture exercises.
          assert.ok(id, `no check matches fixture name ${fx.file}`);
          const ids = result.violations.map((x) => x.id);
          const expected = expectedCheckIds(id, level);
          assert.ok(expected.some((e) => ids.includes(e)), `expected a violation of ${expected.join(' or ')}, got ${ids.join(', ')}`);
        }
        if (fx.dir === 'baseline/pass') {
          // A pod that passes baseline can only fail restricted on restricted-level checks.
          const levels = result.violations.map((x) => defaultChecks.find((ch) => ch.id === x.id)?.level);
          assert.deepEqual([...new Set(levels)], ['restricted']);
        }
      });
    }
  }
});
