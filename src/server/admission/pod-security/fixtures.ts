// The upstream Pod Security conformance fixtures (found as ../../testing/prerequisites.ts says) and their expected verdicts at baseline:latest and restricted:latest, shared by the
// evaluator test (fixtures.test.ts) and the API test (conformance.test.ts). Test support only.
// The README fixes the verdict for baseline/{pass,fail} at baseline, restricted/{pass,fail} at
// restricted, restricted/pass at baseline (admitted) and baseline/fail at restricted (rejected). The
// two combinations it is silent on are asserted from how upstream generates the fixtures (each is the
// minimal valid pod of its level with one control changed), as documented at `expectation` below.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { defaultChecks } from './checks/index';
import { checkAt } from './check';
import { evaluator } from './policy';
import { CONFORMANCE_ROOT, podSecurityFixtures } from '../../testing/prerequisites';
import type { PodMetaLike, PodSpecLike } from './types';

/** FIXTURES is the fixture tree (../../testing/prerequisites.ts says where it is looked for). */
export const FIXTURES = podSecurityFixtures.found ?? path.join(CONFORMANCE_ROOT, 'pod-security');
/** LEVELS are the levels every fixture is evaluated at. */
export const LEVELS = ['baseline', 'restricted'] as const;
/** Level is baseline or restricted. */
export type Level = (typeof LEVELS)[number];

/** ALSO_BASELINE_VIOLATIONS lists restricted/fail fixtures named after a restricted check that also break a baseline rule, so they are rejected at baseline too. */
export const ALSO_BASELINE_VIOLATIONS: Readonly<Record<string, string>> = {
  'restrictedvolumes19.yaml': 'a hostPath volume is also a baseline hostPathVolumes violation',
  'seccompprofile_restricted1.yaml': 'a pod-level Unconfined seccomp profile is also a baseline seccompProfile_baseline violation',
  'seccompprofile_restricted4.yaml': 'a container-level Unconfined seccomp profile is also a baseline seccompProfile_baseline violation',
};

/** checkIdFor maps a fixture file name (`capabilities_baseline3.yaml`) to its check ID (`capabilities_baseline`). */
export function checkIdFor(file: string): string {
  const stem = file.replace(/\.yaml$/, '').replace(/\d+$/, '').toLowerCase();
  const check = defaultChecks.find((c) => c.id.toLowerCase() === stem);
  return check ? check.id : '';
}

/** expectedCheckIds is the named check, or at restricted the restricted checks that override it at latest. */
export function expectedCheckIds(id: string, level: Level): string[] {
  if (level === 'baseline') return [id];
  const overriders = defaultChecks
    .filter((c) => c.level === 'restricted' && (checkAt(c, evaluator.maxVersion)?.overrides ?? []).includes(id))
    .map((c) => c.id);
  return overriders.length > 0 ? overriders : [id];
}

/** expectation gives, per fixture directory and evaluation level, whether the pod is admitted and why. */
export function expectation(dir: string, file: string, level: Level): { allowed: boolean; source: string } {
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

/** Fixture is one fixture file: its directory (`baseline/pass`), file name and the parsed Pod. */
export interface Fixture {
  readonly dir: string;
  readonly file: string;
  readonly pod: { metadata?: PodMetaLike; spec?: PodSpecLike };
}

/** loadFixtures reads every fixture, failing loudly when the tree is missing. */
export function loadFixtures(): Fixture[] {
  assert.ok(
    existsSync(FIXTURES),
    `Pod Security conformance fixtures not found at ${FIXTURES}: ${podSecurityFixtures.howToGet}`,
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
