#!/usr/bin/env node
// `npm test`: every check the project has, in order, ending with one line
// `N passed, M failed, K skipped`.
// Steps: the prerequisites (what some suites need from outside the repository, one line each),
// typecheck (1 check), lint (1 check), unit + API integration + kubectl conformance (node:test, each
// test counted), then the SPA build and Playwright in Chromium (each spec counted).
// A missing prerequisite skips the suites that need it, each with one line, counted as skipped.
// GATEHOUSE_REQUIRE_PREREQUISITES=1 (set by .ci/run) makes a missing one a failure instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const skips = [];
const REQUIRED = process.env.GATEHOUSE_REQUIRE_PREREQUISITES === '1';
const only = process.argv[2]; // optional: typecheck | lint | unit | e2e

function run(label, cmd, args, opts = {}) {
  process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 1 << 28 });
  if (opts.capture) process.stdout.write(r.stdout ?? '');
  return r;
}

function step(label, cmd, args) {
  const r = run(label, cmd, args);
  if (r.status === 0) passed += 1;
  else { failed += 1; failures.push(label); }
}

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function findTests(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

// The same probes as src/server/testing/prerequisites.ts (which the suites use to skip themselves).
const conformanceRoot = path.resolve(root, process.env.GATEHOUSE_CONFORMANCE_DIR ?? '../shared/conformance');
function podSecurityFixtures() {
  const dirs = ['baseline/pass', 'baseline/fail', 'restricted/pass', 'restricted/fail'].map((d) => path.join(conformanceRoot, 'pod-security', d));
  return dirs.every((d) => fs.existsSync(d) && fs.readdirSync(d).some((f) => f.endsWith('.yaml')));
}
// The same interpreters as prerequisites.ts's pythonKubernetesClient, in the same order.
function pythonKubernetes() {
  return [process.env.GATEHOUSE_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean)
    .find((py) => spawnSync(py, ['-c', 'import kubernetes'], { encoding: 'utf8', timeout: 20_000 }).status === 0);
}
function hasKubectl() {
  return spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 20_000 }).status === 0;
}
async function chromium() {
  if (process.env.CHROMIUM_PATH) return fs.existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const { chromium: c } = await import('playwright-core');
    const p = c.executablePath();
    return p && fs.existsSync(p) ? p : undefined;
  } catch { return undefined; }
}
function clusterBinaries() {
  return spawnSync('bash', [path.join(root, 'src/server/connect/cluster/build.sh'), '--check'], { encoding: 'utf8' }).status === 0;
}
const prerequisites = [
  { name: 'Pod Security fixtures', ok: podSecurityFixtures(), where: path.join(conformanceRoot, 'pod-security'),
    skips: 'the Pod Security conformance suites (pss/fixtures, pss-conformance, shipped profiles against the fixtures)',
    how: `put kubernetes/pod-security-admission test/testdata/{baseline,restricted}/v1.37/{pass,fail} (commit 8f84a87c7f61) under ${path.join(conformanceRoot, 'pod-security')}, or set GATEHOUSE_CONFORMANCE_DIR` },
  { name: 'kubectl', ok: hasKubectl(), where: 'on the PATH', skips: 'every suite that drives the real kubectl', how: 'install kubectl 1.29 or later on the PATH' },
  { name: 'Python client', ok: Boolean(pythonKubernetes()), where: pythonKubernetes() ?? '', skips: "the Python client's part of the client compatibility matrix", how: 'apt-get install python3-kubernetes (or pip install kubernetes), or set GATEHOUSE_PYTHON' },
  { name: 'real-cluster binaries', ok: clusterBinaries(), where: '~/.cache/gatehouse/cluster', skips: 'the connect-mode suites (Gatehouse in front of a real kube-apiserver)', how: 'run src/server/connect/cluster/build.sh (Go and the Go module proxy)' },
  { name: 'Chromium', ok: Boolean(await chromium()), where: (await chromium()) ?? '', skips: 'the Playwright browser tests', how: 'apt-get install chromium, set CHROMIUM_PATH, or run `npx playwright install chromium`' },
];
process.stdout.write('\n=== prerequisites\n');
for (const p of prerequisites) {
  if (p.ok) process.stdout.write(`  ok       ${p.name}: ${p.where}\n`);
  else if (REQUIRED) { process.stdout.write(`  MISSING  ${p.name} (required here): ${p.how}\n`); failed += 1; failures.push(`prerequisite ${p.name}`); }
  else process.stdout.write(`  missing  ${p.name}: skipping ${p.skips}; to run them, ${p.how}\n`);
}
const chromiumFound = prerequisites.find((p) => p.name === 'Chromium').ok;

if (!only || only === 'typecheck') step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
if (!only || only === 'lint') step('lint', 'npx', ['eslint', '--max-warnings=0', 'src', 'e2e', 'vite.config.ts', 'playwright.config.ts']);

if (!only || only === 'unit') {
  const files = findTests('src').sort();
  fs.mkdirSync('test-results', { recursive: true });
  const tap = path.join('test-results', 'unit.tap');
  const r = run(`unit, API and kubectl conformance (${files.length} files)`, process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files]);
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  // Skipped tests and skipped suites (a skipped suite counts once), each with its one-line reason.
  for (const m of text.matchAll(/^\s*ok \d+ - (.*?) # SKIP ?(.*)$/gm)) { skipped += 1; skips.push(`${m[1]}: ${m[2] || 'skipped'}`); }
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(text)?.[1] ?? 0);
  passed += pass;
  failed += fail;
  if (fail > 0 || r.status !== 0) failures.push('unit');
  if (r.status !== 0 && fail === 0) failed += 1; // the runner itself failed (e.g. a file did not load)
}

if ((!only || only === 'e2e') && !chromiumFound && !REQUIRED) {
  const l = spawnSync('npx', ['playwright', 'test', '--list'], { encoding: 'utf8' });
  const n = Number(/Total: (\d+) tests?/.exec(l.stdout ?? '')?.[1] ?? 1);
  skipped += n;
  skips.push(`Playwright (${n} browser tests): no Chromium found; apt-get install chromium, set CHROMIUM_PATH, or run \`npx playwright install chromium\``);
} else if (!only || only === 'e2e') {
  const b = run('build the SPA', 'npx', ['vite', 'build']);
  if (b.status !== 0) { failed += 1; failures.push('vite build'); }
  else {
    const report = path.join('test-results', 'e2e.json');
    fs.rmSync(report, { force: true });
    process.env.GATEHOUSE_E2E_PORT ??= String(await freePort());
    const r = run('Playwright in Chromium', 'npx', ['playwright', 'test']);
    if (fs.existsSync(report)) {
      const stats = JSON.parse(fs.readFileSync(report, 'utf8')).stats ?? {};
      passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
      failed += stats.unexpected ?? 0;
      if ((stats.unexpected ?? 0) > 0) failures.push('e2e');
      if (r.status !== 0 && !stats.unexpected) { failed += 1; failures.push('playwright run'); }
    } else {
      failed += 1;
      failures.push('playwright (no report)');
    }
  }
}

if (skips.length) process.stdout.write(`\nSkipped (a prerequisite is missing; see the README's Tests section):\n${skips.map((x) => `  - ${x}`).join('\n')}\n`);
if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
