// The pod lifecycle with the built-in scheduler and node agents, seen through the real kubectl:
// scheduling with resource fit, Pending → ContainerCreating → Running, a missing secret holding a pod
// with FailedMount, graceful deletion ending in removal, and the components as separate processes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

async function waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const podYaml = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${spec.trim().split('\n').map((l) => `  ${l}`).join('\n')}
`;
const NGINX = 'containers:\n- name: web\n  image: nginx:1.27';
const cpuPod = (cpu: string) => `containers:\n- name: work\n  image: busybox:1.36\n  resources:\n    requests: {cpu: "${cpu}", memory: 64Mi}`;

describe('pod lifecycle (scheduler and two node agents in-process)', needs(kubectlBinary), () => {
  let s: TestServer;
  let admin: string;
  const ok = (args: string[], input?: string) => {
    const r = kubectl(admin, args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const jp = (pod: string, expr: string) => kubectl(admin, ['get', 'pod', pod, '-o', `jsonpath=${expr}`]).stdout;
  const events = (pod: string) => ok(['get', 'events', '--field-selector', `involvedObject.name=${pod}`, '-o', 'jsonpath={range .items[*]}{.reason}|{.type}|{.source.component}|{.message}{"\\n"}{end}']);

  before(async () => {
    s = await startServerProcess({ args: ['--nodes', '2'] });
    admin = kubeconfigFor(s, 'admin', s.adminToken, 'life');
    ok(['create', 'namespace', 'life']);
  });
  after(async () => { await s?.stop(); });

  test('node agents register Ready nodes with capacity', async () => {
    await waitFor('two Ready nodes', () => (ok(['get', 'nodes']).match(/\sReady\s/g) ?? []).length === 2);
    const cap = JSON.parse(ok(['get', 'node', 'node-1', '-o', 'jsonpath={.status.capacity}']));
    assert.equal(cap.cpu, '4');
    assert.equal(cap.memory, '8Gi');
    assert.equal(cap.pods, '110');
    const beat = Date.parse(ok(['get', 'node', 'node-2', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].lastHeartbeatTime}']));
    assert.ok(Date.now() - beat < 30_000, 'recent heartbeat');
  });

  test('a pod goes Pending → ContainerCreating → Running with IPs, conditions and events', async () => {
    const seen = new Set<string>();
    const watch = spawn('kubectl', ['--kubeconfig', admin, '--cache-dir', `${admin}.cache`, 'get', 'pods', '-w', '--request-timeout', '30s']);
    let out = '';
    watch.stdout.on('data', (d) => { out += d; });
    watch.stderr.on('data', (d) => { out += d; });
    // An empty watch prints nothing: give kubectl time to list and start watching.
    await new Promise((r) => setTimeout(r, 2000));
    ok(['create', '-f', '-'], podYaml('web', NGINX));
    await waitFor('Running', () => jp('web', '{.status.phase}') === 'Running');
    await waitFor('the watch to see Running', () => /^web\s+1\/1\s+Running/m.test(out));
    watch.kill();
    for (const m of out.matchAll(/^web\s+\S+\s+(\S+)/gm)) seen.add(m[1]);
    assert.ok(seen.has('ContainerCreating'), `statuses seen: ${[...seen]}`);
    assert.match(jp('web', '{.spec.nodeName}'), /^node-[12]$/);
    assert.match(jp('web', '{.status.podIP}'), /^10\.244\.[12]\.\d+$/);
    assert.match(jp('web', '{.status.hostIP}'), /^172\.18\.0\.[23]$/);
    assert.ok(jp('web', '{.status.startTime}'));
    assert.equal(jp('web', '{.status.containerStatuses[0].ready}'), 'true');
    assert.ok(jp('web', '{.status.containerStatuses[0].state.running.startedAt}'));
    for (const c of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready']) assert.equal(jp('web', `{.status.conditions[?(@.type=="${c}")].status}`), 'True', c);
    await waitFor('Scheduled and Started events', () => { const ev = events('web'); return /Started/.test(ev) && /Scheduled/.test(ev); });
    const ev = events('web');
    assert.match(ev, /^Scheduled\|Normal\|default-scheduler\|Successfully assigned life\/web to node-[12]$/m);
    assert.match(ev, /^Started\|Normal\|kubelet\|Started container web$/m);
  });

  test('a pod whose secret is missing stays ContainerCreating with FailedMount, and runs once it exists', async () => {
    ok(['create', '-f', '-'], podYaml('needs-secret', `${NGINX}\n  volumeMounts: [{name: creds, mountPath: /creds}]\nvolumes:\n- name: creds\n  secret: {secretName: db-creds}`));
    await waitFor('a FailedMount event', () => /FailedMount/.test(events('needs-secret')));
    assert.match(events('needs-secret'), /^FailedMount\|Warning\|kubelet\|MountVolume\.SetUp failed for volume "creds" : secret "db-creds" not found$/m);
    assert.equal(jp('needs-secret', '{.status.phase}'), 'Pending');
    assert.equal(jp('needs-secret', '{.status.containerStatuses[0].state.waiting.reason}'), 'ContainerCreating');
    assert.match(ok(['get', 'pod', 'needs-secret']), /needs-secret\s+0\/1\s+ContainerCreating/);
    ok(['create', 'secret', 'generic', 'db-creds', '--from-literal=password=s3cret-value']);
    await waitFor('Running after the secret appears', () => jp('needs-secret', '{.status.phase}') === 'Running', 30_000, 500);
  });

  test('a missing secret key in env is a CreateContainerConfigError', async () => {
    ok(['create', 'secret', 'generic', 'app-env', '--from-literal=present=1']);
    ok(['create', '-f', '-'], podYaml('bad-env', `${NGINX}\n  env:\n  - name: TOKEN\n    valueFrom: {secretKeyRef: {name: app-env, key: absent}}`));
    await waitFor('CreateContainerConfigError', () => jp('bad-env', '{.status.containerStatuses[0].state.waiting.reason}') === 'CreateContainerConfigError');
    assert.match(jp('bad-env', '{.status.containerStatuses[0].state.waiting.message}'), /couldn't find key absent in Secret life\/app-env/);
    await waitFor('a Failed event', () => /^Failed\|Warning\|kubelet\|Error: couldn't find key absent/m.test(events('bad-env')));
  });

  test('kubectl delete pod waits for the node to finish and the pod is gone', async () => {
    await waitFor('web Running', () => jp('web', '{.status.phase}') === 'Running');
    const t0 = Date.now();
    assert.match(ok(['delete', 'pod', 'web']), /pod "web" deleted/);
    const took = Date.now() - t0;
    assert.ok(took < 10_000, `delete took ${took} ms`);
    const r = kubectl(admin, ['get', 'pod', 'web']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /NotFound/);
    await waitFor('a Killing event', () => /^Killing\|Normal\|kubelet\|Stopping container web$/m.test(events('web')));
  });

  test('the scheduler fits cpu requests to allocatable and says why the rest wait', async () => {
    // 4 cpu per node: two 1500m pods fit on each, the fifth and sixth do not.
    for (let i = 1; i <= 6; i++) ok(['create', '-f', '-'], podYaml(`big-${i}`, cpuPod('1500m')));
    const bound = () => [1, 2, 3, 4, 5, 6].map((i) => jp(`big-${i}`, '{.spec.nodeName}'));
    await waitFor('four bound pods', () => bound().filter(Boolean).length === 4);
    const nodes = bound().filter(Boolean);
    assert.equal(nodes.filter((n) => n === 'node-1').length, 2);
    assert.equal(nodes.filter((n) => n === 'node-2').length, 2);
    const waiting = [1, 2, 3, 4, 5, 6].filter((i) => !jp(`big-${i}`, '{.spec.nodeName}'));
    await waitFor('FailedScheduling', () => /FailedScheduling/.test(events(`big-${waiting[0]}`)));
    assert.match(events(`big-${waiting[0]}`), /^FailedScheduling\|Warning\|default-scheduler\|0\/2 nodes are available: 2 Insufficient cpu\.$/m);
    // Freeing room schedules a waiting pod.
    const victim = [1, 2, 3, 4, 5, 6].find((i) => !waiting.includes(i))!;
    ok(['delete', 'pod', `big-${victim}`]);
    await waitFor('a waiting pod to be bound', () => waiting.some((i) => jp(`big-${i}`, '{.spec.nodeName}')));
    ok(['delete', 'pods', '--all', '--wait=true']);
  });

  test('a pod too big for any node stays Pending; an unbound pod is deleted at once', async () => {
    ok(['create', '-f', '-'], podYaml('huge', cpuPod('64')));
    await waitFor('FailedScheduling', () => /FailedScheduling/.test(events('huge')));
    assert.equal(jp('huge', '{.status.phase}'), 'Pending');
    assert.equal(jp('huge', '{.spec.nodeName}'), '');
    const del = await api(s, 'DELETE', '/api/v1/namespaces/life/pods/huge', { token: s.adminToken });
    assert.equal(del.status, 200);
    assert.equal((await api(s, 'GET', '/api/v1/namespaces/life/pods/huge', { token: s.adminToken })).status, 404);
  });

  test('the node fetched a service-account token bound to the pod, as itself', async () => {
    ok(['create', 'serviceaccount', 'robot']);
    ok(['create', '-f', '-'], podYaml('robot', `serviceAccountName: robot\n${NGINX}`));
    await waitFor('Running', () => jp('robot', '{.status.phase}') === 'Running');
    const node = jp('robot', '{.spec.nodeName}');
    // The audit trail has the node's TokenRequest (found through discovery of the audit group).
    const disco = await api(s, 'GET', '/apis/audit.gatehouse.dev/v1', { token: s.adminToken });
    assert.equal(disco.status, 200);
    const resource = disco.body.resources.find((r: any) => !r.name.includes('/') && r.verbs.includes('list')).name;
    let entry: any;
    let requests: any[] = [];
    for (let i = 0; i < 50 && !entry; i++) {
      if (i > 0) await new Promise((res) => setTimeout(res, 200));
      const r = await api(s, 'GET', `/apis/audit.gatehouse.dev/v1/${resource}?limit=1000`, { token: s.adminToken });
      requests = (r.body.items ?? []).filter((e: any) => e.user?.username === `system:node:${node}` && e.objectRef?.resource === 'serviceaccounts' && e.objectRef?.name === 'robot' && e.objectRef?.subresource === 'token');
      entry = requests[0];
    }
    assert.ok(entry, 'an audit event for the TokenRequest');
    // The kube-api-access volume's token is the pod's API token: the node asks for it once, not twice.
    assert.equal(requests.length, 1, 'one TokenRequest for the pod');
    assert.equal(entry.responseStatus?.code, 201);
    assert.match(entry.annotations?.['authorization.k8s.io/reason'] ?? '', /^Node: the service account runs a pod bound to node/);
    assert.match(entry.annotations?.['authentication.kubernetes.io/issued-credential-id'] ?? '', /^JTI=/);
  });
});

describe('components as separate processes (gatehouse scheduler|node)', needs(kubectlBinary), () => {
  let s: TestServer;
  const procs: ChildProcess[] = [];
  before(async () => {
    s = await startServerProcess({ args: ['--nodes', '1', '--external-components'] });
  });
  after(async () => {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => (p.exitCode !== null ? undefined : new Promise((r) => p.once('exit', r)))));
    await s?.stop();
  });

  test('nothing runs in-process; the processes use the kubeconfigs the server wrote', async () => {
    const admin = kubeconfigFor(s, 'admin', s.adminToken);
    assert.equal(kubectl(admin, ['get', 'nodes', '-o', 'name']).stdout.trim(), '');
    for (const [cmd, kc] of [['scheduler', 'scheduler.kubeconfig'], ['node', 'node-1.kubeconfig']]) {
      const p = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'server', 'cli', 'main.ts'), cmd, '--kubeconfig', path.join(s.dataDir, kc), '--server', s.url, '--log-level', 'warn'], { cwd: ROOT, stdio: 'ignore' });
      procs.push(p);
    }
    await waitFor('node-1 to register', () => /node-1\s+Ready/.test(kubectl(admin, ['get', 'nodes']).stdout), 30_000, 300);
    assert.equal(kubectl(admin, ['create', '-f', '-'], podYaml('remote', NGINX)).code, 0);
    await waitFor('Running', () => kubectl(admin, ['get', 'pod', 'remote', '-o', 'jsonpath={.status.phase}']).stdout === 'Running', 30_000, 300);
    assert.equal(kubectl(admin, ['get', 'pod', 'remote', '-o', 'jsonpath={.spec.nodeName}']).stdout, 'node-1');
    assert.equal(kubectl(admin, ['delete', 'pod', 'remote']).code, 0);
  });
});
