import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../../shared/api/core';
import { v, type PolicyLevel, type PolicyVersion } from './level-version';
import {
  admitPod,
  evaluateNamespacePolicy,
  evaluatePod,
  evaluatePodsInNamespace,
  isSignificantPodUpdate,
  parseLevelVersion,
  policyToEvaluate,
  sameLevelVersion,
  type Labels,
  type LevelVersion,
  type Mode,
  type PodLike,
} from './policy';
import type { PodSpecLike } from './types';

const P = 'pod-security.kubernetes.io/';
const labels = (kv: Record<string, string>): Record<string, string> =>
  Object.fromEntries([['other-label', 'foo-bar'], ...Object.entries(kv).map(([k, val]) => [P + k, val])]);
const lv = (level: PolicyLevel, version: PolicyVersion = 'latest'): LevelVersion => ({ level, version });
const privileged = lv('privileged');

// A pod that satisfies restricted:latest.
const restrictedSpec = (): PodSpecLike => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
});
// A pod that satisfies baseline but none of the restricted-only controls.
const baselineSpec = (): PodSpecLike => ({ containers: [{ name: 'container1' }] });

describe('policyToEvaluate (upstream TestPolicyToEvaluate)', () => {
  const cases: { name: string; labels: Labels; expect: [LevelVersion, LevelVersion, LevelVersion]; expectErr?: boolean }[] = [
    { name: 'no labels', labels: undefined, expect: [privileged, privileged, privileged] },
    { name: 'unrelated labels', labels: { app: 'x' }, expect: [privileged, privileged, privileged] },
    { name: 'simple enforce', labels: labels({ enforce: 'baseline' }), expect: [lv('baseline'), lv('baseline'), privileged] },
    { name: 'simple warn', labels: labels({ warn: 'restricted' }), expect: [privileged, lv('restricted'), privileged] },
    { name: 'simple audit', labels: labels({ audit: 'baseline' }), expect: [privileged, privileged, lv('baseline')] },
    { name: 'enforce & warn', labels: labels({ enforce: 'baseline', warn: 'restricted' }), expect: [lv('baseline'), lv('restricted'), privileged] },
    { name: 'enforce version', labels: labels({ enforce: 'baseline', 'enforce-version': 'v1.22' }), expect: [lv('baseline', v(1, 22)), lv('baseline', v(1, 22)), privileged] },
    {
      name: 'enforce version & warn-version',
      labels: labels({ enforce: 'baseline', 'enforce-version': 'v1.22', 'warn-version': 'latest' }),
      expect: [lv('baseline', v(1, 22)), lv('baseline'), privileged],
    },
    { name: 'enforce & warn-version', labels: labels({ enforce: 'baseline', 'warn-version': 'v1.23' }), expect: [lv('baseline'), lv('baseline', v(1, 23)), privileged] },
    {
      name: 'fully specified',
      labels: labels({ enforce: 'baseline', 'enforce-version': 'v1.20', warn: 'restricted', 'warn-version': 'v1.21', audit: 'restricted', 'audit-version': 'v1.22' }),
      expect: [lv('baseline', v(1, 20)), lv('restricted', v(1, 21)), lv('restricted', v(1, 22))],
    },
    { name: 'enforce no warn', labels: labels({ enforce: 'baseline', warn: 'privileged' }), expect: [lv('baseline'), privileged, privileged] },
    { name: 'enforce warn error', labels: labels({ enforce: 'baseline', warn: 'foo' }), expect: [lv('baseline'), privileged, privileged], expectErr: true },
    { name: 'enforce error', labels: labels({ enforce: 'foo' }), expect: [lv('restricted'), privileged, privileged], expectErr: true },
    { name: 'audit error fails open', labels: labels({ audit: 'Restricted' }), expect: [privileged, privileged, privileged], expectErr: true },
    { name: 'version error falls back to latest', labels: labels({ enforce: 'baseline', 'enforce-version': 'v1.01' }), expect: [lv('baseline'), lv('baseline'), privileged], expectErr: true },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const p = policyToEvaluate(tc.labels);
      assert.deepEqual([p.enforce, p.warn, p.audit], tc.expect);
      assert.equal(p.errors.length > 0, tc.expectErr ?? false);
      // Frozen labels (a namespace as the store shares it) resolve once, to the same policy.
      if (tc.labels) {
        const frozen = Object.freeze({ ...tc.labels });
        const once = policyToEvaluate(frozen);
        assert.deepEqual(once, p);
        assert.equal(policyToEvaluate(frozen), once);
        assert.ok(Object.isFrozen(once.errors));
      }
    });
  }

  it('labels that are not frozen are resolved on every call (they may change)', () => {
    const l: Record<string, string> = { 'pod-security.kubernetes.io/enforce': 'baseline' };
    assert.equal(policyToEvaluate(l).enforce.level, 'baseline');
    l['pod-security.kubernetes.io/enforce'] = 'restricted';
    assert.equal(policyToEvaluate(l).enforce.level, 'restricted');
  });
});

