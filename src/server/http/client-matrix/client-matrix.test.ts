// The client compatibility matrix of issue 14: real clients nobody here wrote, against one shared
// server process with one built-in node. Every kubectl version on the machine runs the everyday
// operations of kubectl-ops.ts (sequentially, each in its own namespace); the official JavaScript
// client (@kubernetes/client-node) and the official Python client (Debian's python3-kubernetes) do the
// equivalent core operations. Each client ends with a summary line, e.g. `kubectl 1.31: 96/96`.
// Ops marked `todo` are expected failures naming the gap they wait for: they still run, and show as
// passing once the gap is closed (then drop the mark).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { api, kubeconfigFor, startServerProcess, type KubectlResult, type TestServer } from '../../testing/server-process';
import { kubectlBinary, needs, pythonKubernetesClient } from '../../testing/prerequisites';
import { kubectlOps, type KubectlCtx, type Watcher } from './kubectl-ops';
import { jsCtxFrom, jsOps, type JsCtx } from './js-client-ops';

const PYTHON_SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'python-client-ops.py');
/** PYTHON_OPS are the Python client's op names, read from the script's @op("...") lines. */
const PYTHON_OPS = [...fs.readFileSync(PYTHON_SCRIPT, 'utf8').matchAll(/^@op\("(.+)"\)$/gm)].map((m) => m[1]);

/** KubectlClient is one kubectl binary to drive. */
interface KubectlClient { label: string; bin: string; minor: number }

/**
 * kubectlClients finds every versioned kubectl beside the real path of the `kubectl` on the PATH
 * (`kubectl.1.27` … as the Google Cloud SDK installs them); without any, the `kubectl` itself.
 * GATEHOUSE_MATRIX_KUBECTL=1.27,1.31 keeps only those versions (to rerun one while fixing it).
 */
function kubectlClients(): KubectlClient[] {
  const only = process.env.GATEHOUSE_MATRIX_KUBECTL?.split(',').map((v) => v.trim());
  return allKubectlClients().filter((c) => !only || only.includes(`1.${c.minor}`));
}

function allKubectlClients(): KubectlClient[] {
  if (!kubectlBinary.found) return [];
  const onPath = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'kubectl')).find((p) => fs.existsSync(p));
  const dir = onPath ? path.dirname(fs.realpathSync(onPath)) : undefined;
  const versioned = dir ? fs.readdirSync(dir).map((f) => /^kubectl\.1\.(\d+)$/.exec(f)).filter((m): m is RegExpExecArray => m !== null) : [];
  if (versioned.length > 0) {
    return versioned.map((m) => ({ label: `kubectl 1.${m[1]}`, bin: path.join(dir!, m[0]), minor: Number(m[1]) })).sort((a, b) => a.minor - b.minor);
  }
  const v = JSON.parse(spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).stdout);
  const minor = Number(String(v.clientVersion.minor).replace(/\D/g, ''));
  return [{ label: `kubectl 1.${minor}`, bin: 'kubectl', minor }];
}

/** Tally counts one client's results for its summary line. */
class Tally {
  passed = 0;
  total = 0;
  filePassed = 0;
  fileTotal = 0;
  skipped = 0;
  readonly failing: string[] = [];
  readonly expected: string[] = [];
  record(name: string, ok: boolean, file = false, todo = false): void {
    this.total += 1;
    if (ok) this.passed += 1; else (todo ? this.expected : this.failing).push(name);
    if (file) { this.fileTotal += 1; if (ok) this.filePassed += 1; }
  }
  line(label: string): string {
    const file = this.fileTotal ? ` (file-based ${this.filePassed}/${this.fileTotal})` : '';
    const skipped = this.skipped ? ` (${this.skipped} skipped: the client cannot)` : '';
    const expected = this.expected.length ? `; expected failures (TODO): ${this.expected.join(', ')}` : '';
    const failing = this.failing.length ? `; FAILING: ${this.failing.join(', ')}` : '';
    return `${label}: ${this.passed}/${this.total}${file}${skipped}${failing}${expected}`;
  }
}

const summaries: string[] = [];

/** MatrixOp is what runOps needs of an op (KubectlOp, JsOp, a Python op). */
interface MatrixOp<C> {
  name: string;
  todo?: string | ((minor: number) => string | undefined);
  since?: { minor: number; why: string };
  file?: true;
  run(c: C): unknown;
}

/**
 * runOps registers one test per op, each recording its result in `tally`, then the summary line.
 * `minor` is the kubectl client's minor version (for version-dependent todo marks and `since`).
 */
