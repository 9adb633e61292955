// The benchmark harness. Rule from the product owner: benchmarks report RATIOS against a baseline
// measured in the same process (absolute numbers are printed for context only), and tests never
// assert on timings. Every figure is the median of several measured rounds taken after a warm-up.

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
