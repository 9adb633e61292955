import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ApiClient, Informer } from '../server/components/client';
import { startBenchServer, mustRequest, type BenchUser } from './fixture';
import { HttpLoadClient } from './http-client';
import { benchPod, seedPods } from './seed';

// One hot path under steady load, for a CPU profile of the server thread:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx src/bench/profile.ts get|create|list|lifecycle [seconds]
// then `npx tsx src/bench/cpuprofile-top.ts /tmp/prof/<main thread's file>.cpuprofile` (the largest
// file is the server's thread; the others are the load generator's). Nothing here is measured.

const scenario = process.argv[2] ?? 'get';
const seconds = Number(process.argv[3] ?? 8);

async function main(): Promise<void> {
  const dev: BenchUser = { token: randomBytes(24).toString('base64url'), username: 'bench-dev', uid: 'bench-dev-uid', groups: ['bench-devs'] };
  const server = await startBenchServer([dev], scenario === 'lifecycle' ? { nodes: 10 } : {});
  const client = new HttpLoadClient({ url: server.url, ca: server.ca, maxSockets: 32 });
  try {
    const admin = server.adminToken;
    await mustRequest(server, 'POST', '/api/v1/namespaces', admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    await mustRequest(server, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/bench/rolebindings', admin, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'bench-dev' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: dev.username }],
    });
    const ms = seconds * 1000;
    const t0 = performance.now();
    let done = 0;
    if (scenario === 'get') {
      await mustRequest(server, 'POST', '/api/v1/namespaces/bench/pods', dev.token, benchPod('bench', 'p1', 1, false));
      done = (await client.load('/api/v1/namespaces/bench/pods/p1', dev.token, 32, ms)).requests;
    } else if (scenario === 'create') {
      await mustRequest(server, 'POST', '/api/v1/namespaces/bench/secrets', dev.token, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'bench' } });
      const pod = JSON.stringify({ ...benchPod('bench', 'pod-__N__', 1, false), spec: { containers: [{ name: 'main', image: 'registry.example.com/team/web:1.4.2', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }], volumes: [{ name: 'creds', secret: { secretName: 'db' } }] } });
      done = (await client.post('/api/v1/namespaces/bench/pods', dev.token, pod, 8, ms)).requests;
    } else if (scenario === 'list') {
      const { store } = server.running.app;
      seedPods(store, 'bench', 10_000);
      const deadline = performance.now() + ms;
      while (performance.now() < deadline) { await client.fetch('/api/v1/namespaces/bench/pods', admin); await client.fetch('/api/v1/namespaces/bench/pods?limit=500', admin); done += 2; }
    } else if (scenario === 'lifecycle') {
      await server.running.components!.started;
      const api = new ApiClient({ server: server.url, ca: server.ca, token: admin, maxSockets: 32 });
      const running = new Set<string>();
      let resolve!: () => void;
      const all = new Promise<void>((r) => { resolve = r; });
      const N = 1000;
      const inf = new Informer(api, '/api/v1/namespaces/bench/pods', {}, (_t, p) => { if ((p as any).status?.phase === 'Running') running.add(p.metadata.name!); if (running.size === N) resolve(); }).start();
      await inf.synced();
      let next = 0;
      await Promise.all(Array.from({ length: 32 }, async () => { while (next < N) { const i = next++; await api.create('/api/v1/namespaces/bench/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}` }, spec: { containers: [{ name: 'app', image: 'registry.example.com/bench/app:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } }); } }));
      await all;
      inf.stop();
      api.close();
      done = N;
    } else throw new Error(`unknown scenario ${scenario}: get, create, list or lifecycle`);
    console.log(`${scenario}: ${done} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await client.close();
    await server.close();
  }
}

main().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