describe('parseLevelVersion', () => {
  const cases: { name: string; labels: Labels; mode: Mode; expect: unknown }[] = [
    { name: 'missing label is privileged:latest', labels: undefined, mode: 'enforce', expect: privileged },
    { name: 'level only', labels: labels({ enforce: 'restricted' }), mode: 'enforce', expect: lv('restricted') },
    { name: 'pinned version', labels: labels({ audit: 'baseline', 'audit-version': 'v1.25' }), mode: 'audit', expect: lv('baseline', v(1, 25)) },
    { name: 'v1.0 is valid', labels: labels({ warn: 'baseline', 'warn-version': 'v1.0' }), mode: 'warn', expect: lv('baseline', v(1, 0)) },
    { name: 'future versions parse', labels: labels({ enforce: 'baseline', 'enforce-version': 'v1.99' }), mode: 'enforce', expect: lv('baseline', v(1, 99)) },
    { name: 'warn follows a stricter enforce', labels: labels({ enforce: 'restricted', 'enforce-version': 'v1.30' }), mode: 'warn', expect: lv('restricted', v(1, 30)) },
    {
      name: 'invalid level falls back to restricted for enforce',
      labels: labels({ enforce: 'strict' }),
      mode: 'enforce',
      expect: { error: `metadata.labels[${P}enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted`, fallback: lv('restricted') },
    },
    {
      name: 'invalid level falls back to privileged for warn',
      labels: labels({ warn: '' }),
      mode: 'warn',
      expect: { error: `metadata.labels[${P}warn]: Invalid value: "": must be one of privileged, baseline, restricted`, fallback: privileged },
    },
    {
      name: 'invalid level and version are aggregated',
      labels: labels({ audit: 'foo', 'audit-version': '1.25' }),
      mode: 'audit',
      expect: {
        error: `[metadata.labels[${P}audit]: Invalid value: "foo": must be one of privileged, baseline, restricted, metadata.labels[${P}audit-version]: Invalid value: "1.25": must be "latest" or "v1.x"]`,
        fallback: privileged,
      },
    },
    { name: 'another mode\'s error does not leak', labels: labels({ enforce: 'foo', audit: 'baseline' }), mode: 'audit', expect: lv('baseline') },
  ];
  for (const tc of cases) {
    it(tc.name, () => assert.deepEqual(parseLevelVersion(tc.labels, tc.mode), tc.expect));
  }
  for (const bad of ['v2.0', 'v1', '1.1', 'v1.01', 'v1.', 'v1.-1', 'V1.2', 'Latest', ' latest']) {
    it(`rejects version ${JSON.stringify(bad)}`, () => {
      const r = parseLevelVersion(labels({ enforce: 'baseline', 'enforce-version': bad }), 'enforce');
      assert.ok('error' in r);
      assert.deepEqual(r.fallback, lv('baseline'));
    });
  }
});

