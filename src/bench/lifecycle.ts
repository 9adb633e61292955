import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../shared/api/meta';
import { ApiClient, Informer } from '../server/components/client';
import { startBenchServer, mustRequest, type BenchServer } from './fixture';
import { round, serverThreadCpuMs, type Benchmark } from './harness';
import type { ColumnCondition } from '../server/audit/store';

// Benchmarks for the infrastructure users (issue 6): the whole pod lifecycle through the API.

const PODS = 1000;
const NODES = 10; // 110 pods per node: ten nodes hold the thousand pods
const CONCURRENCY = 32;

const pod = (i: number): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: `p-${String(i).padStart(4, '0')}`, labels: { app: 'bench', shard: String(i % 10) } },
  spec: {
    containers: [{ name: 'app', image: 'registry.example.com/bench/app:1.0', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } } }],
  },
} as KubeObject);

/** cpuPerPod is the server thread's CPU ms per pod since `start`, or undefined without /proc. */
const cpuPerPod = (start: number | undefined) => {
  const end = serverThreadCpuMs();
  return start === undefined || end === undefined ? undefined : (end - start) / PODS;
};

/** createAll posts the pods with CONCURRENCY requests in flight; it resolves with the elapsed milliseconds. */
async function createAll(client: ApiClient, ns: string): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < PODS) {
      const i = next++;
      await client.create(`/api/v1/namespaces/${ns}/pods`, pod(i));
    }
  }));
  return performance.now() - t0;
}

