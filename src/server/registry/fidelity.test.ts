// Kubernetes fidelity of the stored resources, against a real server process with one built-in node:
// the answers a client gets where upstream's differ in shape (kubectl logs and exec, legacy watch
// paths, paged lists, generation, pod defaults, wide table columns). The container subresources'
// answers themselves are tested beside them, in pods/containers.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const POD = (name: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: {
    containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }, { name: 'd', image: 'busybox' }],
    volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }, { name: 'scratch', emptyDir: {} }],
  },
});

/** watchLines opens a watch and returns the first `n` event lines. */
function watchLines(s: TestServer, path: string, n: number): Promise<{ status: number; events: { type: string; object: any }[] }> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, s.url), { ca: s.ca, headers: { Authorization: `Bearer ${s.adminToken}` } }, (res) => {
      let buf = '';
      const events: { type: string; object: any }[] = [];
      const done = () => { req.destroy(); resolve({ status: res.statusCode ?? 0, events }); };
      if (res.statusCode !== 200) { res.resume(); done(); return; }
      res.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
          if (events.length >= n) { done(); return; }
        }
      });
    });
    req.on('error', (e) => { if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(e); });
    req.end();
  });
}

describe('Kubernetes fidelity of stored resources', () => {
  let s: TestServer;
  const as = (method: string, p: string, body?: unknown) => api(s, method, p, { token: s.adminToken, body });

  before(async () => {
    s = await startServerProcess({ args: ['--nodes', '1'] });
    assert.equal((await as('POST', '/api/v1/namespaces', { metadata: { name: 'fid' } })).status, 201);
    assert.equal((await as('POST', '/api/v1/namespaces/fid/pods', POD('p1'))).status, 201);
    // Wait until the built-in scheduler has placed the pod.
    for (let i = 0; i < 100; i++) {
      if ((await as('GET', '/api/v1/namespaces/fid/pods/p1')).body.spec?.nodeName) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(async () => { await s?.stop(); });

  test('events select on every upstream field, involvedObject.apiVersion included (kubectl events --for)', async () => {
    const sel = encodeURIComponent('involvedObject.kind=Pod,involvedObject.apiVersion=v1,involvedObject.name=p1');
    // Events are written in the background after the binding (and yield while the components are busy,
    // up to 30 s): wait for the scheduler's, then check what the selector returns.
    let r = await as('GET', `/api/v1/namespaces/fid/events?fieldSelector=${sel}`);
    for (const end = Date.now() + 35_000; r.status === 200 && !r.body.items.some((e: any) => e.reason === 'Scheduled') && Date.now() < end;) {
      await new Promise((res) => setTimeout(res, 100));
      r = await as('GET', `/api/v1/namespaces/fid/events?fieldSelector=${sel}`);
    }
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.some((e: any) => e.reason === 'Scheduled'), r.text);
    const none = await as('GET', `/api/v1/namespaces/fid/events?fieldSelector=${encodeURIComponent('involvedObject.apiVersion=apps/v1')}`);
    assert.deepEqual(none.body.items, []);
  });

  test('kubectl logs and exec print the reason', needs(kubectlBinary), () => {
    const kc = kubeconfigFor(s, 'admin', s.adminToken, 'fid');
    const logs = kubectl(kc, ['logs', 'p1', '-c', 'c']);
    assert.notEqual(logs.code, 0);
    assert.match(logs.stderr, /logs are not available for pod p1: .*run no containers/);
    assert.doesNotMatch(logs.stderr, /not found/);
    const exec = kubectl(kc, ['exec', 'p1', '-c', 'c', '--', 'ls']);
    assert.notEqual(exec.code, 0);
    assert.match(exec.stderr, /exec is not available for pod p1|run no containers/);
    assert.doesNotMatch(exec.stderr, /not found/);
  });

  test('the node agent keeps a Lease in kube-node-lease; describe node finds it', needs(kubectlBinary), async () => {
    const lease = await as('GET', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1');
    assert.equal(lease.status, 200, lease.text);
    assert.equal(lease.body.spec.holderIdentity, 'node-1');
    assert.equal(lease.body.metadata.ownerReferences[0].kind, 'Node');
    const kc = kubeconfigFor(s, 'admin', s.adminToken, 'fid');
    const d = kubectl(kc, ['describe', 'node', 'node-1']);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^Lease:\s*\n\s+HolderIdentity:\s+node-1/m);
    assert.doesNotMatch(d.stdout + d.stderr, /failed|error/i);
  });

  test('services: a ClusterIP from 10.96.0.0/12, upstream defaults and columns; the kubernetes service; cluster-info', needs(kubectlBinary), async () => {
    const kc = kubeconfigFor(s, 'admin', s.adminToken, 'fid');
    const created = kubectl(kc, ['create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
    assert.equal(created.code, 0, created.stderr);
    const svc = (await as('GET', '/api/v1/namespaces/fid/services/web')).body;
    assert.match(svc.spec.clusterIP, /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    assert.deepEqual(svc.spec.clusterIPs, [svc.spec.clusterIP]);
    assert.equal(svc.spec.type, 'ClusterIP');
    assert.equal(svc.spec.sessionAffinity, 'None');
    assert.deepEqual(svc.spec.ports, [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }]);
    const get = kubectl(kc, ['get', 'svc', 'web', '-o', 'wide']);
    assert.match(get.stdout, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/m);
    assert.match(get.stdout, new RegExp(`^web\\s+ClusterIP\\s+${svc.spec.clusterIP.replace(/\./g, '\\.')}\\s+<none>\\s+80/TCP\\s+\\S+\\s+app=web$`, 'm'));
    const kube = (await as('GET', '/api/v1/namespaces/default/services/kubernetes')).body;
    assert.equal(kube.spec.clusterIP, '10.96.0.1');
    const taken = await as('POST', '/api/v1/namespaces/fid/services', { metadata: { name: 'dup' }, spec: { clusterIP: svc.spec.clusterIP, ports: [{ port: 80 }] } });
    assert.equal(taken.status, 422);
    assert.match(taken.body.message, /spec\.clusterIPs: Invalid value: .*provided IP is already allocated/);
    const outside = await as('POST', '/api/v1/namespaces/fid/services', { metadata: { name: 'far' }, spec: { clusterIP: '192.168.1.1', ports: [{ port: 80 }] } });
    assert.equal(outside.status, 422);
    assert.match(outside.body.message, /not in the valid range/);
    const headless = await as('POST', '/api/v1/namespaces/fid/services', { metadata: { name: 'headless' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] } });
    assert.equal(headless.body.spec.clusterIP, 'None');
    const change = await as('PUT', '/api/v1/namespaces/fid/services/web', { ...svc, spec: { ...svc.spec, clusterIP: '10.96.9.9', clusterIPs: ['10.96.9.9'] } });
    assert.equal(change.status, 422);
    const keep = await as('PUT', '/api/v1/namespaces/fid/services/web', { metadata: { name: 'web', resourceVersion: svc.metadata.resourceVersion }, spec: { selector: { app: 'web' }, ports: [{ port: 81 }] } });
    assert.equal(keep.status, 200, keep.text);
    assert.equal(keep.body.spec.clusterIP, svc.spec.clusterIP);
    const info = kubectl(kc, ['cluster-info']);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+/);
  });

  test('legacy watch paths stream events like ?watch=true', async () => {
    const all = await watchLines(s, '/api/v1/watch/namespaces/fid/pods', 1);
    assert.equal(all.status, 200);
    assert.equal(all.events[0].type, 'ADDED');
    assert.equal(all.events[0].object.metadata.name, 'p1');
    const one = await watchLines(s, '/api/v1/watch/namespaces/fid/pods/p1', 1);
    assert.equal(one.events[0].object.metadata.name, 'p1');
    const ns = await watchLines(s, '/api/v1/watch/namespaces', 1);
    assert.equal(ns.status, 200);
    assert.equal(ns.events[0].object.kind, 'Namespace');
  });

  test('paged lists carry remainingItemCount (unless a selector filters)', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await as('POST', '/api/v1/namespaces/fid/configmaps', { metadata: { name: `cm-${i}`, labels: { n: String(i) } } })).status, 201);
    const total = (await as('GET', '/api/v1/namespaces/fid/configmaps')).body.items.length; // the 5 and kube-root-ca.crt
    assert.equal(total, 6);
    const first = await as('GET', '/api/v1/namespaces/fid/configmaps?limit=4');
    assert.equal(first.body.items.length, 4);
    assert.equal(first.body.metadata.remainingItemCount, 2);
    const second = await as('GET', `/api/v1/namespaces/fid/configmaps?limit=1&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    assert.equal(second.body.metadata.remainingItemCount, 1);
    const last = await as('GET', `/api/v1/namespaces/fid/configmaps?limit=4&continue=${encodeURIComponent(second.body.metadata.continue)}`);
    assert.equal(last.body.items.length, 1);
    assert.equal(last.body.metadata.continue, undefined);
    assert.equal(last.body.metadata.remainingItemCount, undefined);
    const selected = await as('GET', '/api/v1/namespaces/fid/configmaps?limit=1&labelSelector=n');
    assert.ok(selected.body.metadata.continue);
    assert.equal(selected.body.metadata.remainingItemCount, undefined);
  });

  test('generation: pods and Gatehouse kinds carry it; ConfigMaps, Namespaces and RBAC objects do not', async () => {
    assert.equal((await as('GET', '/api/v1/namespaces/fid/pods/p1')).body.metadata.generation, 1);
    assert.equal((await as('GET', '/api/v1/namespaces/fid/configmaps/cm-0')).body.metadata.generation, undefined);
    const upd = await as('PUT', '/api/v1/namespaces/fid/configmaps/cm-0', { metadata: { name: 'cm-0' }, data: { a: 'b' } });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.metadata.generation, undefined);
    assert.equal((await as('GET', '/api/v1/namespaces/fid')).body.metadata.generation, undefined);
    assert.equal((await as('GET', '/api/v1/namespaces/default')).body.metadata.generation, undefined);
    assert.equal((await as('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/view')).body.metadata.generation, undefined);
    assert.equal((await as('POST', '/apis/iam.gatehouse.dev/v1/groups', { metadata: { name: 'g1' } })).body.metadata.generation, 1);
  });

  test('pods get the defaults upstream applies', async () => {
    const p = (await as('GET', '/api/v1/namespaces/fid/pods/p1')).body;
    assert.equal(p.spec.enableServiceLinks, true);
    assert.equal(p.spec.priority, 0);
    assert.equal(p.spec.preemptionPolicy, 'PreemptLowerPriority');
    assert.deepEqual(p.spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const [c, d] = p.spec.containers;
    assert.deepEqual(c.ports, [{ containerPort: 8080, protocol: 'TCP' }]);
    assert.equal(c.imagePullPolicy, 'IfNotPresent');
    assert.equal(d.imagePullPolicy, 'Always');
    assert.deepEqual(c.resources, {});
    assert.equal(c.terminationMessagePath, '/dev/termination-log');
    assert.deepEqual(p.spec.volumes[0], { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } });
    assert.deepEqual(p.spec.volumes[1], { name: 'scratch', emptyDir: {} });
  });

  test('a pod that already tolerates not-ready keeps its own toleration', async () => {
    const pod = POD('p2');
    (pod.spec as any).tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }];
    const r = await as('POST', '/api/v1/namespaces/fid/pods?dryRun=All', pod);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.spec.tolerations.map((t: any) => `${t.key}=${t.tolerationSeconds}`), ['node.kubernetes.io/not-ready=10', 'node.kubernetes.io/unreachable=300']);
  });

  test('managed fields record what the writer sent (defaults included), not what admission added, as upstream', async () => {
    const r = await as('POST', '/api/v1/namespaces/fid/pods?fieldManager=kubectl-run', { ...POD('mf'), metadata: { name: 'mf', labels: { run: 'mf' } } });
    assert.equal(r.status, 201, r.text);
    const p = r.body;
    // Admission did its work on the object...
    assert.equal(p.spec.serviceAccountName, 'default');
    assert.ok(p.spec.volumes.some((v: any) => v.name.startsWith('kube-api-access-')));
    assert.ok(p.metadata.annotations['security.gatehouse.dev/profile']);
    assert.ok(p.spec.securityContext.runAsUser > 0);
    // ...but the writer's entry holds only what it sent and what defaulting filled in.
    assert.deepEqual(p.metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`), ['kubectl-run/Update']);
    const f = p.metadata.managedFields[0].fieldsV1;
    assert.deepEqual(Object.keys(f['f:metadata']), ['f:labels']);
    assert.deepEqual(Object.keys(f['f:spec']['f:volumes']).sort(), ['k:{"name":"cfg"}', 'k:{"name":"scratch"}']);
    assert.ok(f['f:spec']['f:containers']['k:{"name":"c"}']['f:image']);
    assert.ok(f['f:spec']['f:dnsPolicy'], 'a default is the writer\'s, as upstream (decoding defaults it)');
    // The profile's runAsUser, fsGroup, seccomp... are no one's: the writer's securityContext is the empty default.
    assert.deepEqual(f['f:spec']['f:securityContext'], {});
    assert.equal(f['f:spec']['f:containers']['k:{"name":"c"}']['f:volumeMounts'], undefined);

    // An update by another manager takes what it changed, and nothing admission set on its way.
    // (The scheduler binds the pod meanwhile: restate the latest version until no write came between.)
    let put = { status: 409 } as Awaited<ReturnType<typeof as>>;
    for (let i = 0; i < 20 && put.status === 409; i++) {
      const latest = (await as('GET', '/api/v1/namespaces/fid/pods/mf')).body;
      put = await as('PUT', '/api/v1/namespaces/fid/pods/mf?fieldManager=labeller', { ...latest, metadata: { ...latest.metadata, labels: { run: 'mf', tier: 'web' } } });
    }
    assert.equal(put.status, 200, put.text);
    const mine = put.body.metadata.managedFields.find((m: any) => m.manager === 'labeller');
    assert.deepEqual(mine.fieldsV1, { 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
  });

  test('a secret\'s stringData is managed as the data it becomes, and restating it is a no-op', async () => {
    const r = await as('POST', '/api/v1/namespaces/fid/secrets?fieldManager=creator', { metadata: { name: 'sd' }, stringData: { k: 'v1' } });
    assert.equal(r.status, 201, r.text);
    const f = r.body.metadata.managedFields[0].fieldsV1;
    assert.deepEqual([Object.keys(f).sort(), Object.keys(f['f:data'])], [['f:data', 'f:type'], ['f:k']]);
    const rvs: string[] = [];
    for (let i = 0; i < 2; i++) {
      // A second apart: managed fields carry their time to the second, so a changed entry would show.
      if (i > 0) await new Promise((done) => setTimeout(done, 1100));
      const put = await as('PUT', '/api/v1/namespaces/fid/secrets/sd?fieldManager=operator', { metadata: { name: 'sd' }, type: 'Opaque', stringData: { k: 'v1' } });
      assert.equal(put.status, 200, put.text);
      rvs.push(put.body.metadata.resourceVersion);
    }
    assert.deepEqual(rvs, [r.body.metadata.resourceVersion, r.body.metadata.resourceVersion]);
  });

  test('a restatement without the creator annotation admission keeps is a no-op', async () => {
    const r = await as('POST', '/api/v1/namespaces/fid/configmaps', { metadata: { name: 'restated' }, data: { a: '1' } });
    assert.equal(r.status, 201, r.text);
    assert.ok(r.body.metadata.annotations['gatehouse.dev/created-by']);
    await new Promise((done) => setTimeout(done, 1100));
    const put = await as('PUT', '/api/v1/namespaces/fid/configmaps/restated', { metadata: { name: 'restated' }, data: { a: '1' } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.metadata.resourceVersion, r.body.metadata.resourceVersion);
    assert.equal(put.body.metadata.annotations['gatehouse.dev/created-by'], r.body.metadata.annotations['gatehouse.dev/created-by']);
  });

  test('kubectl get -o wide prints upstream\'s wide columns', needs(kubectlBinary), () => {
    const kc = kubeconfigFor(s, 'admin', s.adminToken, 'fid');
    const ok = (args: string[]) => {
      const r = kubectl(kc, args);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.split('\n')[0];
    };
    assert.match(ok(['get', 'pods', '-o', 'wide']), /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    assert.match(ok(['get', 'nodes', '-o', 'wide']), /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    assert.match(ok(['get', 'clusterrolebindings', '-o', 'wide']), /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS$/);
  });
});

describe('namespace defaults and ServiceAccount admission', () => {
  let s: TestServer;
  const as = (method: string, p: string, body?: unknown) => api(s, method, p, { token: s.adminToken, body });
  const pod = (name: string, sa?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...(sa ? { serviceAccountName: sa } : {}), containers: [{ name: 'c', image: 'nginx:1.27' }] } });

  before(async () => { s = await startServerProcess(); });
  after(async () => { await s?.stop(); });

  test('every namespace has the default ServiceAccount and kube-root-ca.crt with the server CA', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public']) {
      assert.equal((await as('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status, 200, ns);
      const cm = await as('GET', `/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`);
      assert.equal(cm.status, 200, ns);
      assert.equal(cm.body.data['ca.crt'].trim(), s.ca.trim());
    }
  });

  test('a pod created right after its namespace runs as default; a missing service account is refused', async () => {
    assert.equal((await as('POST', '/api/v1/namespaces', { metadata: { name: 'fresh' } })).status, 201);
    const r = await as('POST', '/api/v1/namespaces/fresh/pods', pod('p'));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.spec.serviceAccountName, 'default');
    const missing = await as('POST', '/api/v1/namespaces/fresh/pods', pod('q', 'robot'));
    assert.equal(missing.status, 403);
    assert.equal(missing.body.message, 'pods "q" is forbidden: error looking up service account fresh/robot: serviceaccount "robot" not found');
    assert.equal((await as('POST', '/api/v1/namespaces/fresh/serviceaccounts', { metadata: { name: 'robot' } })).status, 201);
    assert.equal((await as('POST', '/api/v1/namespaces/fresh/pods', pod('q', 'robot'))).status, 201);
  });

  test('a pod gets the projected kube-api-access volume, mounted read-only, unless automounting is off', async () => {
    const r = await as('POST', '/api/v1/namespaces/fresh/pods', pod('tok'));
    assert.equal(r.status, 201, r.text);
    const vol = r.body.spec.volumes.find((v: any) => v.name.startsWith('kube-api-access-'));
    assert.match(vol.name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(vol.projected, {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
    assert.deepEqual(r.body.spec.containers[0].volumeMounts, [{ name: vol.name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
    const off = await as('POST', '/api/v1/namespaces/fresh/pods', { ...pod('notok'), spec: { ...pod('notok').spec, automountServiceAccountToken: false } });
    assert.equal(off.status, 201, off.text);
    assert.equal(off.body.spec.volumes, undefined);
    assert.equal((await as('POST', '/api/v1/namespaces/fresh/serviceaccounts', { metadata: { name: 'quiet' }, automountServiceAccountToken: false })).status, 201);
    const quiet = await as('POST', '/api/v1/namespaces/fresh/pods', pod('quiet', 'quiet'));
    assert.equal(quiet.body.spec.volumes, undefined);
  });

  test('deleted or edited, the defaults come back', async () => {
    assert.equal((await as('DELETE', '/api/v1/namespaces/fresh/serviceaccounts/default')).status, 200);
    assert.equal((await as('PUT', '/api/v1/namespaces/fresh/configmaps/kube-root-ca.crt', { metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': 'forged' } })).status, 200);
    let sa; let cm;
    for (let i = 0; i < 50; i++) {
      sa = await as('GET', '/api/v1/namespaces/fresh/serviceaccounts/default');
      cm = await as('GET', '/api/v1/namespaces/fresh/configmaps/kube-root-ca.crt');
      if (sa.status === 200 && cm.body.data['ca.crt'] !== 'forged') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(sa!.status, 200);
    assert.equal(cm!.body.data['ca.crt'].trim(), s.ca.trim());
  });

  test('kubectl create token default issues a token that authenticates as the service account', needs(kubectlBinary), async () => {
    const kc = kubeconfigFor(s, 'admin', s.adminToken, 'fresh');
    const r = kubectl(kc, ['create', 'token', 'default']);
    assert.equal(r.code, 0, r.stderr);
    const who = await api(s, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: r.stdout.trim(), body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    assert.equal(who.body.status.userInfo.username, 'system:serviceaccount:fresh:default');
  });
});

describe('garbage collection and finalizers', () => {
  let s: TestServer;
  const as = (method: string, p: string, body?: unknown, contentType?: string) => api(s, method, p, { token: s.adminToken, body, contentType });
  const cm = (name: string, owners: { name: string; uid: string; block?: boolean }[] = [], finalizers?: string[]) => ({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, ...(finalizers ? { finalizers } : {}), ...(owners.length ? { ownerReferences: owners.map((o) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: o.name, uid: o.uid, ...(o.block ? { blockOwnerDeletion: true } : {}) })) } : {}) },
  });
  const make = async (name: string, owners: { name: string; uid: string; block?: boolean }[] = [], finalizers?: string[]) => {
    const r = await as('POST', '/api/v1/namespaces/gc/configmaps', cm(name, owners, finalizers));
    assert.equal(r.status, 201, r.text);
    return { name, uid: r.body.metadata.uid as string };
  };
  const exists = async (name: string) => (await as('GET', `/api/v1/namespaces/gc/configmaps/${name}`)).status === 200;
  const eventually = async (what: string, f: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) { if (await f()) return; await new Promise((r) => setTimeout(r, 20)); }
    assert.fail(`timed out waiting until ${what}`);
  };

  before(async () => {
    s = await startServerProcess();
    assert.equal((await as('POST', '/api/v1/namespaces', { metadata: { name: 'gc' } })).status, 201);
  });
  after(async () => { await s?.stop(); });

  test('background (the default): dependents go after their owner', async () => {
    const owner = await make('bg-owner');
    await make('bg-child-1', [owner]);
    const child = await make('bg-child-2', [owner]);
    await make('bg-grandchild', [child]);
    assert.equal((await as('DELETE', '/api/v1/namespaces/gc/configmaps/bg-owner')).status, 200);
    await eventually('the dependents are gone', async () => !(await exists('bg-child-1')) && !(await exists('bg-child-2')) && !(await exists('bg-grandchild')));
  });

  test('orphan: dependents stay, without the reference to their owner', async () => {
    const owner = await make('or-owner');
    await make('or-child', [owner]);
    const del = await as('DELETE', '/api/v1/namespaces/gc/configmaps/or-owner', { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' });
    assert.equal(del.status, 200, del.text);
    assert.equal(await exists('or-owner'), false);
    await new Promise((r) => setTimeout(r, 100));
    const child = await as('GET', '/api/v1/namespaces/gc/configmaps/or-child');
    assert.equal(child.status, 200);
    assert.equal(child.body.metadata.ownerReferences, undefined);
  });

  test('foreground: the owner waits (deletionTimestamp, foregroundDeletion) until blocking dependents are gone', async () => {
    const owner = await make('fg-owner');
    await make('fg-child', [{ ...owner, block: true }], ['example.com/hold']);
    const del = await as('DELETE', '/api/v1/namespaces/gc/configmaps/fg-owner?propagationPolicy=Foreground');
    assert.equal(del.status, 200);
    assert.ok(del.body.metadata.deletionTimestamp);
    assert.deepEqual(del.body.metadata.finalizers, ['foregroundDeletion']);
    // The child is marked (it has a finalizer of its own) and blocks its owner.
    await eventually('the child is marked', async () => Boolean((await as('GET', '/api/v1/namespaces/gc/configmaps/fg-child')).body.metadata.deletionTimestamp));
    assert.equal(await exists('fg-owner'), true);
    const release = await as('PATCH', '/api/v1/namespaces/gc/configmaps/fg-child', [{ op: 'remove', path: '/metadata/finalizers' }], 'application/json-patch+json');
    assert.equal(release.status, 200, release.text);
    await eventually('child and owner are gone', async () => !(await exists('fg-child')) && !(await exists('fg-owner')));
  });

  test('a dependent with another live owner stays and loses only the dangling reference', async () => {
    const a = await make('two-a');
    const b = await make('two-b');
    await make('two-child', [a, b]);
    assert.equal((await as('DELETE', '/api/v1/namespaces/gc/configmaps/two-a')).status, 200);
    await eventually('the reference to two-a is dropped', async () => {
      const c = await as('GET', '/api/v1/namespaces/gc/configmaps/two-child');
      return c.status === 200 && c.body.metadata.ownerReferences?.length === 1 && c.body.metadata.ownerReferences[0].name === 'two-b';
    });
  });

  test('an object with a finalizer is only marked; removing the last finalizer deletes it', async () => {
    await make('fin', [], ['example.com/cleanup']);
    const del = await as('DELETE', '/api/v1/namespaces/gc/configmaps/fin');
    assert.equal(del.status, 200);
    assert.ok(del.body.metadata.deletionTimestamp);
    assert.equal(await exists('fin'), true);
    const again = await as('DELETE', '/api/v1/namespaces/gc/configmaps/fin');
    assert.equal(again.status, 200);
    assert.equal(again.body.metadata.deletionTimestamp, del.body.metadata.deletionTimestamp);
    const p = await as('PATCH', '/api/v1/namespaces/gc/configmaps/fin', { metadata: { finalizers: null } }, 'application/merge-patch+json');
    assert.equal(p.status, 200, p.text);
    assert.equal(await exists('fin'), false);
  });

  test('a bad propagationPolicy is a 400 naming it', async () => {
    await make('bad-policy');
    const r = await as('DELETE', '/api/v1/namespaces/gc/configmaps/bad-policy?propagationPolicy=Sideways');
    assert.equal(r.status, 400);
    assert.match(r.body.message, /^propagationPolicy: Unsupported value: "Sideways"/);
    assert.equal(await exists('bad-policy'), true);
  });

  test('kubectl delete --cascade=orphan and --cascade=foreground', needs(kubectlBinary), async () => {
    const kc = kubeconfigFor(s, 'admin', s.adminToken, 'gc');
    const o1 = await make('k-or');
    await make('k-or-child', [o1]);
    assert.equal(kubectl(kc, ['delete', 'cm', 'k-or', '--cascade=orphan']).code, 0);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await exists('k-or-child'), true);
    const o2 = await make('k-fg');
    await make('k-fg-child', [{ ...o2, block: true }]);
    const r = kubectl(kc, ['delete', 'cm', 'k-fg', '--cascade=foreground']);
    assert.equal(r.code, 0, r.stderr);
    // kubectl waits for the owner to be gone, which needs the child gone first.
    assert.equal(await exists('k-fg-child'), false);
    assert.equal(await exists('k-fg'), false);
  });
});
