import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createStore, openDatabase } from '../server/storage/store';
import { startServerProcess } from '../server/testing/server-process';
import { round, type Benchmark } from './harness';
import { HttpLoadClient } from './http-client';
import { dataDirWithAuditEvents, DAY, seedPods } from './seed';

// Memory (issue 17): the resident set of a `gatehouse serve` process — its own process, as a user
// runs it, so the figure is the server's alone — over a store holding 10,000 pods and 1,000,000
// audit events, after it has served lists, GETs, writes and an audit query.

const PODS = 10_000;
const EVENTS = 1_000_000;

/** procMemoryMB reads a process's current (VmRSS) and peak (VmHWM) resident set from /proc, in MB. */
function procMemoryMB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** seedDataDir returns a new data dir whose store holds the audit events and the pods (the server is not running). */
function seedDataDir(log: (m: string) => void): string {
  const t = performance.now();
  const { dataDir } = dataDirWithAuditEvents(EVENTS);
  const eventsMs = performance.now() - t;
  const db = openDatabase(path.join(dataDir, 'gatehouse.db'));
  try {
    const store = createStore(db);
    const podsMs = seedPods(store, 'bulk', PODS);
    db.pragma('wal_checkpoint(TRUNCATE)');
    log(`${EVENTS} audit events (seeded or copied in ${(eventsMs / 1000).toFixed(1)} s), ${PODS} pods seeded in ${(podsMs / 1000).toFixed(1)} s; database ${(fs.statSync(path.join(dataDir, 'gatehouse.db')).size / 1e6).toFixed(0)} MB`);
  } finally {
    db.close();
  }
  return dataDir;
}

const rss: Benchmark = {
  name: 'memory/rss',
  description: `RSS of a gatehouse serve process over ${PODS} pods and ${EVENTS} audit events, after lists, GETs, writes and an audit query`,
  async run(ctx) {
    const dataDir = seedDataDir(ctx.log);
    try {
      const server = await startServerProcess({ dataDir });
      const client = new HttpLoadClient({ url: server.url, ca: server.ca, maxSockets: 8 });
      try {
        const pid = server.proc.pid!;
        const idle = procMemoryMB(pid);
        const token = server.adminToken;
        const must = (ok: boolean, what: string) => { if (!ok) throw new Error(`workload: ${what}`); };
        for (let i = 0; i < 3; i++) {
          const r = await client.fetch('/api/v1/namespaces/bulk/pods', token);
          must(r.status === 200 && r.items === PODS, `list gave ${r.status}, ${r.items} items`);
        }
        const page = await client.fetch('/api/v1/pods?limit=500', token);
        must(page.status === 200 && page.items === 500, `page gave ${page.status}`);
        const gets = await client.run({ method: 'GET', path: '/api/v1/namespaces/bulk/pods/pod-0__L__000', token, concurrency: 8, durationMs: 1500 });
        must(Object.keys(gets.statuses).join() === '200', `GETs gave ${JSON.stringify(gets.statuses)}`);
        const cm = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-__N__' }, data: { k: 'v'.repeat(512) } });
        const posts = await client.run({ method: 'POST', path: '/api/v1/namespaces/bulk/configmaps', token, body: cm, concurrency: 8, durationMs: 1500 });
        must(Object.keys(posts.statuses).join() === '201', `creates gave ${JSON.stringify(posts.statuses)}`);
        const since = new Date(Date.now() - 20 * DAY).toISOString();
        const q = await client.fetch(`/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent('user.username=user-0001')}&since=${encodeURIComponent(since)}&limit=500`, token);
        must(q.status === 200 && q.items === 500, `audit query gave ${q.status}, ${q.items} items`);
        await new Promise((r) => setTimeout(r, 1000));
        const after = procMemoryMB(pid);
        ctx.log(`RSS idle ${idle.rss.toFixed(0)} MB, after the workload ${after.rss.toFixed(0)} MB (peak ${after.peak.toFixed(0)} MB); ${gets.requests} GETs, ${posts.requests} creates`);
        return [
          { name: 'server RSS at start', value: round(idle.rss), unit: 'MB' },
          { name: `server RSS, ${PODS / 1000}k pods + ${EVENTS / 1e6}M audit events, after the workload`, value: round(after.rss), unit: 'MB', target: { op: '<=', value: 400 } },
          { name: 'server peak RSS (VmHWM) during the workload', value: round(after.peak), unit: 'MB', note: 'informational: a full list of 10,000 pods is built in memory' },
        ];
      } finally {
        await client.close();
        await server.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

/** MEMORY_BENCHMARKS are registered in main.ts. */
export const MEMORY_BENCHMARKS: Benchmark[] = [rss];