async function setup(server: BenchServer, ns: string): Promise<ApiClient> {
  await mustRequest(server, 'POST', '/api/v1/namespaces', server.adminToken, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return new ApiClient({ server: server.url, ca: server.ca, token: server.adminToken, maxSockets: CONCURRENCY, userAgent: 'bench' });
}

/** 1. 1,000 pods from create to Running with the scheduler and ten node agents in-process. */
const podsToRunning: Benchmark = {
  name: 'lifecycle/pods-to-running',
  description: `${PODS} pods created through the API (${CONCURRENCY} in flight), scheduled and run by ${NODES} node agents; ratio to creating them with no components`,
  async run(ctx) {
    // Baseline: the same creates on a server without components (what the API alone costs).
    const bare = await startBenchServer([], { nodes: 0 });
    let createOnlyMs: number;
    let createOnlyCpu: number | undefined;
    try {
      const client = await setup(bare, 'bench');
      const cpu0 = serverThreadCpuMs();
      try { createOnlyMs = await createAll(client, 'bench'); } finally { client.close(); }
      createOnlyCpu = cpuPerPod(cpu0);
    } finally {
      await bare.close();
    }
    ctx.log(`create only: ${PODS} pods in ${(createOnlyMs / 1000).toFixed(2)} s${createOnlyCpu === undefined ? '' : `, server thread CPU ${createOnlyCpu.toFixed(2)} ms/pod`}`);

    const server = await startBenchServer([], { nodes: NODES });
    try {
      await server.running.components!.started;
      const client = await setup(server, 'bench');
      const running = new Set<string>();
      const bound = new Set<string>();
      let done!: () => void;
      const allRunning = new Promise<void>((resolve) => { done = resolve; });
      let lastBoundAt = 0;
      const informer = new Informer(client, '/api/v1/namespaces/bench/pods', {}, (type, p) => {
        const name = p.metadata.name ?? '';
        if ((p as any).spec?.nodeName && !bound.has(name)) { bound.add(name); lastBoundAt = performance.now(); }
        if (type !== 'DELETED' && (p as any).status?.phase === 'Running') running.add(name);
        if (running.size === PODS) done();
      }).start();
      await informer.synced();
      const { audit } = server.running.app;
      const audited = (conditions: ColumnCondition[] = []) => {
        audit.auditor.flush();
        return audit.auditor.store.list({ conditions, limit: 0 }).length;
      };
      const requestsBefore = audited();
      try {
        const components = server.running.components!;
        const workerCpu0 = await components.cpuMs();
        const t0 = performance.now();
        const cpu0 = serverThreadCpuMs();
        const createMs = await createAll(client, 'bench');
        const timeout = setTimeout(() => done(), 300_000);
        await allRunning;
        clearTimeout(timeout);
        const totalMs = performance.now() - t0;
        const lifecycleCpu = cpuPerPod(cpu0);
        const workerCpu1 = await components.cpuMs();
        const workerCpu = workerCpu0 === undefined || workerCpu1 === undefined ? undefined : (workerCpu1 - workerCpu0) / PODS;
        if (running.size < PODS) throw new Error(`only ${running.size}/${PODS} pods Running after 300 s`);
        const perNode = new Map<string, number>();
        for (const p of informer.cache.values()) perNode.set((p as any).spec.nodeName, (perNode.get((p as any).spec.nodeName) ?? 0) + 1);
        ctx.log(`lifecycle: created in ${(createMs / 1000).toFixed(2)} s, all bound after ${((lastBoundAt - t0) / 1000).toFixed(2)} s, all Running after ${(totalMs / 1000).toFixed(2)} s${lifecycleCpu === undefined ? '' : `, server thread CPU ${lifecycleCpu.toFixed(2)} ms/pod`}${workerCpu === undefined ? '' : `, components' thread CPU ${workerCpu.toFixed(2)} ms/pod`}`);
        ctx.log(`pods per node: ${[...perNode.values()].sort((a, b) => a - b).join(', ')}`);
        // What the components asked of the server, from its audit trail (every request is recorded): at
        // the moment all pods run, and once the events that trail them are written too.
        const requests = (verb: string, resource: string, subresource = '') => audited([{ column: 'verb', op: '=', value: verb }, { column: 'resource', op: '=', value: resource }, { column: 'subresource', op: '=', value: subresource }]);
        const eventsAtRunning = requests('create', 'events');
        for (let last = -1, until = performance.now() + 30_000; performance.now() < until;) {
          const n = requests('create', 'events') + requests('patch', 'events');
          if (n === last) break;
          last = n;
          await new Promise((r) => setTimeout(r, 1000));
        }
        const events = requests('create', 'events') + requests('patch', 'events');
        const statusWrites = requests('patch', 'pods', 'status');
        const total = audited() - requestsBefore;
        ctx.log(`requests: ${requests('create', 'pods', 'binding')} bindings, ${statusWrites} pod status writes, ${requests('create', 'serviceaccounts', 'token')} TokenRequests, ${requests('get', 'configmaps')} config map GETs, ${requests('create', 'events')} events created, ${requests('patch', 'events')} patched (${eventsAtRunning} created when all pods ran); ${total} requests in all`);
        const lifecycleRate = PODS / (totalMs / 1000);
        const createRate = PODS / (createOnlyMs / 1000);
        return [
          { name: `${PODS} pods create → Running`, value: round(totalMs / 1000), unit: 's', target: { op: '<=', value: 5 } },
          { name: 'create → Running', value: round(lifecycleRate), unit: 'pods/s' },
          { name: 'create only (no components)', value: round(createRate), unit: 'pods/s' },
          ...(lifecycleCpu !== undefined && createOnlyCpu !== undefined ? [
            // CPU, not wall time: what the server thread spent per pod, create → Running against create only.
            { name: 'server thread CPU per pod, create → Running ÷ create only', value: round(lifecycleCpu / createOnlyCpu), unit: 'ratio', note: `${lifecycleCpu.toFixed(2)} vs ${createOnlyCpu.toFixed(2)} ms` },
          ] : []),
          // The scheduler's, node agents' and controllers' thread: the other core the lifecycle needs.
          ...(workerCpu !== undefined ? [{ name: "components' thread CPU per pod (scheduler, node agents, controllers)", value: round(workerCpu), unit: 'ms' }] : []),
          { name: 'events per pod', value: round(events / PODS), unit: 'events' },
          { name: 'pod status writes per pod', value: round(statusWrites / PODS), unit: 'writes' },
          { name: 'requests per pod (all clients, bench included)', value: round(total / PODS), unit: 'requests' },
          // Each pod costs about eight API requests (create, binding, one or two status writes, a TokenRequest,
          // four events, written after the pod's status) plus the watch fan-out to the components, which run
          // in the server's worker thread.
          { name: 'create → Running / create only', value: round(lifecycleRate / createRate), unit: 'ratio', target: { op: '>=', value: 0.25 }, note: 'one measured run each' },
        ];
      } finally {
        informer.stop();
        client.close();
      }
    } finally {
      await server.close();
    }
  },
};

/** LIFECYCLE_BENCHMARKS are registered in main.ts. */
export const LIFECYCLE_BENCHMARKS: Benchmark[] = [podsToRunning];
