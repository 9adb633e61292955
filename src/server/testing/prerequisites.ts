// What some test suites need from outside the repository, found once, and what happens when it is
// missing. A user's fresh clone may lack any of these: the suites that need it are skipped, each with
// one line saying what was skipped and how to get it, and `npm test` counts them in its closing line.
// CI sets GATEHOUSE_REQUIRE_PREREQUISITES=1 (.ci/run): then nothing is skipped, and a missing
// prerequisite fails the suites that need it, so CI can never pass by skipping them.
//
// .ci/test-all.mjs checks the same things up front (it cannot import TypeScript, so it keeps its own
// copy of the three probes below; test-all.mjs's `prerequisites` and this file must agree).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

/** REQUIRED is true in CI: a missing prerequisite fails instead of skipping. */
export const REQUIRED = process.env.GATEHOUSE_REQUIRE_PREREQUISITES === '1';

/** Prerequisite is one thing outside the repository that some suites need. */
export interface Prerequisite {
  /** name is what it is, e.g. "the upstream Pod Security fixtures". */
  readonly name: string;
  /** found is where it was found, or undefined when it is missing. */
  readonly found: string | undefined;
  /** howToGet tells a user how to provide it. */
  readonly howToGet: string;
}

/**
 * CONFORMANCE_ROOT is the upstream test data: $GATEHOUSE_CONFORMANCE_DIR, else `../shared/conformance`
 * beside the repository (where CI keeps it).
 */
export const CONFORMANCE_ROOT = path.resolve(ROOT, process.env.GATEHOUSE_CONFORMANCE_DIR ?? '../shared/conformance');

/**
 * podSecurityFixtures is kubernetes/pod-security-admission's `test/testdata/{baseline,restricted}/v1.37`
 * (commit 8f84a87c7f61) laid out as `<root>/pod-security/{baseline,restricted}/{pass,fail}/*.yaml`.
 */
export const podSecurityFixtures: Prerequisite = {
  name: 'the upstream Pod Security fixtures',
  found: ['baseline/pass', 'baseline/fail', 'restricted/pass', 'restricted/fail']
    .every((d) => existsSync(path.join(CONFORMANCE_ROOT, 'pod-security', d)) && readdirSync(path.join(CONFORMANCE_ROOT, 'pod-security', d)).some((f) => f.endsWith('.yaml')))
    ? path.join(CONFORMANCE_ROOT, 'pod-security') : undefined,
  howToGet: `put kubernetes/pod-security-admission's test/testdata/{baseline,restricted}/v1.37/{pass,fail} (commit 8f84a87c7f61) at ${path.join(CONFORMANCE_ROOT, 'pod-security')}/{baseline,restricted}/{pass,fail}, or set GATEHOUSE_CONFORMANCE_DIR to the folder holding pod-security/ (see the README's Tests section)`,
};

/** kubectlBinary is the real kubectl on the PATH (1.29 or later). */
export const kubectlBinary: Prerequisite = {
  name: 'kubectl',
  found: (() => {
    const r = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 20_000 });
    return r.status === 0 ? 'kubectl on the PATH' : undefined;
  })(),
  howToGet: 'install kubectl 1.29 or later on the PATH (https://kubernetes.io/docs/tasks/tools/)',
};

/**
 * needs is the node:test options for a suite that needs every one of `ps`: `{ skip }` with a one-line reason when one
 * is missing, or `{}` when it is found or required (then the suite runs and fails on its absence).
 */
export function needs(...ps: Prerequisite[]): { skip?: string } {
  const missing = ps.find((p) => !p.found);
  if (!missing || REQUIRED) return {};
  return { skip: `needs ${missing.name}, which is missing: ${missing.howToGet}` };
}

/**
 * PYTHON_CANDIDATES are the interpreters tried for the official Python client: $GATEHOUSE_PYTHON, the
 * `python3` on the PATH, then Debian's /usr/bin/python3 (where `apt-get install python3-kubernetes`
 * puts the module even when a pyenv or venv python3 comes first on the PATH).
 */
const PYTHON_CANDIDATES = [process.env.GATEHOUSE_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => Boolean(p));

/** pythonKubernetesClient is a python3 that imports the official `kubernetes` client; `found` is that interpreter. */
export const pythonKubernetesClient: Prerequisite = {
  name: 'the official Python client (python3-kubernetes)',
  found: PYTHON_CANDIDATES.find((py) => spawnSync(py, ['-c', 'import kubernetes'], { encoding: 'utf8', timeout: 20_000 }).status === 0),
  howToGet: 'apt-get install python3-kubernetes (or pip install kubernetes), or set GATEHOUSE_PYTHON to a python3 that has it',
};

/**
 * clusterBinaries is the real control plane connect mode is tested against: kube-apiserver,
 * kube-controller-manager and kine, built from the Go module proxy by src/server/connect/cluster/build.sh
 * into ~/.cache/gatehouse/cluster (`build.sh --check` finds them).
 */
export const clusterBinaries: Prerequisite = {
  name: 'the real-cluster binaries (kube-apiserver, kube-controller-manager, kine)',
  found: (() => {
    const r = spawnSync('bash', [path.join(ROOT, 'src', 'server', 'connect', 'cluster', 'build.sh'), '--check'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  })(),
  howToGet: 'run src/server/connect/cluster/build.sh (Go 1.26 and the Go module proxy; ~20 min on 2 cores the first time, cached after)',
};
