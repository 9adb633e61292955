import fs from 'node:fs';
import path from 'node:path';

// `npx tsx src/bench/cpuprofile-top.ts FILE.cpuprofile [N]` prints the N (default 25) functions with
// the most self time in a V8 CPU profile (`node --cpu-prof`), the same grouped by file, and the
// functions with the most total time (self plus what they call, each sample counted once per
// function however deep the recursion), so a profile can be read (and quoted in a commit message)
// without a flame-graph viewer.

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number }

/** selfTimes sums the sampled time (µs) per node id from samples and timeDeltas (hitCount × interval when absent). */
function selfTimes(p: Profile): Map<number, number> {
  const out = new Map<number, number>();
  if (p.samples && p.timeDeltas) {
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i + 1] ?? 0;
      out.set(p.samples[i], (out.get(p.samples[i]) ?? 0) + dt);
    }
    return out;
  }
  const hits = p.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0) || 1;
  const per = (p.endTime - p.startTime) / hits;
  for (const n of p.nodes) out.set(n.id, (n.hitCount ?? 0) * per);
  return out;
}

function short(url: string): string {
  if (!url) return '(native)';
  const u = url.replace(/^file:\/\//, '');
  const i = u.indexOf('/src/');
  if (i >= 0) return u.slice(i + 1);
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) return u.slice(nm + 'node_modules/'.length);
  return path.basename(u);
}

/** totalTimes sums, per function key, the time of every sample whose stack holds that function (once per sample). */
function totalTimes(p: Profile, self: Map<number, number>, keyOf: (f: ProfileNode['callFrame']) => string): Map<string, number> {
  const parent = new Map<number, ProfileNode>();
  const byId = new Map<number, ProfileNode>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n);
  }
  const out = new Map<string, number>();
  const skip = new Set(['(idle)', '(garbage collector)', '(program)', '(root)']);
  for (const [id, t] of self) {
    const leaf = byId.get(id);
    if (!t || !leaf || skip.has(leaf.callFrame.functionName)) continue;
    const keys = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = parent.get(n.id)) if (!skip.has(n.callFrame.functionName)) keys.add(keyOf(n.callFrame));
    for (const k of keys) out.set(k, (out.get(k) ?? 0) + t);
  }
  return out;
}

function main(): void {
  const [file, nArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx src/bench/cpuprofile-top.ts FILE.cpuprofile [N]');
    process.exitCode = 2;
    return;
  }
  const n = Number(nArg ?? 25);
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const self = selfTimes(p);
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  // Line numbers are left out: under tsx they are positions in the transformed code, not the source.
  const keyOf = (f: ProfileNode['callFrame']) => `${f.functionName || '(anonymous)'}  ${short(f.url)}`;
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of p.nodes) {
    const t = self.get(node.id) ?? 0;
    if (!t) continue;
    const f = node.callFrame;
    const key = keyOf(f);
    byFn.set(key, (byFn.get(key) ?? 0) + t);
    const fk = short(f.url);
    byFile.set(fk, (byFile.get(fk) ?? 0) + t);
  }
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
  };
  print('self time by function', byFn);
  print('self time by file', byFile);
  print('total time by function (self + callees; idle, GC and program excluded from the total)', totalTimes(p, self, keyOf));
}

main();