describe('evaluatePod messages', () => {
  it('aggregates baseline violations in upstream order', () => {
    const r = evaluatePod('baseline', 'latest', { name: 'p' }, { hostNetwork: true, containers: [{ name: 'container1', securityContext: { privileged: true } }] });
    assert.equal(r.allowed, false);
    assert.deepEqual(r.forbiddenReasons, ['host namespaces', 'privileged']);
    assert.equal(r.reason, 'host namespaces, privileged');
    assert.equal(
      r.message,
      'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), privileged (container "container1" must not set securityContext.privileged=true)',
    );
  });
  it('aggregates restricted violations after baseline ones', () => {
    const r = evaluatePod('restricted', 'latest', undefined, baselineSpec());
    assert.equal(
      r.message,
      'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "container1" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "container1" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "container1" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "container1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });
  it('reports an overridden baseline check once, as its restricted replacement', () => {
    const r = evaluatePod('restricted', 'latest', undefined, {
      ...restrictedSpec(),
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
    });
    assert.deepEqual(r.violations.map((x) => x.id), ['restrictedVolumes']);
  });
  it('admits everything at privileged', () => {
    const r = evaluatePod('privileged', 'latest', undefined, { hostPID: true, containers: [{ name: 'x', securityContext: { privileged: true } }] });
    assert.deepEqual([r.allowed, r.message, r.violations.length], [true, '', 0]);
  });
  it('tolerates a missing spec', () => {
    assert.equal(evaluatePod('restricted', 'latest', null, null).allowed, true);
  });
  it('rejects an invalid level', () => {
    assert.throws(() => evaluatePod('strict' as PolicyLevel, 'latest', undefined, {}), TypeError);
  });
});

describe('version pins', () => {
  const at = (level: PolicyLevel, version: PolicyVersion, spec: PodSpecLike) => evaluatePod(level, version, undefined, spec);
  const rootSpec = (): PodSpecLike => ({ ...restrictedSpec(), securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } } });

  it('runAsUser=0 is allowed at restricted v1.22 and rejected from v1.23', () => {
    assert.equal(at('restricted', v(1, 22), rootSpec()).allowed, true);
    assert.equal(at('restricted', v(1, 23), rootSpec()).message, 'violates PodSecurity "restricted:v1.23": runAsUser=0 (pod must not set runAsUser=0)');
    assert.equal(at('restricted', 'latest', rootSpec()).message, 'violates PodSecurity "restricted:latest": runAsUser=0 (pod must not set runAsUser=0)');
  });
  it('a user-namespace pod may run as root from v1.35', () => {
    assert.equal(at('restricted', 'latest', { ...rootSpec(), hostUsers: false }).allowed, true);
    assert.equal(at('restricted', v(1, 34), { ...rootSpec(), hostUsers: false }).allowed, false);
  });
  it('tcp_keepalive_time is allowed only from v1.29', () => {
    const spec = { containers: [{ name: 'a' }], securityContext: { sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }] } };
    assert.equal(at('baseline', v(1, 28), spec).message, 'violates PodSecurity "baseline:v1.28": forbidden sysctls (net.ipv4.tcp_keepalive_time)');
    assert.equal(at('baseline', v(1, 29), spec).allowed, true);
  });
  it('tcp_slow_start_after_idle is allowed only from v1.37', () => {
    const spec = { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' }] } };
    assert.equal(at('baseline', v(1, 36), spec).allowed, false);
    assert.equal(at('baseline', v(1, 37), spec).allowed, true);
    assert.equal(at('baseline', 'latest', spec).allowed, true);
  });
  it('restricted does not require a seccomp profile before v1.19', () => {
    const spec: PodSpecLike = { securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false } }] };
    assert.equal(at('restricted', v(1, 18), spec).allowed, true);
    assert.equal(
      at('restricted', v(1, 19), spec).message,
      'violates PodSecurity "restricted:v1.19": seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });
  it('restricted uses the baseline capabilities check before v1.22 and the restricted one after', () => {
    const spec: PodSpecLike = { ...restrictedSpec(), containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_RAW'] } } }] };
    assert.deepEqual(at('restricted', v(1, 21), spec).forbiddenReasons, ['non-default capabilities']);
    assert.deepEqual(at('restricted', v(1, 22), spec).forbiddenReasons, ['unrestricted capabilities']);
  });
  it('allowPrivilegeEscalation is not checked before v1.8', () => {
    const spec: PodSpecLike = { securityContext: { runAsNonRoot: true }, containers: [{ name: 'app' }] };
    assert.equal(at('restricted', v(1, 7), spec).allowed, true);
    assert.deepEqual(at('restricted', v(1, 8), spec).forbiddenReasons, ['allowPrivilegeEscalation != false']);
  });
  it('probe hosts are allowed before v1.34', () => {
    const spec: PodSpecLike = { containers: [{ name: 'a', livenessProbe: { httpGet: { host: 'example.com', port: 80 } } }] };
    assert.equal(at('baseline', v(1, 33), spec).allowed, true);
    assert.equal(at('baseline', v(1, 34), spec).allowed, false);
  });
  it('Unmasked procMount in a user namespace: baseline relaxes from v1.35, restricted never does', () => {
    const spec: PodSpecLike = { ...restrictedSpec(), hostUsers: false, containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, procMount: 'Unmasked' } }] };
    assert.equal(at('baseline', v(1, 34), spec).allowed, false);
    assert.equal(at('baseline', v(1, 35), spec).allowed, true);
    assert.equal(at('restricted', v(1, 34), spec).allowed, false);
    assert.equal(
      at('restricted', 'latest', spec).message,
      'violates PodSecurity "restricted:latest": procMount (container "app" must not set securityContext.procMount to "Unmasked")',
    );
  });
  it('Windows pods are exempt from seccomp, capabilities and allowPrivilegeEscalation from v1.25', () => {
    const spec: PodSpecLike = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'win' }] };
    assert.deepEqual(at('restricted', v(1, 24), spec).forbiddenReasons, ['allowPrivilegeEscalation != false', 'unrestricted capabilities', 'seccompProfile']);
    assert.equal(at('restricted', v(1, 25), spec).allowed, true);
  });
  it('container_engine_t is allowed from v1.31', () => {
    const spec: PodSpecLike = { securityContext: { seLinuxOptions: { type: 'container_engine_t' } } };
    assert.equal(at('baseline', v(1, 30), spec).allowed, false);
    assert.equal(at('baseline', v(1, 31), spec).allowed, true);
  });
  it('versions newer than the newest check evaluate as latest but keep their name', () => {
    const future = at('restricted', v(1, 99), baselineSpec());
    const latest = at('restricted', 'latest', baselineSpec());
    assert.deepEqual(future.violations, latest.violations);
    assert.equal(future.policy, 'restricted:v1.99');
    assert.match(future.message, /^violates PodSecurity "restricted:v1\.99": /);
  });
});

