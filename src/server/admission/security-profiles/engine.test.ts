import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SecurityProfile } from '../../../shared/api/security';
import { DEFAULT_PROFILES } from './defaults';
import { createProfileEngine, denialDetail, InvalidProfileChecksError, orderProfiles, profileEngine, restrictiveness, selectProfile } from './engine';
import { PROFILE_CHECKS } from './checks/index';
import { BLOCK } from './checks/testing';
import type { PodUnderReview, ProfileCheck } from './checks/types';
import { evaluatePod } from '../pod-security/policy';
import { loadFixtures } from '../pod-security/fixtures';
import { needs, podSecurityFixtures } from '../../testing/prerequisites';

const profile = (name: string): SecurityProfile => {
  const p = DEFAULT_PROFILES.find((x) => x.metadata.name === name);
  assert.ok(p, name);
  return p;
};
const ctx = { namespace: 'team-a', block: BLOCK };
const pod = (spec: Record<string, any>, annotations?: Record<string, string>): PodUnderReview => ({ metadata: { name: 'p', ...(annotations ? { annotations } : {}) }, spec: { containers: [{ name: 'c', image: 'img' }], ...spec } });

describe('createProfileEngine validates the registry', () => {
  const noop = (id: string, fields: ProfileCheck['fields']): ProfileCheck => ({ id, fields, apply: () => [] });
  const cases: { name: string; checks: ProfileCheck[]; expect: RegExp }[] = [
    { name: 'duplicate ID', checks: [...PROFILE_CHECKS, noop('privileged', ['allowHostPorts'])], expect: /duplicate profile check ID privileged/ },
    { name: 'ID not kebab-case', checks: [noop('Bad_Id', ['allowHostPorts'])], expect: /not kebab-case/ },
    { name: 'unknown field', checks: [...PROFILE_CHECKS, noop('extra', ['allowEverything' as never])], expect: /allowEverything is not a SecurityProfile field/ },
    { name: 'field owned twice', checks: [...PROFILE_CHECKS, noop('extra', ['allowHostPID'])], expect: /allowHostPID is owned by both host-pid and extra/ },
    { name: 'field owned by nobody', checks: PROFILE_CHECKS.filter((c) => c.id !== 'sysctls'), expect: /without a check: allowedUnsafeSysctls/ },
    { name: 'check without fields', checks: [...PROFILE_CHECKS, noop('empty', [])], expect: /owns no field/ },
  ];
  for (const tc of cases) {
    it(tc.name, () => assert.throws(() => createProfileEngine(tc.checks), (e: unknown) => e instanceof InvalidProfileChecksError && tc.expect.test(e.message)));
  }
  it('accepts the shipped registry', () => assert.equal(profileEngine.checks.length, PROFILE_CHECKS.length));
});

test('shipped profiles order from most to least restrictive', () => {
  assert.deepEqual(orderProfiles([...DEFAULT_PROFILES].reverse()).map((p) => p.metadata.name), ['restricted', 'nonroot', 'baseline', 'hostaccess', 'privileged']);
  const scores = DEFAULT_PROFILES.map(restrictiveness);
  assert.deepEqual([...scores].sort((a, b) => a - b), scores);
});

describe('selection order', () => {
  const all = ['restricted', 'nonroot', 'baseline', 'hostaccess', 'privileged'];
  const withPriority = (name: string, priority: number): SecurityProfile => ({ ...profile(name), priority });
  const cases: { name: string; usable: (string | SecurityProfile)[]; pod: PodUnderReview; expect?: string; tried: string[] }[] = [
    { name: 'a plain pod gets the most restrictive usable profile', usable: all, pod: pod({}), expect: 'restricted', tried: ['restricted'] },
    { name: 'a fixed non-root UID outside the range falls to nonroot', usable: all, pod: pod({ securityContext: { runAsUser: 1001 } }), expect: 'nonroot', tried: ['restricted', 'nonroot'] },
    { name: 'root falls to baseline', usable: all, pod: pod({ securityContext: { runAsUser: 0 } }), expect: 'baseline', tried: ['restricted', 'nonroot', 'baseline'] },
    { name: 'host network falls to hostaccess', usable: all, pod: pod({ hostNetwork: true }), expect: 'hostaccess', tried: ['restricted', 'nonroot', 'baseline', 'hostaccess'] },
    {
      name: 'a privileged container needs privileged',
      usable: all,
      pod: pod({ containers: [{ name: 'c', image: 'img', securityContext: { privileged: true } }] }),
      expect: 'privileged',
      tried: ['restricted', 'nonroot', 'baseline', 'hostaccess', 'privileged'],
    },
    { name: 'only usable profiles are tried; none admits', usable: ['restricted', 'nonroot'], pod: pod({ hostPID: true }), tried: ['restricted', 'nonroot'] },
    { name: 'usable order does not matter', usable: ['privileged', 'baseline', 'restricted'], pod: pod({ securityContext: { runAsUser: 0 } }), expect: 'baseline', tried: ['restricted', 'baseline'] },
    { name: 'priority comes before restrictiveness', usable: ['restricted', withPriority('baseline', 10)], pod: pod({}), expect: 'baseline', tried: ['baseline'] },
    {
      name: 'equal priority and score: by name',
      usable: [{ ...profile('restricted'), metadata: { name: 'zeta' } }, { ...profile('restricted'), metadata: { name: 'alpha' } }],
      pod: pod({}),
      expect: 'alpha',
      tried: ['alpha'],
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const usable = orderProfiles(tc.usable.map((u) => (typeof u === 'string' ? profile(u) : u)));
      const input = structuredClone(tc.pod);
      const sel = selectProfile(profileEngine, usable, tc.pod, ctx);
      assert.equal(sel.chosen?.profile, tc.expect);
      assert.deepEqual(sel.tried.map((t) => t.profile), tc.tried);
      assert.deepEqual(tc.pod, input, 'the input pod is never changed');
    });
  }
});

