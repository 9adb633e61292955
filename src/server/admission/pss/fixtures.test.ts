// Runs every upstream conformance fixture (../shared/conformance/pod-security,
// see its README) at baseline:latest and restricted:latest. The README fixes
// the verdict for baseline/{pass,fail} at baseline, restricted/{pass,fail} at
// restricted, restricted/pass at baseline (admitted) and baseline/fail at
// restricted (rejected). The two combinations it is silent on are asserted
// from how upstream generates the fixtures (each is the minimal valid pod of
// its level with one control changed), as documented at EXPECTATIONS below.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { defaultChecks } from '../checks/index';
import { checkAt } from './check';
import { evaluator, evaluatePod } from './policy';
import type { PodMetaLike, PodSpecLike } from './types';

const FIXTURES = path.resolve(process.cwd(), '../shared/conformance/pod-security');
const LEVELS = ['baseline', 'restricted'] as const;
type Level = (typeof LEVELS)[number];

// restricted/fail fixtures named after a restricted check that also break a
// baseline rule, so they are rejected at baseline too.
const ALSO_BASELINE_VIOLATIONS: Readonly<Record<string, string>> = {
  'restrictedvolumes19.yaml': 'a hostPath volume is also a baseline hostPathVolumes violation',
  'seccompprofile_restricted1.yaml': 'a pod-level Unconfined seccomp profile is also a baseline seccompProfile_baseline violation',
  'seccompprofile_restricted4.yaml': 'a container-level Unconfined seccomp profile is also a baseline seccompProfile_baseline violation',
};

/** checkIdFor maps a fixture file name (`capabilities_baseline3.yaml`) to its check ID (`capabilities_baseline`). */
function checkIdFor(file: string): string {
  const stem = file.replace(/\.yaml$/, '').replace(/\d+$/, '').toLowerCase();
  const check = defaultChecks.find((c) => c.id.toLowerCase() === stem);
  return check ? check.id : '';
}

/** expectedCheckIds is the named check, or at restricted the restricted checks that override it at latest. */
function expectedCheckIds(id: string, level: Level): string[] {
  if (level === 'baseline') return [id];
  const overriders = defaultChecks
    .filter((c) => c.level === 'restricted' && (checkAt(c, evaluator.maxVersion)?.overrides ?? []).includes(id))
    .map((c) => c.id);
  return overriders.length > 0 ? overriders : [id];
}

/** EXPECTATIONS gives, per fixture directory and evaluation level, whether the pod is admitted and why. */
function expectation(dir: string, file: string, level: Level): { allowed: boolean; source: string } {
  const [fixtureLevel, verdict] = dir.split('/') as [Level, 'pass' | 'fail'];
  if (fixtureLevel === level) return { allowed: verdict === 'pass', source: 'README' };
  if (fixtureLevel === 'restricted' && verdict === 'pass') return { allowed: true, source: 'README (restricted pass implies baseline pass)' };
  if (fixtureLevel === 'baseline' && verdict === 'fail') return { allowed: false, source: 'README (baseline fail implies restricted fail)' };
  if (fixtureLevel === 'baseline' && verdict === 'pass') {
    return { allowed: false, source: 'derived: baseline fixtures omit the restricted-only fields (runAsNonRoot, seccomp, drop ALL)' };
  }
  // restricted/fail evaluated at baseline.
  const id = checkIdFor(file);
  const level0 = defaultChecks.find((c) => c.id === id)?.level;
  if (ALSO_BASELINE_VIOLATIONS[file]) return { allowed: false, source: `derived: ${ALSO_BASELINE_VIOLATIONS[file]}` };
  return level0 === 'baseline'
    ? { allowed: false, source: `derived: ${id} is a baseline check` }
    : { allowed: true, source: `derived: ${id} is a restricted-only check` };
}

interface Fixture {
  readonly dir: string;
  readonly file: string;
  readonly pod: { metadata?: PodMetaLike; spec?: PodSpecLike };
}

function loadFixtures(): Fixture[] {
  assert.ok(
    existsSync(FIXTURES),
    `Pod Security conformance fixtures not found at ${FIXTURES}; expected ../shared/conformance/pod-security next to the repository root`,
  );
  const out: Fixture[] = [];
  for (const dir of ['baseline/pass', 'baseline/fail', 'restricted/pass', 'restricted/fail']) {
    const full = path.join(FIXTURES, dir);
    assert.ok(existsSync(full), `fixture directory ${full} is missing`);
    for (const file of readdirSync(full).filter((f) => f.endsWith('.yaml')).sort()) {
      const pod = parse(readFileSync(path.join(full, file), 'utf8')) as Fixture['pod'];
      assert.equal((pod as { kind?: string }).kind, 'Pod', `${dir}/${file} is not a Pod`);
      out.push({ dir, file, pod });
    }
  }
  return out;
}

describe('Pod Security conformance fixtures at latest', () => {
  let fixtures: Fixture[] = [];
  let loadError: unknown;
  try {
    fixtures = loadFixtures();
  } catch (err) {
    loadError = err;
  }

  // A missing fixture tree is a failure, not a skip.
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