describe('evaluateNamespacePolicy', () => {
  it('evaluates each mode at its own level and version', () => {
    const e = evaluateNamespacePolicy(labels({ enforce: 'baseline', warn: 'restricted', audit: 'restricted', 'audit-version': 'v1.22' }), undefined, baselineSpec());
    assert.deepEqual([e.enforce.allowed, e.warn.allowed, e.audit.allowed], [true, false, false]);
    assert.equal(e.audit.policy, 'restricted:v1.22');
    assert.equal(e.warn.policy, 'restricted:latest');
  });
});

describe('admitPod', () => {
  const pod = { metadata: { name: 'web' }, spec: baselineSpec() };

  it('short-circuits an unlabelled namespace for pods with the privileged enforce-policy annotation', () => {
    const d = admitPod({ namespaceLabels: {}, podMetadata: pod.metadata, podSpec: pod.spec, enforce: true });
    assert.deepEqual(d, { allowed: true, warnings: [], auditAnnotations: { [`${P}enforce-policy`]: 'privileged:latest' } });
  });
  it('reports privileged:latest even when the privileged enforce label pins a version', () => {
    const d = admitPod({ namespaceLabels: labels({ enforce: 'privileged', 'enforce-version': 'v1.22' }), podMetadata: pod.metadata, podSpec: pod.spec, enforce: true });
    assert.deepEqual(d.auditAnnotations, { [`${P}enforce-policy`]: 'privileged:latest' });
  });
  it('short-circuits pod controllers without annotations when audit and warn are privileged', () => {
    const d = admitPod({ namespaceLabels: labels({ enforce: 'restricted', warn: 'privileged' }), podMetadata: pod.metadata, podSpec: pod.spec, enforce: false });
    assert.deepEqual(d, { allowed: true, warnings: [], auditAnnotations: {} });
  });
  it('rejects with a Forbidden message and no warnings when enforce fails', () => {
    const d = admitPod({ namespaceLabels: labels({ enforce: 'restricted' }), podMetadata: pod.metadata, podSpec: pod.spec, enforce: true });
    assert.equal(d.allowed, false);
    assert.equal(
      d.message,
      'pods "web" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "container1" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "container1" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "container1" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "container1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    assert.deepEqual(d.warnings, []);
    assert.deepEqual(d.auditAnnotations, { [`${P}enforce-policy`]: 'restricted:latest' });
  });
  it('omits the name when there is none yet', () => {
    const d = admitPod({ namespaceLabels: labels({ enforce: 'baseline' }), podMetadata: {}, podSpec: { hostPID: true }, enforce: true });
    assert.equal(d.message, 'pods is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostPID=true)');
  });
  it('warns and audits without rejecting', () => {
    const d = admitPod({
      namespaceLabels: labels({ enforce: 'baseline', warn: 'restricted', audit: 'restricted', 'audit-version': 'v1.30' }),
      podMetadata: pod.metadata,
      podSpec: { containers: [{ name: 'c', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }], securityContext: { runAsNonRoot: true } },
      enforce: true,
    });
    const why = 'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';
    assert.equal(d.allowed, true);
    assert.deepEqual(d.warnings, [`would violate PodSecurity "restricted:latest": ${why}`]);
    assert.deepEqual(d.auditAnnotations, {
      [`${P}enforce-policy`]: 'baseline:latest',
      [`${P}audit-violations`]: `would violate PodSecurity "restricted:v1.30": ${why}`,
    });
  });
  it('only audits and warns pod controllers, with warn defaulting to the enforce level', () => {
    const d = admitPod({ namespaceLabels: labels({ enforce: 'baseline' }), podMetadata: {}, podSpec: { hostIPC: true }, enforce: false, resource: 'deployments.apps' });
    assert.equal(d.allowed, true);
    assert.deepEqual(d.warnings, ['would violate PodSecurity "baseline:latest": host namespaces (hostIPC=true)']);
    assert.deepEqual(d.auditAnnotations, {});
  });
  it('records label errors and evaluates the fallback policy', () => {
    const d = admitPod({ namespaceLabels: labels({ enforce: 'bogus' }), podMetadata: pod.metadata, podSpec: restrictedSpec(), enforce: true });
    assert.equal(d.allowed, true);
    assert.deepEqual(d.auditAnnotations, {
      [`${P}error`]: `Failed to parse policy: metadata.labels[${P}enforce]: Invalid value: "bogus": must be one of privileged, baseline, restricted`,
      [`${P}enforce-policy`]: 'restricted:latest',
    });
  });
  it('accepts the shared zod Pod type as input', () => {
    const shared = { metadata: { name: 'typed' }, spec: { containers: [{ name: 'c' }] } } as Pod;
    const d = admitPod({ namespaceLabels: labels({ enforce: 'baseline' }), podMetadata: shared.metadata, podSpec: shared.spec, enforce: true });
    assert.equal(d.allowed, true);
  });
});

describe('isSignificantPodUpdate', () => {
  interface UpdatePod {
    readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> };
    readonly spec: { readonly containers: { name: string; image?: string }[]; readonly ephemeralContainers?: { name: string }[] };
  }
  const base = (): UpdatePod => ({
    metadata: { name: 'p', annotations: {} },
    spec: { containers: [{ name: 'a', image: 'one' }] },
  });
  const cases: { name: string; change: (p: UpdatePod) => UpdatePod; expect: boolean }[] = [
    { name: 'no change', change: (p) => p, expect: false },
    { name: 'label-only change', change: (p) => ({ ...p, metadata: { ...p.metadata, annotations: { note: 'x' } } }), expect: false },
    { name: 'image change', change: (p) => ({ ...p, spec: { containers: [{ name: 'a', image: 'two' }] } }), expect: true },
    { name: 'pod seccomp annotation', change: (p) => ({ ...p, metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } } }), expect: true },
    { name: 'container seccomp annotation', change: (p) => ({ ...p, metadata: { annotations: { 'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined' } } }), expect: true },
    { name: 'ephemeral container added', change: (p) => ({ ...p, spec: { ...p.spec, ephemeralContainers: [{ name: 'debug' }] } }), expect: true },
  ];
  for (const tc of cases) {
    it(tc.name, () => assert.equal(isSignificantPodUpdate(tc.change(base()), base()), tc.expect));
  }
});

