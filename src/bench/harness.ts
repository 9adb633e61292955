// The benchmark harness. Rule from the product owner: benchmarks report RATIOS against a baseline
// measured in the same process (absolute numbers are printed for context only), and tests never
// assert on timings. Every figure is the median of several measured rounds taken after a warm-up.

import { performance } from 'node:perf_hooks';
import { threadCpuMs } from '../server/components/thread-cpu';

/** Target is the goal for a figure: `>=` (higher is better) or `<=` (lower is better). */
export interface Target {
  op: '>=' | '<=';
  value: number;
}

/** Figure is one reported number. Only figures with a target get PASS/MISS. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** samples are the measured rounds the value is the median of (for the JSON line). */
  samples?: number[];
  note?: string;
}

/** Status of a figure against its target. */
export type Status = 'PASS' | 'MISS' | '';

/** BenchContext is what the runner gives a benchmark: a logger for progress lines. */
export interface BenchContext {
  log(msg: string): void;
}

/** Benchmark is one named benchmark; main.ts lists them and `npm run bench -- <filter>` selects by name. */
export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** median of a non-empty list. */
export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** statusOf compares a figure with its target. */
export function statusOf(f: Figure): Status {
  if (!f.target) return '';
  const ok = f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
  return ok ? 'PASS' : 'MISS';
}

/**
 * interleavedRounds measures each variant `rounds` times after `warmup` unmeasured runs each,
 * alternating the variants (A B A B ...) so that drift (GC, CPU frequency, a noisy neighbour)
 * hits all of them alike. It returns the samples per variant, in round order.
 */
export async function interleavedRounds<K extends string, T = number>(
  variants: Record<K, () => Promise<T> | T>,
  opts: { warmup: number; rounds: number },
): Promise<Record<K, T[]>> {
  const keys = Object.keys(variants) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>;
  for (let i = 0; i < opts.warmup; i++) for (const k of keys) await variants[k]();
  for (let i = 0; i < opts.rounds; i++) {
    // Alternate the order every round as well, so neither variant always runs first.
    const order = i % 2 === 0 ? keys : [...keys].reverse();
    for (const k of order) out[k].push(await variants[k]());
  }
  return out;
}

/** round keeps a few significant digits for display and JSON. */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const p = Math.pow(10, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x)))));
  return Math.round(x * p) / p;
}

/**
 * pairedRatio is the median over rounds of `num[i] / den[i]`: each pair was measured back to back
 * (see interleavedRounds), so a slow phase of the machine cancels out within the pair. This is more
 * robust than the ratio of the two medians when the machine is shared.
 */
export function pairedRatio(num: number[], den: number[]): number {
  if (num.length !== den.length) throw new Error('pairedRatio: sample counts differ');
  return median(num.map((x, i) => x / den[i]));
}

/** medianFigure is the figure of a measured series: its median, with the rounded samples for the JSON line. */
export function medianFigure(name: string, samples: number[], unit: string, extra: Pick<Figure, 'target' | 'note'> = {}): Figure {
  return { name, value: round(median(samples)), unit, ...extra, samples: samples.map((x) => round(x)) };
}

/** ratioFigure is the figure of `num` over `den`, measured in pairs (pairedRatio). */
export function ratioFigure(name: string, num: number[], den: number[], extra: Pick<Figure, 'target' | 'note'> = {}): Figure {
  return { name, value: round(pairedRatio(num, den)), unit: 'ratio', ...extra };
}

/** requireStatus throws unless every response of a measured round had status `want` (a round of errors measures nothing). */
export function requireStatus(statuses: Record<string, number>, want: string, what: string): void {
  if (Object.keys(statuses).some((st) => st !== want)) throw new Error(`${what}: non-${want} responses ${JSON.stringify(statuses)}`);
}

/** sinceEach is the mean time per operation since `t0` (ms) over `iterations`, in ms × `scale` (1000: µs, 1e6: ns). */
function sinceEach(t0: number, iterations: number, scale: number): number {
  return ((performance.now() - t0) * scale) / iterations;
}

/**
 * timePerOp runs the synchronous `op` `iterations` times back to back and returns the mean time per run
 * (see sinceEach for `scale`). Nothing is awaited between runs, so nanosecond-scale operations are timed
 * without a microtask each.
 */
export function timePerOp(iterations: number, op: (i: number) => void, scale = 1): number {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) op(i);
  return sinceEach(t0, iterations, scale);
}

/** timePerAsyncOp is timePerOp for an asynchronous `op`: each run is awaited before the next starts. */
export async function timePerAsyncOp(iterations: number, op: (i: number) => Promise<unknown>, scale = 1): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await op(i);
  return sinceEach(t0, iterations, scale);
}

/**
 * serverThreadCpuMs is the CPU time (user + system) this process's main thread — the in-process bench
 * server's — has used so far, from /proc (Linux; undefined elsewhere). Unlike wall time it does not grow
 * when other programs take the cores, so it compares runs on a loaded machine.
 */
export function serverThreadCpuMs(): number | undefined {
  return threadCpuMs(`/proc/self/task/${process.pid}/stat`);
}
