import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { cpuMsOfStat, threadCpuMs } from './thread-cpu';

test('cpuMsOfStat sums utime and stime, even with spaces and parentheses in the command name', () => {
  const stat = '4242 (node (a) b) S 1 4242 4242 0 -1 4194560 100 0 0 0 37 5 0 0 20 0 7 0 123 0 0';
  assert.equal(cpuMsOfStat(stat), 420);
});

test('threadCpuMs counts the calling thread only, not the busy threads beside it', { skip: process.platform !== 'linux' }, async () => {
  const before = threadCpuMs();
  assert.ok(before !== undefined);
  // A worker spins for 300 ms of CPU; this thread waits.
  const w = new Worker('const t = Date.now(); while (Date.now() - t < 300) {}', { eval: true });
  await new Promise((r) => w.on('exit', r));
  const after = threadCpuMs()!;
  assert.ok(after - before < 200, `this thread used ${after - before} ms while a worker spun`);
  assert.equal(threadCpuMs('/nonexistent/stat'), undefined);
});
