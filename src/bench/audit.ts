import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AuditEvent } from '../shared/api/audit';
import { toItem } from '../server/audit/api';
import { DEFAULT_POLICY, type AuditPolicy } from '../server/audit/policy';
import type { AuditStore } from '../server/audit/store';
import { verifyAuditChain } from '../server/audit/store';
import { startBenchServer, mustRequest, withDeveloperBench } from './fixture';
import { DAY, dataDirWithAuditEvents } from './seed';
import { interleavedRounds, median, medianFigure, ratioFigure, requireStatus, round, serverThreadCpuMs, type Benchmark } from './harness';
import { HttpLoadClient } from './http-client';

// Benchmarks for the audit trail (issue 5): what recording costs a write (every write's event is
// committed before its response), and how fast the auditevents query is over a large store.

/** NONE is the "audit off" policy: no request is recorded (the filters still run). */
const NONE: AuditPolicy = { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'None' }] };

/** CONFIGMAP is a small ConfigMap body; `__N__` makes names unique. */
const CONFIGMAP = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-__N__', labels: { app: 'web' } }, data: { 'app.properties': 'mode=fast\nlevel=3\n' } });

/**
 * 1. ConfigMap creates (and GETs) with the built-in audit policy vs a policy that records nothing, on
 * the same server: the policy is switched between rounds, so both variants share the process, the
 * database and the connections (two servers showed a ~15% bias between identical instances).
 */
const writeThroughput: Benchmark = {
  name: 'audit/write-throughput',
  description: 'POST configmaps as a developer, 8 in flight, audit on (built-in policy, each event committed before its response) vs off (policy level None), same server; ratio on/off',
  async run(ctx) {
    const CONCURRENCY = 8;
    const ROUND_MS = 1500;
    const ROUNDS = 9;
    return withDeveloperBench({ maxSockets: CONCURRENCY }, async ({ server, client, dev }) => {
      await mustRequest(server, 'POST', '/api/v1/namespaces/bench/configmaps', dev.token, JSON.parse(CONFIGMAP.replaceAll('__N__', 'probe')));
      const { audit } = server.running.app;
      const count = () => { audit.auditor.flush(); return audit.auditor.store.count(); };
      const recorded = { on: 0, off: 0 };
      // How many write events share an audit commit (the group commit of one event-loop turn's writes).
      const grouped = { events: 0, commits: 0 };
      // Besides throughput, the server thread's CPU time per request (Linux /proc): on a shared machine
      // it varies far less than throughput, which other processes' load moves a lot.
      const cpu: Record<'on' | 'off', number[]> = { on: [], off: [] };
      let requests = 0;
      const variant = (which: 'on' | 'off', fn: () => Promise<number>, track = false) => async (): Promise<number> => {
        audit.setPolicy(which === 'on' ? DEFAULT_POLICY : NONE);
        const before = count();
        const commitsBefore = audit.auditor.commits;
        const t0 = serverThreadCpuMs();
        const v = await fn();
        // A read's event is recorded when its response has finished: let the last ones land in this round.
        await new Promise((r) => setTimeout(r, 50));
        recorded[which] += count() - before;
        if (track && which === 'on') { grouped.events += count() - before; grouped.commits += audit.auditor.commits - commitsBefore; }
        const t1 = serverThreadCpuMs();
        if (track && t0 !== undefined && t1 !== undefined && requests > 0) cpu[which].push((1000 * (t1 - t0)) / requests);
        return v;
      };
      const post = async (): Promise<number> => {
        const r = await client.post('/api/v1/namespaces/bench/configmaps', dev.token, CONFIGMAP, CONCURRENCY, ROUND_MS);
        requireStatus(r.statuses, '201', 'POST');
        requests = r.requests;
        return r.perSecond;
      };
      const get = async (): Promise<number> => {
        const r = await client.load('/api/v1/namespaces/bench/configmaps/cm-probe', dev.token, CONCURRENCY, ROUND_MS);
        requireStatus(r.statuses, '200', 'GET');
        return r.perSecond;
      };
      ctx.log(`${CONCURRENCY} concurrent, ${ROUND_MS} ms rounds, 1 warm-up + ${ROUNDS} measured per variant, interleaved`);
      const w = await interleavedRounds({ on: variant('on', post, true), off: variant('off', post, true) }, { warmup: 1, rounds: ROUNDS });
      const g = await interleavedRounds({ on: variant('on', get), off: variant('off', get) }, { warmup: 1, rounds: ROUNDS });
      ctx.log(`events recorded: audit on ${recorded.on}, audit off ${recorded.off}`);
      if (recorded.on === 0 || recorded.off !== 0) throw new Error(`audit on/off did not behave: ${JSON.stringify(recorded)}`);
      return [
        medianFigure('configmap create, audit off', w.off, 'req/s'),
        medianFigure('configmap create, audit on', w.on, 'req/s'),
        ratioFigure('create: audit on / off', w.on, w.off, { target: { op: '>=', value: 0.85 }, note: 'median of per-round ratios; each write event committed before its response' }),
        ratioFigure('configmap get: audit on / off', g.on, g.off, { note: 'informational: read events are batched (100 ms / 500 events)' }),
        ...(grouped.commits ? [{ name: 'create: events per audit commit', value: round(grouped.events / grouped.commits), unit: 'events', note: 'informational: the writes of one event-loop turn share one audit transaction' }] : []),
        ...(cpu.on.length && cpu.off.length === cpu.on.length ? [
          medianFigure('server CPU per create, audit off', cpu.off.slice(1), 'µs'),
          medianFigure('server CPU per create, audit on', cpu.on.slice(1), 'µs'),
          ratioFigure('create CPU: audit off / on', cpu.off.slice(1), cpu.on.slice(1), { note: 'informational: the throughput ratio a CPU-bound server would see' }),
        ] : []),
      ];
    });
  },
};