function runOps<C>(label: string, ops: MatrixOp<C>[], ctx: () => C, minor = Infinity): void {
  const tally = new Tally();
  for (const op of ops) {
    if (op.since && minor < op.since.minor) {
      test(op.name, { skip: `needs kubectl 1.${op.since.minor}+: ${op.since.why}` }, () => undefined);
      tally.skipped += 1;
      continue;
    }
    const todo = typeof op.todo === 'function' ? op.todo(minor) : op.todo;
    test(op.name, todo ? { todo } : {}, async () => {
      try {
        await op.run(ctx());
        tally.record(op.name, true, op.file, Boolean(todo));
      } catch (e) {
        tally.record(op.name, false, op.file, Boolean(todo));
        throw e;
      }
    });
  }
  test('summary', (t) => {
    const line = tally.line(label);
    summaries.push(line);
    t.diagnostic(line);
  });
}

describe('client compatibility matrix', () => {
  let s: TestServer;
  const started = Date.now();

  before(async () => {
    s = await startServerProcess({ args: ['--nodes', '1'] });
  });
  after(async () => { await s?.stop(); });

  describe('kubectl', needs(kubectlBinary), () => {
    for (const client of kubectlClients()) {
      // Clients older than the 1.29–1.33 target run the file-based ops (and their setup) only, to
      // keep the suite short; GATEHOUSE_MATRIX_FULL=1 runs everything on every version.
      const fileOnly = client.minor < 29 && process.env.GATEHOUSE_MATRIX_FULL !== '1';
      const ops = fileOnly ? kubectlOps.filter((o) => o.file || o.always) : kubectlOps;
      const label = fileOnly ? `${client.label} (file-based ops)` : client.label;
      describe(label, () => {
        let ctx: KubectlCtx;
        before(() => { ctx = kubectlCtx(s, client); });
        runOps(label, ops, () => ctx, client.minor);
      });
    }
  });

  describe('JavaScript client (@kubernetes/client-node)', () => {
    let ctx: JsCtx;
    before(() => { ctx = jsCtxFrom(kubeconfigFor(s, 'admin-js', s.adminToken, 'matrix-js'), 'matrix-js'); });
    runOps('JavaScript client', jsOps, () => ctx);
  });

  describe('Python client (python3-kubernetes)', needs(pythonKubernetesClient), () => {
    // The Python client runs once as a whole (its start-up is slow) and reports one line per op.
    let results: Map<string, { ok: boolean; error?: string }>;
    before(async () => { results = await runPython(s); });
    runOps('Python client', PYTHON_OPS.map((name) => ({ name, run: () => {
      const r = results.get(name);
      assert.ok(r, `the Python client did not report "${name}"`);
      assert.ok(r.ok, r.error);
    } })), () => undefined);
  });

  test('summary of every client', (t) => {
    t.diagnostic(`client matrix in ${Math.round((Date.now() - started) / 1000)}s`);
    for (const line of summaries) t.diagnostic(line);
  });
});

/** kubectlCtx gives a kubectl client its own namespace, kubeconfig, cache and scratch folder. */
function kubectlCtx(s: TestServer, client: KubectlClient): KubectlCtx {
  const sfx = `1${client.minor}`;
  const ns = `matrix-${sfx}`;
  const kc = kubeconfigFor(s, `admin-${sfx}`, s.adminToken, ns);
  const tmp = fs.mkdtempSync(`${kc}.tmp-`);
  const base = ['--kubeconfig', kc, '--cache-dir', `${kc}.cache`];
  const run = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}): KubectlResult => {
    const r = spawnSync(client.bin, [...base, ...args], { input: opts.input, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...(opts.env ?? {}) } });
    return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  const show = (args: string[], r: KubectlResult) => `kubectl ${args.join(' ')} → exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  return {
    minor: client.minor, ns, sfx, tmp, run,
    ok(args, opts) {
      const r = run(args, opts);
      assert.equal(r.code, 0, show(args, r));
      return r.stdout;
    },
    fails(args, opts) {
      const r = run(args, opts);
      assert.notEqual(r.code, 0, show(args, r));
      return r.stderr;
    },
    spawn(args): Watcher {
      const child = spawn(client.bin, [...base, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
      return { out: () => out, exited, stop: () => { if (child.exitCode === null) child.kill(); } };
    },
    api: (method, p, body) => api(s, method, p, { token: s.adminToken, body }),
  };
}

/** runPython runs the Python client's ops once and returns each op's result by name. */
function runPython(s: TestServer): Promise<Map<string, { ok: boolean; error?: string }>> {
  const kc = kubeconfigFor(s, 'admin-py', s.adminToken, 'matrix-py');
  return new Promise((resolve, reject) => {
    const child = spawn(pythonKubernetesClient.found ?? 'python3', [PYTHON_SCRIPT, kc, 'matrix-py'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const results = new Map<string, { ok: boolean; error?: string }>();
      for (const line of out.split('\n').filter(Boolean)) {
        const r = JSON.parse(line);
        results.set(r.name, { ok: r.ok, error: r.error });
      }
      if (results.size === 0) reject(new Error(`the Python client printed nothing (exit ${code}): ${err}`));
      else resolve(results);
    });
  });
}
