import { performance } from 'node:perf_hooks';
import { clusterBinDir, startCluster } from '../server/connect/testing/cluster';
import { call, connectTo } from '../server/connect/testing/connect';
import { interleavedRounds, median, pairedRatio, round, type BenchContext, type Benchmark } from './harness';

// Connect mode's overhead on a real kube-apiserver (issue 13): what Gatehouse's admission webhooks
// add to a pod create, as the ratio of ms per pod in a namespace the webhooks see to ms per pod in
// one they exclude (kube-public), both created by the cluster admin straight at kube-apiserver; and
// what the impersonating proxy adds (a developer's create through Gatehouse ÷ the admin's direct one,
// both with webhooks). Needs the binaries from src/server/connect/cluster/build.sh.

const PODS_PER_ROUND = 15;

function pod(name: string): unknown {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'registry.example/app:1', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }] } };
}

/** withoutCluster tells (and logs) that a benchmark on the real-cluster binaries is skipped: they are not built here. */
export function withoutCluster(ctx: BenchContext): boolean {
  if (clusterBinDir()) return false;
  ctx.log('skipped: the real-cluster binaries are missing (run src/server/connect/cluster/build.sh)');
  return true;
}

/** CONNECT_BENCHMARKS measure connect mode on the test cluster. */
export const CONNECT_BENCHMARKS: Benchmark[] = [{
  name: 'connect-webhooks',
  description: 'pod create on a real kube-apiserver with Gatehouse\'s webhooks ÷ without; through the proxy ÷ direct',
  async run(ctx) {
    if (withoutCluster(ctx)) return [];
    ctx.log('starting kine, kube-apiserver and kube-controller-manager');
    const cluster = await startCluster({ audit: true });
    const g = await connectTo(cluster);
    try {
      const kube = { url: cluster.url, ca: cluster.ca };
      const admin = (m: string, p: string, b?: unknown) => call(kube, m, p, { token: cluster.adminToken, body: b });
      await admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
      for (const ns of ['bench', 'kube-public']) await admin('POST', `/api/v1/namespaces/${ns}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'x' } });
      await admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/bench/rolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dev' }] });
      const dev = await g.addUser('dev');
      for (let i = 0; i < 100; i++) {
        if ((await admin('GET', '/api/v1/namespaces/bench/serviceaccounts/default')).status === 200 && (await call(g, 'GET', '/api/v1/namespaces/bench/pods', { token: dev })).status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      let n = 0;
      const batch = (create: (name: string) => Promise<{ status: number; body: any }>) => async () => {
        const t0 = performance.now();
        for (let i = 0; i < PODS_PER_ROUND; i++) {
          const r = await create(`p-${(n += 1)}`);
          if (r.status !== 201) throw new Error(`pod create failed: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        }
        return (performance.now() - t0) / PODS_PER_ROUND;
      };
      ctx.log(`measuring ${PODS_PER_ROUND} pods per round`);
      const s = await interleavedRounds({
        without: batch((name) => admin('POST', '/api/v1/namespaces/kube-public/pods', pod(name))),
        webhooks: batch((name) => admin('POST', '/api/v1/namespaces/bench/pods', pod(name))),
        proxied: batch((name) => call(g, 'POST', '/api/v1/namespaces/bench/pods', { token: dev, body: pod(name) })),
      }, { warmup: 1, rounds: 5 });
      return [
        { name: 'pod create, webhooks ÷ without', value: round(pairedRatio(s.webhooks, s.without)), unit: 'x', target: { op: '<=', value: 3 }, samples: s.webhooks.map((x, i) => round(x / s.without[i])) },
        { name: 'pod create through Gatehouse ÷ direct (both with webhooks)', value: round(pairedRatio(s.proxied, s.webhooks)), unit: 'x', target: { op: '<=', value: 1.5 } },
        { name: 'ms per pod without webhooks', value: round(median(s.without)), unit: 'ms' },
        { name: 'ms per pod with webhooks', value: round(median(s.webhooks)), unit: 'ms' },
        { name: 'ms per pod through Gatehouse', value: round(median(s.proxied)), unit: 'ms' },
      ];
    } finally {
      await g.stop();
      await cluster.stop();
    }
  },
}];