test('restricted fills in the namespace UID, groups, MCS level, drop ALL and RuntimeDefault', () => {
  const e = profileEngine.evaluate(profile('restricted'), pod({}), ctx);
  assert.equal(e.allowed, true);
  assert.deepEqual(e.pod.spec.securityContext, {
    runAsUser: 1_000_050_000, runAsNonRoot: true, fsGroup: 1_000_050_000, supplementalGroups: [1_000_050_000],
    seLinuxOptions: { level: 's0:c3,c2' }, seccompProfile: { type: 'RuntimeDefault' },
  });
  assert.deepEqual(e.pod.spec.containers[0].securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
});

test('denialDetail lists each profile with its failed fields', () => {
  const p = pod({ hostPID: true, containers: [{ name: 'c', image: 'img', securityContext: { privileged: true } }] });
  const sel = selectProfile(profileEngine, [profile('restricted'), profile('baseline')], p, ctx);
  assert.equal(denialDetail(sel.tried),
    'profile "restricted": spec.containers[0].securityContext.privileged: Invalid value: true: privileged containers are not allowed, spec.hostPID: Invalid value: true: host PID namespace is not allowed; '
    + 'profile "baseline": spec.containers[0].securityContext.privileged: Invalid value: true: privileged containers are not allowed, spec.hostPID: Invalid value: true: host PID namespace is not allowed');
});

// The shipped profiles against every upstream Pod Security fixture: `privileged` changes nothing,
// and whatever `restricted` / `baseline` admit passes the Pod Security level of the same name.
describe('shipped profiles against the Pod Security fixtures', needs(podSecurityFixtures), () => {
  const fixtures: { file: string; pod: PodUnderReview }[] = [];
  it('finds the fixtures', () => {
    for (const fx of loadFixtures()) fixtures.push({ file: `${fx.dir}/${fx.file}`, pod: { metadata: fx.pod.metadata ?? {}, spec: fx.pod.spec ?? {} } as PodUnderReview });
    assert.ok(fixtures.length >= 140, `expected about 148 fixtures, found ${fixtures.length}`);
  });
  it('privileged admits every fixture unchanged', () => {
    for (const fx of fixtures) {
      const e = profileEngine.evaluate(profile('privileged'), fx.pod, ctx);
      assert.equal(e.allowed, true, fx.file);
      assert.deepEqual(e.pod, fx.pod, `${fx.file} was changed`);
    }
  });
  for (const level of ['restricted', 'baseline'] as const) {
    it(`what ${level} admits passes Pod Security ${level}:latest`, () => {
      let admitted = 0;
      for (const fx of fixtures) {
        const e = profileEngine.evaluate(profile(level), fx.pod, ctx);
        if (!e.allowed) continue;
        admitted += 1;
        const r = evaluatePod(level, 'latest', e.pod.metadata, e.pod.spec as any);
        assert.equal(r.allowed, true, `${fx.file} admitted by profile ${level} but ${r.message}`);
      }
      assert.ok(admitted >= 15, `only ${admitted} fixtures admitted by ${level}`);
    });
  }
  it('every baseline/fail fixture is refused by restricted, nonroot and baseline', () => {
    for (const fx of fixtures.filter((x) => x.file.startsWith('baseline/fail'))) {
      for (const name of ['restricted', 'nonroot', 'baseline']) {
        assert.equal(profileEngine.evaluate(profile(name), fx.pod, ctx).allowed, false, `${fx.file} admitted by ${name}`);
      }
    }
  });
});