/** 2. A filtered query (user + time range, limit 100) over 1,000,000 stored events, in process and through the API. */
const query1M: Benchmark = {
  name: 'audit/query-1m',
  description: 'auditevents?fieldSelector=user.username=U&since=..&until=..&limit=100 over 1,000,000 stored events (7-day window of 30 days), in process and over HTTPS',
  async run(ctx) {
    const N = 1_000_000;
    // The events are seeded into the data dir before the server opens it (the store's own append).
    const t0 = performance.now();
    const { dataDir, end } = dataDirWithAuditEvents(N);
    const seedMs = performance.now() - t0;
    const server = await startBenchServer([], {}, dataDir);
    const client = new HttpLoadClient({ url: server.url, ca: server.ca, maxSockets: 1 });
    try {
      const audit = server.running.app.audit;
      audit.auditor.flush();
      const store: AuditStore = audit.auditor.store;
      const start = end - 30 * DAY;
      const dbBytes = fs.statSync(path.join(server.dataDir, 'gatehouse.db')).size;
      ctx.log(`${store.count()} events (seeded or copied in ${(seedMs / 1000).toFixed(1)} s), database ${(dbBytes / 1e6).toFixed(0)} MB`);

      const windows = Array.from({ length: 21 }, (_, k) => {
        // Users whose number is 1 mod 5: every one of their events is their own (0 mod 5 are service accounts').
        const user = `user-${String(((k * 37) % 200) * 5 + 1).padStart(4, '0')}`;
        const from = start + ((k * 3) % 20) * DAY;
        return { user, since: new Date(from).toISOString(), until: new Date(from + 7 * DAY).toISOString() };
      });
      // In process: what the list handler does (the query and decoding 100 items), without HTTP.
      let k = 0;
      const inProcess = (): number => {
        const w = windows[k++ % windows.length];
        const t = performance.now();
        const recs = store.list({ conditions: [{ column: 'username', op: '=', value: w.user }], since: Date.parse(w.since), until: Date.parse(w.until), maxSeq: store.headSeq(), limit: 101 });
        const items = recs.slice(0, 100).map(toItem);
        const ms = performance.now() - t;
        if (items.length !== 100 || items.some((x) => x.user.username !== w.user)) throw new Error(`query for ${w.user}: ${items.length} items`);
        return ms;
      };
      let h = 0;
      const overHttps = async (): Promise<number> => {
        const w = windows[h++ % windows.length];
        const p = `/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent(`user.username=${w.user}`)}&since=${encodeURIComponent(w.since)}&until=${encodeURIComponent(w.until)}&limit=100`;
        const r = await client.fetch(p, server.adminToken);
        if (r.status !== 200 || r.items !== 100 || !r.continueToken) throw new Error(`GET ${p}: status ${r.status}, ${r.items} items`);
        return r.elapsedMs;
      };
      ctx.log(`${windows.length} different users and 7-day windows, 2 warm-up + 21 measured each`);
      const s = await interleavedRounds({ inProcess, https: overHttps }, { warmup: 2, rounds: 21 });
      // Informational: filters without an index walk the events newest first.
      const timeQuery = (conditions: Parameters<AuditStore['list']>[0]['conditions'], want: number): number => {
        const ms: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          const recs = store.list({ conditions, maxSeq: store.headSeq(), limit: 101 });
          ms.push(performance.now() - t);
          if (recs.length !== want) throw new Error(`${JSON.stringify(conditions)}: ${recs.length} items, want ${want}`);
        }
        return median(ms);
      };
      const forbidMs = timeQuery([{ column: 'decision', op: '=', value: 'forbid' }], 101);
      const oldId = (JSON.parse(store.list({ conditions: [], maxSeq: Math.floor(N / 3), limit: 1 })[0].data) as AuditEvent).auditID;
      const byIdMs = timeQuery([{ column: 'audit_id', op: '=', value: oldId }], 1);
      const t1 = performance.now();
      const v = verifyAuditChain(server.running.app.store.db);
      const verifyMs = performance.now() - t1;
      if (!v.ok) throw new Error(`verify failed: ${v.broken?.reason}`);
      return [
        medianFigure('user + 7-day range, limit 100, in process', s.inProcess, 'ms', { target: { op: '<=', value: 50 } }),
        medianFigure('user + 7-day range, limit 100, over HTTPS', s.https, 'ms', { target: { op: '<=', value: 50 } }),
        { name: 'decision=forbid (no index), limit 100, in process', value: round(forbidMs), unit: 'ms', note: 'informational: 3% of events match' },
        { name: 'metadata.name of a 20-day-old event, in process', value: round(byIdMs), unit: 'ms', note: 'informational: audit IDs are time-ordered UUIDv7s' },
        { name: 'audit verify, 1M events', value: round(verifyMs / 1000), unit: 's', note: 'informational: walks and re-hashes the whole chain' },
      ];
    } finally {
      await client.close();
      await server.close();
    }
  },
};

/** AUDIT_BENCHMARKS are registered in main.ts. */
export const AUDIT_BENCHMARKS: Benchmark[] = [writeThroughput, query1M];
