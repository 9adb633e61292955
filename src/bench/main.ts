import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { API_CORE_BENCHMARKS } from './api-core';
import { ADMISSION_BENCHMARKS } from './admission';
import { AUDIT_BENCHMARKS } from './audit';
import { LIFECYCLE_BENCHMARKS } from './lifecycle';
import { CONNECT_BENCHMARKS } from './connect';
import { MEMORY_BENCHMARKS } from './memory';
import { CONSOLE_BENCHMARKS } from './console';
import { WORKLOAD_BENCHMARKS } from './workloads';
import { round, statusOf, type Benchmark, type Figure, type Status } from './harness';

// `npm run bench [-- <filter>...]` runs the registered benchmarks whose name contains any filter
// (case-insensitive), prints a table and one `BENCH_JSON {...}` line with every figure.
// `npm run bench -- --list` lists the names. Figures are ratios to a baseline measured in the same
// run, plus absolute numbers for context; a MISS is reported, not fatal (exit 1 only on errors).

/** BENCHMARKS is the registry: add new benchmark files here. */
const BENCHMARKS: Benchmark[] = [
  ...API_CORE_BENCHMARKS,
  ...ADMISSION_BENCHMARKS,
  ...AUDIT_BENCHMARKS,
  ...LIFECYCLE_BENCHMARKS,
  ...MEMORY_BENCHMARKS,
  ...CONSOLE_BENCHMARKS,
  ...CONNECT_BENCHMARKS,
  ...WORKLOAD_BENCHMARKS,
];

interface Row extends Figure {
  bench: string;
  status: Status;
}

function targetText(f: Figure): string {
  return f.target ? `${f.target.op} ${f.target.value}` : '';
}

function printTable(rows: Row[]): void {
  const head = ['benchmark', 'figure', 'value', 'unit', 'target', 'status'];
  const cells = rows.map((r) => [r.bench, r.name, String(r.value), r.unit, targetText(r), r.status]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 2 ? x.padStart(width[i]) : x.padEnd(width[i]))).join('  ').trimEnd();
  console.log(line(head));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--list') || args.includes('-l')) {
    for (const b of BENCHMARKS) console.log(`${b.name.padEnd(28)} ${b.description}`);
    return 0;
  }
  const filters = args.filter((a) => !a.startsWith('-')).map((a) => a.toLowerCase());
  const selected = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.toLowerCase().includes(f)));
  if (selected.length === 0) {
    console.error(`no benchmark matches ${filters.join(', ')}; have: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return 2;
  }

  const loadBefore = os.loadavg()[0];
  const cpus = os.cpus().length;
  console.log(`node ${process.version}, ${process.platform}-${process.arch}, ${cpus} CPUs, load average ${loadBefore.toFixed(2)}`);
  if (loadBefore > cpus * 0.75) console.log('warning: the machine is busy; throughput figures (and even ratios) will be noisy');

  const rows: Row[] = [];
  const runs: { name: string; durationMs: number; error?: string }[] = [];
  const started = performance.now();
  for (const b of selected) {
    console.log(`\n== ${b.name}: ${b.description}`);
    const t0 = performance.now();
    try {
      const figures = await b.run({ log: (m) => console.log(`   ${m}`) });
      for (const f of figures) rows.push({ ...f, bench: b.name, status: statusOf(f) });
      runs.push({ name: b.name, durationMs: Math.round(performance.now() - t0) });
      console.log(`   done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      const msg = err instanceof Error ? err.stack ?? err.message : String(err);
      console.error(`   FAILED: ${msg}`);
      runs.push({ name: b.name, durationMs: Math.round(performance.now() - t0), error: err instanceof Error ? err.message : String(err) });
    }
  }

  console.log('');
  printTable(rows);
  const misses = rows.filter((r) => r.status === 'MISS').length;
  const failed = runs.filter((r) => r.error).length;
  console.log(`\n${rows.filter((r) => r.target).length - misses} target(s) met, ${misses} missed, ${failed} benchmark(s) failed; ${((performance.now() - started) / 1000).toFixed(1)} s total`);
  const json = {
    version: 1,
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus,
    loadavg: { before: round(loadBefore), after: round(os.loadavg()[0]) },
    totalMs: Math.round(performance.now() - started),
    benchmarks: runs,
    figures: rows.map((r) => ({ bench: r.bench, name: r.name, value: r.value, unit: r.unit, target: r.target, status: r.status || undefined, samples: r.samples, note: r.note })),
    summary: { targets: rows.filter((r) => r.target).length, misses, failed, ratios: Object.fromEntries(rows.filter((r) => r.unit === 'ratio').map((r) => [`${r.bench}: ${r.name}`, round(r.value)])) },
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => { console.error(err); process.exitCode = 1; },
);
