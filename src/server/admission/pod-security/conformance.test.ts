// Pod Security conformance through the real API: every upstream fixture in
// ../shared/conformance/pod-security (see its README) is created with `kubectl create
// --dry-run=server` by the admin, annotated with security profile `privileged` (so profile
// admission changes nothing and only Pod Security decides), in a namespace labelled
// `pod-security.kubernetes.io/enforce=baseline` and one labelled `=restricted`. Expected verdicts
// come from ./fixtures.ts (the README, plus the two derived combinations documented there).
// All 296 runs go through kubectl on one server (three at a time, about 20 s in all); version-pinned
// labels, warn and the namespace-labelling warning are checked at the end (audit annotations in
// pod-security.test.ts).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { stringify } from 'yaml';
import { expectation, LEVELS, loadFixtures, type Fixture } from './fixtures';
import { kubectlBinary, needs, podSecurityFixtures } from '../../testing/prerequisites';
import { api, kubeconfigFor, kubectl, startServerProcess, type KubectlResult, type TestServer } from '../../testing/server-process';

const PROFILE = 'security.gatehouse.dev/profile';

/** kubectlAsync runs kubectl without blocking the event loop, so a few run side by side. */
function kubectlAsync(kubeconfig: string, args: string[], input: string): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const p = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', `${kubeconfig}.cache`, ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    p.stdin.end(input);
  });
}

/** podName is the fixture's name made a valid object name (upstream names like `capabilities_baseline0` contain `_`). */
function podName(fx: Fixture): string {
  return String(fx.pod.metadata?.name ?? fx.file.replace(/\.yaml$/, '')).replace(/_/g, '-');
}

/** withProfile returns the fixture as YAML, with a valid name and the privileged profile annotation added. */
function withProfile(fx: Fixture, profile = 'privileged'): string {
  const pod = structuredClone(fx.pod) as { metadata?: { name?: string; annotations?: Record<string, string> } };
  pod.metadata ??= {};
  pod.metadata.name = podName(fx);
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [PROFILE]: profile };
  return stringify(pod);
}

describe('Pod Security conformance through kubectl create --dry-run=server', needs(podSecurityFixtures, kubectlBinary), () => {
  let s: TestServer;
  let admin: string;
  const fixtures = loadFixtures();
  const ok = (args: string[], input?: string) => {
    const r = kubectl(admin, args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r;
  };

  before(async () => {
    s = await startServerProcess();
    admin = kubeconfigFor(s, 'admin', s.adminToken);
    for (const level of LEVELS) {
      ok(['create', 'ns', `pss-${level}`]);
      ok(['label', 'ns', `pss-${level}`, `pod-security.kubernetes.io/enforce=${level}`]);
    }
  });
  after(async () => { await s?.stop(); });

  it('has the whole fixture tree', () => assert.ok(fixtures.length >= 140, `expected about 148 fixtures, found ${fixtures.length}`));

  for (const level of LEVELS) {
    it(`every fixture gives the expected verdict in a namespace with enforce=${level}`, async () => {
      const jobs = fixtures.map((fx) => ({ fx, want: expectation(fx.dir, fx.file, level) }));
      const failures: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < jobs.length) {
          const { fx, want } = jobs[next++];
          const r = await kubectlAsync(admin, ['create', '--dry-run=server', '-n', `pss-${level}`, '-o', 'name', '-f', '-'], withProfile(fx));
          const admitted = r.code === 0;
          if (admitted !== want.allowed) failures.push(`${fx.dir}/${fx.file}: want ${want.allowed ? 'admitted' : 'rejected'} (${want.source}), got ${admitted ? 'admitted' : `rejected: ${r.stderr.trim()}`}`);
          else if (admitted) {
            if (r.stdout.trim() !== `pod/${podName(fx)}`) failures.push(`${fx.dir}/${fx.file}: unexpected output ${r.stdout}`);
          } else if (!r.stderr.includes(`Error from server (Forbidden): error when creating "STDIN": pods "${podName(fx)}" is forbidden: violates PodSecurity "${level}:latest": `)) {
            failures.push(`${fx.dir}/${fx.file}: rejected, but not by Pod Security: ${r.stderr.trim()}`);
          }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      assert.deepEqual(failures, []);
    });
  }

  it('nothing was stored by the dry runs', () => {
    for (const level of LEVELS) assert.equal(ok(['get', 'pods', '-n', `pss-${level}`, '-o', 'name']).stdout.trim(), '');
  });

  it('version-pinned labels evaluate the checks of that version', () => {
    // runAsUser: 0 with runAsNonRoot: true is rejected by the restricted runAsUser check, which exists from v1.23.
    const fx = fixtures.find((f) => f.dir === 'restricted/fail' && f.file === 'runasuser0.yaml');
    assert.ok(fx);
    ok(['create', 'ns', 'pss-pinned']);
    ok(['label', 'ns', 'pss-pinned', 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/enforce-version=v1.22']);
    ok(['create', '--dry-run=server', '-n', 'pss-pinned', '-f', '-'], withProfile(fx));
    ok(['label', '--overwrite', 'ns', 'pss-pinned', 'pod-security.kubernetes.io/enforce-version=v1.23']);
    const r = kubectl(admin, ['create', '--dry-run=server', '-n', 'pss-pinned', '-f', '-'], withProfile(fx));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pods "runasuser0" is forbidden: violates PodSecurity "restricted:v1\.23": runAsUser=0 \(pod must not set runAsUser=0\)/);
    // A version label that does not parse is refused on the namespace.
    const bad = kubectl(admin, ['label', '--overwrite', 'ns', 'pss-pinned', 'pod-security.kubernetes.io/enforce-version=1.23']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Namespace "pss-pinned" is invalid: metadata\.labels\[pod-security\.kubernetes\.io\/enforce-version\]: Invalid value: "1\.23"/);
  });

  it('warn gives Warning headers, and tightening enforce warns about existing pods', async () => {
    ok(['create', 'ns', 'pss-modes']);
    ok(['label', 'ns', 'pss-modes', 'pod-security.kubernetes.io/warn=restricted', 'pod-security.kubernetes.io/audit=restricted']);
    const fx = fixtures.find((f) => f.dir === 'baseline/pass');
    assert.ok(fx);
    const created = ok(['create', '-n', 'pss-modes', '-f', '-'], withProfile(fx));
    assert.match(created.stderr, /^Warning: would violate PodSecurity "restricted:latest": /m);
    const r = await api(s, 'POST', '/api/v1/namespaces/pss-modes/pods?dryRun=All', { token: s.adminToken, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', annotations: { [PROFILE]: 'privileged' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } });
    assert.equal(r.status, 201);
    assert.match(String(r.headers.warning), /would violate PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false/);
    const label = ok(['label', 'ns', 'pss-modes', 'pod-security.kubernetes.io/enforce=baseline']);
    assert.doesNotMatch(label.stderr, /existing pods/, 'the pod passes baseline');
    const tighten = ok(['label', '--overwrite', 'ns', 'pss-modes', 'pod-security.kubernetes.io/enforce=restricted']);
    assert.match(tighten.stderr, /Warning: existing pods in namespace "pss-modes" violate the new PodSecurity enforce level "restricted:latest"/);
    assert.match(tighten.stderr, new RegExp(`Warning: ${podName(fx)}: `));
  });
});
