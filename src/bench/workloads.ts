import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../shared/api/meta';
import { ApiClient, Informer } from '../server/components/client';
import { startBenchServer, mustRequest, type BenchServer } from './fixture';
import { round, type Benchmark } from './harness';

// Benchmark for workloads by delegation (issue 15): a Deployment of 1,000 replicas from create to all
// pods Running, beside 1,000 bare pods created by a client, each on a fresh server with the same ten
// node agents (and the controllers) in the same run. The deployment path adds the deployment and
// replicaset controllers, the ReplicaSet, and admission's delegation check per pod (the grants of the
// person who set the template), so the ratio is what delegation and the controllers cost.

const REPLICAS = 1000;
const NODES = 10; // 110 pods per node: ten nodes hold the thousand pods
const CONCURRENCY = 32;
// A shared, busy machine can take minutes for a thousand pods; past this the run reports what it saw.
const TIMEOUT_MS = 900_000;

const container = { name: 'app', image: 'registry.example.com/bench/app:1.0', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } } };

/** runningAfter starts `work` on a fresh server and resolves with the ms until REPLICAS pods of namespace `bench` are Running. */
async function runningAfter(label: string, work: (client: ApiClient, server: BenchServer) => Promise<void>, log: (m: string) => void): Promise<number> {
  const server = await startBenchServer([], { nodes: NODES });
  try {
    await server.running.components!.started;
    await mustRequest(server, 'POST', '/api/v1/namespaces', server.adminToken, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
    const client = new ApiClient({ server: server.url, ca: server.ca, token: server.adminToken, maxSockets: CONCURRENCY, userAgent: 'bench' });
    const running = new Set<string>();
    let done!: () => void;
    const allRunning = new Promise<void>((resolve) => { done = resolve; });
    const informer = new Informer(client, '/api/v1/namespaces/bench/pods', {}, (type, p) => {
      if (type !== 'DELETED' && (p as any).status?.phase === 'Running') running.add(p.metadata.name ?? '');
      if (running.size >= REPLICAS) done();
    }).start();
    try {
      await informer.synced();
      const t0 = performance.now();
      await work(client, server);
      const timeout = setTimeout(() => done(), TIMEOUT_MS);
      await allRunning;
      clearTimeout(timeout);
      const ms = performance.now() - t0;
      if (running.size < REPLICAS) throw new Error(`${label}: only ${running.size}/${REPLICAS} pods Running after ${TIMEOUT_MS / 1000} s`);
      log(`${label}: ${REPLICAS} pods Running after ${(ms / 1000).toFixed(2)} s`);
      return ms;
    } finally {
      informer.stop();
      client.close();
    }
  } finally {
    await server.close();
  }
}

/** barePods posts REPLICAS pods with CONCURRENCY requests in flight (as lifecycle/pods-to-running). */
async function barePods(client: ApiClient): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REPLICAS) {
      const i = next++;
      await client.create('/api/v1/namespaces/bench/pods', {
        apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${String(i).padStart(4, '0')}`, labels: { app: 'bench' } }, spec: { containers: [container] },
      } as KubeObject);
    }
  }));
}

/** oneDeployment posts a single Deployment of REPLICAS replicas; the controllers do the rest. */
async function oneDeployment(client: ApiClient): Promise<void> {
  await client.create('/apis/apps/v1/namespaces/bench/deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bench' },
    spec: { replicas: REPLICAS, selector: { matchLabels: { app: 'bench' } }, template: { metadata: { labels: { app: 'bench' } }, spec: { containers: [container] } } },
  } as KubeObject);
}

/** 1. A Deployment of 1,000 replicas to all Running, against 1,000 bare pods (ratio ≤ 1.5 is the target). */
const deploymentToRunning: Benchmark = {
  name: 'workloads/deployment-1000',
  description: `a Deployment of ${REPLICAS} replicas from create to all Running, beside ${REPLICAS} bare pods (${CONCURRENCY} in flight), ${NODES} node agents each, fresh servers`,
  async run(ctx) {
    const bareMs = await runningAfter('bare pods', barePods, ctx.log);
    const deployMs = await runningAfter('deployment', oneDeployment, ctx.log);
    return [
      { name: `${REPLICAS} bare pods create → Running`, value: round(bareMs / 1000), unit: 's' },
      { name: `Deployment of ${REPLICAS} create → Running`, value: round(deployMs / 1000), unit: 's' },
      { name: 'deployment / bare pods (time)', value: round(deployMs / bareMs), unit: 'ratio', target: { op: '<=', value: 1.5 }, note: 'one measured run each' },
    ];
  },
};

/** WORKLOAD_BENCHMARKS are registered in main.ts. */
export const WORKLOAD_BENCHMARKS: Benchmark[] = [deploymentToRunning];
