import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { ApiClient, Informer } from '../server/components/client';
import { startBenchServer, mustRequest, type BenchUser } from './fixture';
import { HttpLoadClient } from './http-client';
import { benchPod, seedPods } from './seed';

// One hot path under steady load, for a CPU profile of the server thread:
//   npx tsx src/bench/profile.ts get|healthz|create|create-configmap|put|list|list-page|lifecycle [seconds] [out.cpuprofile]
// profiles the server's thread (through node:inspector) while the load runs — not the start-up or the
// seeding — and writes the profile (default /tmp/gatehouse-<scenario>.cpuprofile); then
// `npx tsx src/bench/cpuprofile-top.ts <that file>`. (`node --cpu-prof --import tsx ...` still works
// and profiles the whole run, every thread.) Nothing here is measured.

const scenario = process.argv[2] ?? 'get';
const seconds = Number(process.argv[3] ?? 8);
const out = process.argv[4] ?? `/tmp/gatehouse-${scenario}.cpuprofile`;

/** profiled runs `fn` under the V8 CPU profiler of this thread and writes the profile to `out`. */
async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(out, JSON.stringify(profile));
    session.disconnect();
    console.log(`profile written to ${out}`);
  }
}

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
    let load: () => Promise<number>;
    if (scenario === 'get') {
      await mustRequest(server, 'POST', '/api/v1/namespaces/bench/pods', dev.token, benchPod('bench', 'p1', 1, false));
      load = async () => (await client.load('/api/v1/namespaces/bench/pods/p1', dev.token, 32, ms)).requests;
    } else if (scenario === 'healthz') {
      // get's baseline in api-core/get-authorized: what a GET costs beyond it is the API's own work.
      load = async () => (await client.load('/healthz', undefined, 32, ms)).requests;
    } else if (scenario === 'create') {
      await mustRequest(server, 'POST', '/api/v1/namespaces/bench/secrets', dev.token, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'bench' } });
      const pod = JSON.stringify({ ...benchPod('bench', 'pod-__N__', 1, false), spec: { containers: [{ name: 'main', image: 'registry.example.com/team/web:1.4.2', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }], volumes: [{ name: 'creds', secret: { secretName: 'db' } }] } });
      load = async () => (await client.post('/api/v1/namespaces/bench/pods', dev.token, pod, 8, ms)).requests;
    } else if (scenario === 'create-configmap') {
      // The audit bench's write (audit/write-throughput): a small ConfigMap, audited at Metadata.
      const cm = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-__N__', labels: { app: 'web' } }, data: { 'app.properties': 'mode=fast\nlevel=3\n' } });
      load = async () => (await client.post('/api/v1/namespaces/bench/configmaps', dev.token, cm, 8, ms)).requests;
    } else if (scenario === 'put') {
      // The latency bench's PUT: each of 32 clients restates its own pod with one annotation changed.
      const templates: string[] = [];
      for (let l = 0; l < 32; l++) {
        const created = await mustRequest(server, 'POST', '/api/v1/namespaces/bench/pods', dev.token, benchPod('bench', `p-${l}`, l, false));
        delete created.metadata.resourceVersion;
        delete created.metadata.managedFields;
        created.metadata.annotations = { ...created.metadata.annotations, 'bench.gatehouse.dev/n': '__N__' };
        templates.push(JSON.stringify(created));
      }
      load = async () => (await client.run({ method: 'PUT', path: '/api/v1/namespaces/bench/pods/p-__L__', token: dev.token, body: templates, concurrency: 32, durationMs: ms })).requests;
    } else if (scenario === 'list') {
      const { store } = server.running.app;
      seedPods(store, 'bench', 10_000);
      load = async () => {
        let done = 0;
        const deadline = performance.now() + ms;
        while (performance.now() < deadline) { await client.fetch('/api/v1/namespaces/bench/pods', admin); await client.fetch('/api/v1/namespaces/bench/pods?limit=500', admin); done += 2; }
        return done;
      };
    } else if (scenario === 'list-page') {
      seedPods(server.running.app.store, 'bench', 10_000);
      load = async () => {
        let done = 0;
        const deadline = performance.now() + ms;
        while (performance.now() < deadline) { await client.fetch('/api/v1/namespaces/bench/pods?limit=500', admin); done += 1; }
        return done;
      };
    } else if (scenario === 'lifecycle') {
      await server.running.components!.started;
      const api = new ApiClient({ server: server.url, ca: server.ca, token: admin, maxSockets: 32 });
      const running = new Set<string>();
      let resolve!: () => void;
      const all = new Promise<void>((r) => { resolve = r; });
      const N = 1000;
      const inf = new Informer(api, '/api/v1/namespaces/bench/pods', {}, (_t, p) => { if ((p as any).status?.phase === 'Running') running.add(p.metadata.name!); if (running.size === N) resolve(); }).start();
      await inf.synced();
      load = async () => {
        let next = 0;
        await Promise.all(Array.from({ length: 32 }, async () => { while (next < N) { const i = next++; await api.create('/api/v1/namespaces/bench/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}` }, spec: { containers: [{ name: 'app', image: 'registry.example.com/bench/app:1.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } }); } }));
        await all;
        inf.stop();
        api.close();
        return N;
      };
    } else throw new Error(`unknown scenario ${scenario}: get, healthz, create, create-configmap, put, list, list-page or lifecycle`);
    const t0 = performance.now();
    const done = await profiled(load);
    console.log(`${scenario}: ${done} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await client.close();
    await server.close();
  }
}

main().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