describe('evaluatePodsInNamespace', () => {
  it('groups identical violations under the first pod name', () => {
    const bad = (name: string, uid?: string): PodLike => ({
      metadata: { name, ...(uid ? { ownerReferences: [{ uid, controller: true }] } : {}) },
      spec: { hostNetwork: true, containers: [{ name: 'c' }] },
    });
    const warnings = evaluatePodsInNamespace('team', lv('baseline'), [bad('web-2', 'rs1'), bad('web-1', 'rs1'), bad('solo'), { metadata: { name: 'ok' }, spec: { containers: [{ name: 'c' }] } }]);
    assert.deepEqual(warnings, [
      'existing pods in namespace "team" violate the new PodSecurity enforce level "baseline:latest"',
      'solo (and 2 other pods): host namespaces',
    ]);
  });
});

describe('sameLevelVersion', () => {
  it('is the same level at the same version: latest only equals latest, a version its major and minor', () => {
    const cases: [PolicyLevel, PolicyVersion, PolicyLevel, PolicyVersion, boolean][] = [
      ['restricted', 'latest', 'restricted', 'latest', true],
      ['restricted', v(1, 25), 'restricted', v(1, 25), true],
      ['restricted', 'latest', 'baseline', 'latest', false],
      ['restricted', v(1, 25), 'restricted', 'latest', false],
      ['restricted', 'latest', 'restricted', v(1, 25), false],
      ['restricted', v(1, 25), 'restricted', v(1, 24), false],
      ['baseline', v(1, 25), 'baseline', v(2, 25), false],
    ];
    for (const [la, va, lb, vb, want] of cases) {
      assert.equal(sameLevelVersion({ level: la, version: va }, { level: lb, version: vb }), want, `${la}:${JSON.stringify(va)} vs ${lb}:${JSON.stringify(vb)}`);
    }
  });
});
