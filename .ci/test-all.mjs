#!/usr/bin/env node
// `npm test`: every check the project has, in order, ending with one line `N passed, M failed`.
// Steps: typecheck (1 check), lint (1 check), unit + API integration + kubectl conformance
// (node:test, each test counted), then the SPA build and Playwright in Chromium (each spec counted).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
let passed = 0;
let failed = 0;
const failures = [];
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
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(text)?.[1] ?? 0);
  passed += pass;
  failed += fail;
  if (fail > 0 || r.status !== 0) failures.push('unit');
  if (r.status !== 0 && fail === 0) failed += 1; // the runner itself failed (e.g. a file did not load)
}

if (!only || only === 'e2e') {
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

if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
