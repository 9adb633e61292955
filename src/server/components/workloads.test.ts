// Workloads by delegation, against a real server running the scheduler, two node agents and the four
// workload controllers, each with the credential `gatehouse serve` wrote into its data dir:
//   - kubectl conformance: create deployment, scale, rollout status|history|undo|restart, set image,
//     create job, expose, get endpointslices;
//   - delegation: a developer's Deployment makes pods with the developer as creator; a template none of
//     the developer's profiles admits is refused at create; losing a grant or being removed keeps the
//     running pods and refuses new replicas with an event that says why;
//   - least privilege of each controller (what it may do, and tested denials), over HTTPS with kubectl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const NS = 'wl';
const PW = 'Wonderland-pass-1x';
const BROWSER = { 'X-Gatehouse-Request': '1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('workloads by delegation (kubectl, real controllers)', needs(kubectlBinary), () => {
  let s: TestServer;
  let admin: string;
  let dev: string;
  const adm = (method: string, p: string, body?: unknown) => api(s, method, p, { token: s.adminToken, body });
  const ok = async (method: string, p: string, body?: unknown) => {
    const r = await adm(method, p, body);
    assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
    return r.body;
  };
  const must = (kc: string, ...args: string[]) => {
    const r = kubectl(kc, args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  /** until polls `f` until it returns a truthy value (or fails after `ms`). */
  const until = async <T>(what: string, f: () => Promise<T | undefined | false> | T | undefined | false, ms = 30_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await f();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  };
  const pods = async (selector: string) => (await ok('GET', `/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(selector)}`)).items as any[];
  const events = async (kind: string, name: string) => ((await ok('GET', `/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent(`involvedObject.kind=${kind},involvedObject.name=${name}`)}`)).items as any[]);
  const tokenOf = (file: string) => /token: (\S+)/.exec(fs.readFileSync(path.join(s.dataDir, file), 'utf8'))![1];

  before(async () => {
    s = await startServerProcess({ args: ['--nodes', '2'] });
    admin = kubeconfigFor(s, 'admin', s.adminToken, NS);
    await ok('POST', '/api/v1/namespaces', { metadata: { name: NS } });
    await ok('POST', '/apis/iam.gatehouse.dev/v1/users', { metadata: { name: 'dev' }, spec: { fullName: 'Dev' } });
    await ok('POST', '/apis/iam.gatehouse.dev/v1/users/dev/password', { password: PW });
    await ok('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dev' }],
    });
    await ok('POST', `/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 'db' }, stringData: { password: 'canary-s3cret-value' } });
    await ok('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'settings' }, data: { k: 'v' } });
    const login = await api(s, 'POST', '/auth/login', { body: { username: 'dev', password: PW }, headers: BROWSER });
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
    const t = await api(s, 'POST', '/auth/tokens', { body: { name: 'kubectl' }, headers: { ...BROWSER, Cookie: cookie } });
    assert.equal(t.status, 201, t.text);
    dev = kubeconfigFor(s, 'dev', t.body.token, NS);
  });
  after(async () => { await s?.stop(); });

  describe('kubectl conformance', () => {
    test('create deployment, rollout status, the table columns', () => {
      must(admin, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3', '--port=8080');
      assert.match(must(admin, 'rollout', 'status', 'deploy/web', '--timeout=60s'), /deployment "web" successfully rolled out/);
      const table = must(admin, 'get', 'deploy', 'web', '-o', 'wide');
      assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR/);
      assert.match(table, /web\s+3\/3\s+3\s+3\s+\S+\s+nginx\s+nginx:1\.27\s+app=web/);
      assert.match(must(admin, 'get', 'rs'), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n\S+\s+3\s+3\s+3/);
      const d = JSON.parse(must(admin, 'get', 'deploy', 'web', '-o', 'json'));
      assert.equal(d.status.observedGeneration, d.metadata.generation);
      assert.deepEqual(d.status.conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`).sort(), ['Available=True/MinimumReplicasAvailable', 'Progressing=True/NewReplicaSetAvailable']);
      assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    });

    test('scale through the scale subresource', async () => {
      assert.match(must(admin, 'scale', 'deploy/web', '--replicas=4'), /deployment.apps\/web scaled/);
      const scale = await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/web/scale`);
      assert.equal(scale.kind, 'Scale');
      assert.equal(scale.apiVersion, 'autoscaling/v1');
      assert.equal(scale.spec.replicas, 4);
      assert.equal(scale.status.selector, 'app=web');
      must(admin, 'rollout', 'status', 'deploy/web', '--timeout=60s');
      assert.equal((await pods('app=web')).filter((p) => p.status.phase === 'Running').length, 4);
      const bad = await adm('PATCH', `/apis/apps/v1/namespaces/${NS}/deployments/web/scale`, undefined);
      assert.ok(bad.status >= 400 && bad.status < 500, `no body: ${bad.status}`);
      const neg = await api(s, 'PATCH', `/apis/apps/v1/namespaces/${NS}/deployments/web/scale`, { token: s.adminToken, body: { spec: { replicas: -1 } }, contentType: 'application/merge-patch+json' });
      assert.equal(neg.status, 422, neg.text);
      assert.match(neg.body.message, /spec.replicas/);
      must(admin, 'scale', 'deploy/web', '--replicas=3');
    });

    test('set image rolls out a new ReplicaSet; history; undo returns to revision 1 as revision 3; restart', async () => {
      must(admin, 'set', 'image', 'deploy/web', 'nginx=nginx:1.28');
      must(admin, 'rollout', 'status', 'deploy/web', '--timeout=90s');
      assert.match(must(admin, 'rollout', 'history', 'deploy/web'), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
      const running = await pods('app=web');
      assert.ok(running.every((p) => p.spec.containers[0].image === 'nginx:1.28' || p.metadata.deletionTimestamp));
      assert.match(must(admin, 'rollout', 'undo', 'deploy/web'), /rolled back/);
      must(admin, 'rollout', 'status', 'deploy/web', '--timeout=90s');
      assert.match(must(admin, 'rollout', 'history', 'deploy/web'), /REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>/);
      assert.match(must(admin, 'rollout', 'history', 'deploy/web', '--revision=3'), /Image:\s+nginx:1\.27/);
      assert.equal((await ok('GET', `/apis/apps/v1/namespaces/${NS}/replicasets`)).items.length, 2, 'the undo reused the first ReplicaSet');
      must(admin, 'rollout', 'restart', 'deploy/web');
      must(admin, 'rollout', 'status', 'deploy/web', '--timeout=90s');
      const d = await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/web`);
      assert.ok(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
      assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '4');
      // Events are written in the background, after the work they report: wait for both.
      const scaled = await until('the scale-up and scale-down events', async () => {
        const messages = (await events('Deployment', 'web')).map((e) => e.message);
        return messages.some((m) => /^Scaled down /.test(m)) && messages.some((m) => /^Scaled up /.test(m)) && messages;
      }, 40_000);
      assert.ok(scaled.some((m) => /^Scaled up replica set web-\w+ from 0 to 3$/.test(m)), scaled.join('\n'));
      assert.ok(scaled.some((m) => /^Scaled down replica set web-\w+ from \d to \d$/.test(m)), scaled.join('\n'));
    });

    test('expose makes a Service whose EndpointSlice lists the ready pods', async () => {
      assert.match(must(admin, 'expose', 'deploy/web', '--port=80', '--target-port=8080'), /service\/web exposed/);
      const slice = await until('an EndpointSlice with 3 endpoints', async () => {
        const items = (await ok('GET', `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb`)).items as any[];
        return items.length === 1 && (items[0].endpoints ?? []).length === 3 && items[0].endpoints.every((e: any) => e.conditions.ready) ? items[0] : undefined;
      });
      assert.equal(slice.addressType, 'IPv4');
      assert.deepEqual(slice.ports, [{ name: '', port: 8080, protocol: 'TCP' }]);
      assert.equal(slice.metadata.ownerReferences[0].kind, 'Service');
      const table = must(admin, 'get', 'endpointslices');
      assert.match(table, /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\nweb-\w+\s+IPv4\s+8080\s+10\.244\.\d+\.\d+,10\.244\.\d+\.\d+,10\.244\.\d+\.\d+\s/);
      must(admin, 'scale', 'deploy/web', '--replicas=1');
      await until('the slice to shrink to one endpoint', async () => ((await ok('GET', `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices/${slice.metadata.name}`)).endpoints ?? []).length === 1);
    });

    test('create job runs to completion; a failing one stops at backoffLimit; a finished one goes after its TTL', async () => {
      must(admin, 'create', 'job', 'once', '--image=busybox:1.36', '--', 'echo', 'hi');
      must(admin, 'wait', '--for=condition=complete', 'job/once', '--timeout=60s');
      assert.match(must(admin, 'get', 'job', 'once'), /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\nonce\s+Complete\s+1\/1\s+\d+s\s/);
      const job = (manifest: Record<string, unknown>, annotations: Record<string, string> = {}) => JSON.stringify({
        apiVersion: 'batch/v1', kind: 'Job', metadata: { name: manifest.name },
        spec: { ...manifest.spec as object, template: { metadata: { annotations }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
      });
      assert.equal(kubectl(admin, ['apply', '-f', '-'], job({ name: 'four', spec: { completions: 4, parallelism: 2, ttlSecondsAfterFinished: 2 } })).code, 0);
      assert.equal(kubectl(admin, ['apply', '-f', '-'], job({ name: 'fails', spec: { backoffLimit: 1 } }, { 'node.gatehouse.dev/exit-code': '1' })).code, 0);
      must(admin, 'wait', '--for=condition=failed', 'job/fails', '--timeout=60s');
      const failed = await ok('GET', `/apis/batch/v1/namespaces/${NS}/jobs/fails`);
      assert.equal(failed.status.failed, 2);
      assert.equal(failed.status.conditions.find((c: any) => c.type === 'Failed').reason, 'BackoffLimitExceeded');
      await until('job "four" to complete and be deleted after its TTL', async () => (await adm('GET', `/apis/batch/v1/namespaces/${NS}/jobs/four`)).status === 404);
      const madeFour = await until('four SuccessfulCreate events', async () => {
        const made = (await events('Job', 'four')).filter((e) => e.reason === 'SuccessfulCreate');
        return made.length >= 4 && made;
      }, 40_000);
      assert.equal(madeFour.length, 4);
    });

    test('a template that does not match its selector is refused with the field named', () => {
      const r = kubectl(admin, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bad' }, spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }));
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/);
    });
  });

  describe('delegation', () => {
    test("a developer's Deployment makes pods with the developer as creator (human → Deployment → ReplicaSet → pod)", async () => {
      must(dev, 'create', 'deployment', 'app', '--image=nginx:1.27', '--replicas=2');
      must(dev, 'rollout', 'status', 'deploy/app', '--timeout=60s');
      const d = await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/app`);
      assert.equal(d.metadata.annotations['gatehouse.dev/created-by'], 'dev');
      assert.equal(d.metadata.annotations['gatehouse.dev/template-changed-by'], 'dev');
      const [rs] = (await ok('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3Dapp`)).items;
      assert.equal(rs.metadata.annotations['gatehouse.dev/created-by'], 'dev');
      const made = await pods('app=app');
      assert.equal(made.length, 2);
      for (const p of made) {
        assert.equal(p.metadata.annotations['gatehouse.dev/created-by'], 'dev');
        assert.equal(p.metadata.annotations['security.gatehouse.dev/profile'], 'restricted');
        assert.equal(p.metadata.ownerReferences[0].uid, rs.metadata.uid);
      }
      // The audit trail has the controller's create, with the pod it made.
      const audit = await ok('GET', `/apis/audit.gatehouse.dev/v1/namespaces/${NS}/auditevents?fieldSelector=${encodeURIComponent('user.username=system:controller:replicaset-controller')}&limit=50`);
      assert.ok((audit.items as any[]).some((e) => e.verb === 'create' && e.objectRef?.resource === 'pods'), 'the replicaset controller created the pods');
    });

    test('a client cannot choose whom a workload acts for', async () => {
      const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'forged', annotations: { 'gatehouse.dev/template-changed-by': 'admin', 'gatehouse.dev/created-by': 'admin' } },
        spec: { replicas: 0, selector: { matchLabels: { app: 'forged' } }, template: { metadata: { labels: { app: 'forged' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
      const r = kubectl(dev, ['apply', '-f', '-'], JSON.stringify(body));
      assert.equal(r.code, 0, r.stderr);
      const d = await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/forged`);
      assert.equal(d.metadata.annotations['gatehouse.dev/template-changed-by'], 'dev');
      assert.equal(d.metadata.annotations['gatehouse.dev/created-by'], 'dev');
      // A scale by someone else keeps the template's person; a template change by the admin makes it theirs.
      must(admin, 'scale', 'deploy/forged', '--replicas=1');
      assert.equal((await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/forged`)).metadata.annotations['gatehouse.dev/template-changed-by'], 'dev');
      must(admin, 'set', 'env', 'deploy/forged', 'X=1');
      assert.equal((await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/forged`)).metadata.annotations['gatehouse.dev/template-changed-by'], 'admin');
      must(admin, 'delete', 'deploy/forged', '--wait=false');
    });

    test('a template that no profile usable by the developer admits is refused at create (403 naming why)', async () => {
      const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'priv' },
        spec: { selector: { matchLabels: { app: 'priv' } }, template: { metadata: { labels: { app: 'priv' } }, spec: { containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] } } } };
      const r = kubectl(dev, ['apply', '-f', '-'], JSON.stringify(body));
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /deployments.apps "priv" is forbidden: its pod template would be refused for dev: unable to validate against any security profile/);
      assert.match(r.stderr, /privileged/);
      assert.equal((await adm('GET', `/apis/apps/v1/namespaces/${NS}/deployments/priv`)).status, 404);
      // The same for Jobs, and for a secret the developer may not use (only `use` on another secret).
      const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'priv' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] } } } };
      const rj = kubectl(dev, ['apply', '-f', '-'], JSON.stringify(job));
      assert.match(rj.stderr, /jobs.batch "priv" is forbidden: its pod template would be refused/);
      // The admin may (privileged profile): the same template is admitted for them.
      const ra = kubectl(admin, ['apply', '--dry-run=server', '-f', '-'], JSON.stringify(body));
      assert.equal(ra.code, 0, ra.stderr);
    });

    test('a developer may mount a secret they may use; its value never reaches them or the controllers', async () => {
      const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'withsecret' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'ws' } }, template: { metadata: { labels: { app: 'ws' } }, spec: { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }] } } } };
      const r = kubectl(dev, ['apply', '-f', '-'], JSON.stringify(body));
      assert.equal(r.code, 0, r.stderr);
      must(dev, 'rollout', 'status', 'deploy/withsecret', '--timeout=60s');
      const rs = kubeconfigFor(s, 'rs-ctl', tokenOf('replicaset-controller.kubeconfig'), NS);
      const denied = kubectl(rs, ['get', 'secret', 'db', '-o', 'yaml']);
      assert.notEqual(denied.code, 0);
      assert.match(denied.stderr, /system:controller:replicaset-controller.*cannot get resource "secrets"/);
      assert.doesNotMatch(denied.stdout + denied.stderr, /canary-s3cret-value|Y2FuYXJ5/);
    });

    test('losing a profile grant keeps running pods and refuses new replicas with an event saying why', async () => {
      await ok('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
        metadata: { name: 'dev-baseline' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gatehouse:use-securityprofile-baseline' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dev' }],
      });
      const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'root' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'root' } }, template: { metadata: { labels: { app: 'root' } }, spec: { securityContext: { runAsUser: 0 }, containers: [{ name: 'c', image: 'nginx' }] } } } };
      const r = kubectl(dev, ['apply', '-f', '-'], JSON.stringify(body));
      assert.equal(r.code, 0, r.stderr);
      must(dev, 'rollout', 'status', 'deploy/root', '--timeout=60s');
      const before = await pods('app=root');
      assert.equal(before[0].metadata.annotations['security.gatehouse.dev/profile'], 'baseline');
      await ok('DELETE', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings/dev-baseline`);
      must(admin, 'scale', 'deploy/root', '--replicas=2');
      const [rs] = (await ok('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3Droot`)).items;
      const failed = await until('a FailedCreate event', async () => (await events('ReplicaSet', rs.metadata.name)).find((e) => e.reason === 'FailedCreate'));
      assert.equal(failed.type, 'Warning');
      assert.match(failed.message, /^Error creating: pods "root-\w+-\w*" is forbidden: unable to validate against any security profile/);
      assert.match(failed.message, /runAsUser/);
      const d = await until('the ReplicaFailure condition on the Deployment', async () => {
        const x = await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/root`);
        return x.status.conditions?.find((c: any) => c.type === 'ReplicaFailure') ? x : undefined;
      });
      assert.match(d.status.conditions.find((c: any) => c.type === 'ReplicaFailure').message, /forbidden/);
      const after = await pods('app=root');
      assert.equal(after.length, 1);
      assert.equal(after[0].metadata.uid, before[0].metadata.uid);
      assert.equal(after[0].status.phase, 'Running');
    });

    test('removing the developer keeps their pods running and refuses new replicas with an event', async () => {
      const before = await pods('app=app');
      assert.equal(before.length, 2);
      await ok('DELETE', '/apis/iam.gatehouse.dev/v1/users/dev');
      must(admin, 'scale', 'deploy/app', '--replicas=3');
      const [rs] = (await ok('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3Dapp`)).items;
      const failed = await until('a FailedCreate event', async () => (await events('ReplicaSet', rs.metadata.name)).find((e) => e.reason === 'FailedCreate'));
      assert.match(failed.message, /user "dev", who last set the pod template of ReplicaSet "app-\w+", is no longer an active Gatehouse user \(removed or disabled\): no new pods are made on their behalf/);
      const after = await pods('app=app');
      assert.deepEqual(after.map((p) => p.metadata.uid).sort(), before.map((p) => p.metadata.uid).sort());
      assert.ok(after.every((p) => p.status.phase === 'Running'));
      // An admin who takes the template over (changes it) makes it theirs: the rollout proceeds.
      must(admin, 'set', 'image', 'deploy/app', 'nginx=nginx:1.28');
      must(admin, 'rollout', 'status', 'deploy/app', '--timeout=90s');
      assert.ok((await pods('app=app')).every((p) => p.metadata.annotations['gatehouse.dev/created-by'] === 'admin' || p.metadata.deletionTimestamp));
    });
  });

  describe('Indexed Jobs and podFailurePolicy', () => {
    const jobOf = (name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}, restartPolicy = 'Never') => JSON.stringify({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
      spec: { ...spec, template: { metadata: { annotations }, spec: { restartPolicy, containers: [{ name: 'main', image: 'busybox:1.36' }] } } },
    });
    const jobPods = async (job: string) => pods(`batch.kubernetes.io/job-name=${job}`);

    test('an Indexed Job runs one pod per completion index and reports completedIndexes', async () => {
      assert.equal(kubectl(admin, ['apply', '-f', '-'], jobOf('indexed', { completions: 3, parallelism: 2, completionMode: 'Indexed' })).code, 0);
      must(admin, 'wait', '--for=condition=complete', 'job/indexed', '--timeout=60s');
      assert.equal(must(admin, 'get', 'job', 'indexed', '-o', 'jsonpath={.status.completedIndexes} {.status.succeeded}'), '0-2 3');
      const made = await jobPods('indexed');
      assert.deepEqual(made.map((p) => p.metadata.annotations['batch.kubernetes.io/job-completion-index']).sort(), ['0', '1', '2']);
      for (const p of made) {
        const i = p.metadata.annotations['batch.kubernetes.io/job-completion-index'];
        assert.equal(p.metadata.labels['batch.kubernetes.io/job-completion-index'], i);
        assert.match(p.metadata.name, new RegExp(`^indexed-${i}-`));
        assert.equal(p.spec.hostname, `indexed-${i}`);
        assert.deepEqual(p.spec.containers[0].env.find((e: any) => e.name === 'JOB_COMPLETION_INDEX').valueFrom.fieldRef.fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']");
        assert.equal(p.status.phase, 'Succeeded');
      }
      // The job controller may not make a pod of an index outside completions (a copy of no index's template).
      const kc = kubeconfigFor(s, 'job-ctl', tokenOf('job-controller.kubeconfig'), NS);
      const job = await ok('GET', `/apis/batch/v1/namespaces/${NS}/jobs/indexed`);
      const forged = { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'indexed-7-', labels: { ...job.spec.template.metadata.labels, 'batch.kubernetes.io/job-completion-index': '7' }, annotations: { 'batch.kubernetes.io/job-completion-index': '7' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'indexed', uid: job.metadata.uid, controller: true }] }, spec: job.spec.template.spec };
      const r = kubectl(kc, ['create', '-f', '-'], JSON.stringify(forged));
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /may create only copies of the pod template of Job "indexed"/);
    });

    test('podFailurePolicy: FailJob on an exit code fails the Job at once, with the rule named', async () => {
      const policy = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }] };
      assert.equal(kubectl(admin, ['apply', '-f', '-'], jobOf('failjob', { backoffLimit: 6, podFailurePolicy: policy }, { 'node.gatehouse.dev/exit-code': '42' })).code, 0);
      must(admin, 'wait', '--for=condition=failed', 'job/failjob', '--timeout=60s');
      const j = await ok('GET', `/apis/batch/v1/namespaces/${NS}/jobs/failjob`);
      const failed = j.status.conditions.find((c: any) => c.type === 'Failed');
      assert.equal(failed.reason, 'PodFailurePolicy');
      assert.match(failed.message, /^Container main for pod wl\/failjob-\w+ failed with exit code 42 matching FailJob rule at index 0$/);
      assert.equal(j.status.failed, 1, 'one failure was enough, well within backoffLimit 6');
      assert.match(must(admin, 'get', 'job', 'failjob'), /failjob\s+Failed\s+0\/1/);
    });

    test('podFailurePolicy: Ignore does not count a failure toward backoffLimit; Count does', async () => {
      const ignore = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] };
      assert.equal(kubectl(admin, ['apply', '-f', '-'], jobOf('ignores', { backoffLimit: 0, podFailurePolicy: ignore }, { 'node.gatehouse.dev/exit-code': '3' })).code, 0);
      await until('two ignored failures (the second a replacement)', async () => (await jobPods('ignores')).filter((p) => p.status?.phase === 'Failed').length >= 2);
      const j = await ok('GET', `/apis/batch/v1/namespaces/${NS}/jobs/ignores`);
      assert.equal(j.status.failed, undefined, 'ignored failures are not counted');
      assert.ok(!(j.status.conditions ?? []).some((c: any) => c.type === 'Failed'), 'backoffLimit 0 was not reached');
      must(admin, 'delete', 'job', 'ignores', '--wait=false');
      const count = { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }, { action: 'Count', onExitCodes: { operator: 'NotIn', values: [3] } }] };
      assert.equal(kubectl(admin, ['apply', '-f', '-'], jobOf('counts', { backoffLimit: 1, podFailurePolicy: count }, { 'node.gatehouse.dev/exit-code': '5' })).code, 0);
      must(admin, 'wait', '--for=condition=failed', 'job/counts', '--timeout=60s');
      const c = await ok('GET', `/apis/batch/v1/namespaces/${NS}/jobs/counts`);
      assert.equal(c.status.conditions.find((x: any) => x.type === 'Failed').reason, 'BackoffLimitExceeded');
      assert.equal(c.status.failed, 2);
    });

    test('bad Indexed or podFailurePolicy specs are refused with the field named', () => {
      const cases = [
        { job: jobOf('bad1', { completionMode: 'Indexed', parallelism: 2 }), want: /spec\.completions: Required value: when completion mode is Indexed/ },
        { job: jobOf('bad2', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] } }, {}, 'OnFailure'), want: /spec\.template\.spec\.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified/ },
        { job: jobOf('bad3', { podFailurePolicy: { rules: [{ action: 'Explode', onExitCodes: { operator: 'In', values: [1] } }] } }), want: /spec\.podFailurePolicy\.rules\[0\]\.action: Unsupported value: "Explode"/ },
      ];
      for (const c of cases) {
        const r = kubectl(admin, ['apply', '-f', '-'], c.job);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, c.want);
      }
    });
  });

  describe('adoption and release (upstream ControllerRefManager)', () => {
    // A Deployment matches ReplicaSets by their own labels (as upstream), a ReplicaSet pods by theirs.
    const rsOf = (name: string, app: string, replicas: number) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, labels: { app } }, spec: { replicas, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } });
    const owner = (o: any) => (o.metadata.ownerReferences ?? []).find((r: any) => r.controller)?.uid as string | undefined;

    test('a ReplicaSet adopts a matching bare pod (and makes one pod fewer), and releases a pod relabelled away', async () => {
      await ok('POST', `/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'stray', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
      const rs = await ok('POST', `/apis/apps/v1/namespaces/${NS}/replicasets`, rsOf('adopter', 'adopt', 2));
      await until('the stray pod to be adopted and one more made', async () => {
        const all = await pods('app=adopt');
        return all.length === 2 && all.every((p) => owner(p) === rs.metadata.uid && p.status?.phase === 'Running');
      });
      await sleep(500);
      assert.equal((await pods('app=adopt')).length, 2, 'no surplus pod: the adopted one counts');
      assert.equal((await ok('GET', `/api/v1/namespaces/${NS}/pods/stray`)).metadata.annotations['gatehouse.dev/created-by'], 'admin', 'adoption keeps the creator');
      must(admin, 'label', 'pod', 'stray', 'app=gone', '--overwrite');
      const released = await until('the relabelled pod to be released', async () => { const p = await ok('GET', `/api/v1/namespaces/${NS}/pods/stray`); return owner(p) ? undefined : p; });
      assert.equal(released.status.phase, 'Running', 'a released pod keeps running');
      await until('a replacement pod', async () => (await pods('app=adopt')).filter((p) => owner(p) === rs.metadata.uid).length === 2);
      must(admin, 'delete', 'rs/adopter', 'pod/stray', '--wait=false');
    });

    test('a Deployment adopts a matching orphan ReplicaSet and scales it down as an old revision', async () => {
      const orphan = await ok('POST', `/apis/apps/v1/namespaces/${NS}/replicasets`, { ...rsOf('lonely', 'dadopt', 1), spec: { ...rsOf('lonely', 'dadopt', 1).spec, template: { metadata: { labels: { app: 'dadopt' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
      must(admin, 'create', 'deployment', 'dadopt', '--image=nginx:1.27', '--replicas=1');
      const d = await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/dadopt`);
      await until('the orphan ReplicaSet to be adopted', async () => owner(await ok('GET', `/apis/apps/v1/namespaces/${NS}/replicasets/lonely`)) === d.metadata.uid);
      must(admin, 'rollout', 'status', 'deploy/dadopt', '--timeout=60s');
      const lonely = await until('the adopted ReplicaSet scaled to 0', async () => { const x = await ok('GET', `/apis/apps/v1/namespaces/${NS}/replicasets/lonely`); return x.spec.replicas === 0 ? x : undefined; });
      assert.equal(lonely.metadata.uid, orphan.metadata.uid);
      must(admin, 'delete', 'deploy', 'dadopt', '--wait=false');
    });
  });

  describe('the workloads of a removed user (what the console\'s view lists and stops)', () => {
    // A person's Deployment, stand-alone ReplicaSet and Job carry them as created-by and
    // template-changed-by after they are removed; stopping those workloads is RBAC's decision alone:
    // a namespace viewer is refused, the cluster admin scales to zero and deletes (Background).
    const as = (user: string, ...args: string[]) => kubectl(admin, ['--as', user, ...args]);
    const template = (app: string, extra: Record<string, unknown> = {}) => ({ metadata: { labels: { app }, ...extra }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    before(async () => {
      for (const [user, role] of [['leaver', 'developer'], ['onlooker', 'view']]) {
        await ok('POST', '/apis/iam.gatehouse.dev/v1/users', { metadata: { name: user }, spec: { fullName: user } });
        await ok('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
          metadata: { name: user }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
        });
      }
      const apply = (o: unknown) => { const r = kubectl(admin, ['--as', 'leaver', 'apply', '-f', '-'], JSON.stringify(o)); assert.equal(r.code, 0, r.stderr); };
      apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'left-web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'left-web' } }, template: template('left-web') } });
      apply({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'left-rs' }, spec: { replicas: 1, selector: { matchLabels: { app: 'left-rs' } }, template: template('left-rs') } });
      apply({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'left-job' }, spec: { template: { metadata: { annotations: { 'node.gatehouse.dev/run-seconds': '3600' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } } });
      for (const app of ['left-web', 'left-rs']) await until(`${app}'s pods to run`, async () => (await pods(`app=${app}`)).filter((p) => p.status?.phase === 'Running').length === (app === 'left-web' ? 2 : 1));
      await until("the Job's pod to run", async () => (await pods('job-name=left-job')).some((p) => p.status?.phase === 'Running'));
      await ok('DELETE', '/apis/iam.gatehouse.dev/v1/users/leaver');
    });

    test('they keep the removed person as creator and template author, across namespaces', async () => {
      const by = (items: any[]) => items.filter((o) => o.metadata.annotations?.['gatehouse.dev/created-by'] === 'leaver').map((o) => `${o.metadata.name}:${o.metadata.annotations['gatehouse.dev/template-changed-by']}`).sort();
      assert.deepEqual(by((await ok('GET', '/apis/apps/v1/deployments')).items), ['left-web:leaver']);
      // The Deployment's own ReplicaSet records the person too (owned: the console lists the Deployment instead).
      const sets = (await ok('GET', '/apis/apps/v1/replicasets')).items as any[];
      assert.deepEqual(by(sets.filter((rs) => !rs.metadata.ownerReferences?.length)), ['left-rs:leaver']);
      assert.equal(by(sets.filter((rs) => rs.metadata.ownerReferences?.[0]?.kind === 'Deployment')).length, 1);
      assert.deepEqual(by((await ok('GET', '/apis/batch/v1/jobs')).items), ['left-job:leaver']);
    });

    test('a namespace viewer may neither scale nor delete them (403 from the API)', () => {
      for (const args of [['scale', 'deploy/left-web', '--replicas=0'], ['scale', 'rs/left-rs', '--replicas=0'], ['delete', 'job/left-job', '--wait=false'], ['delete', 'deploy/left-web', '--wait=false']]) {
        const r = as('onlooker', ...args);
        assert.notEqual(r.code, 0, `${args.join(' ')} should be refused: ${r.stdout}`);
        assert.match(r.stderr, /User "onlooker" cannot (patch|delete) resource "(deployments\/scale|replicasets\/scale|jobs|deployments)"/);
      }
    });

    test('the cluster admin scales the Deployment and ReplicaSet to zero and deletes the Job with its pods', async () => {
      const scale = (kind: string, name: string) => api(s, 'PATCH', `/apis/apps/v1/namespaces/${NS}/${kind}/${name}/scale`, { token: s.adminToken, body: { spec: { replicas: 0 } }, contentType: 'application/merge-patch+json' });
      for (const [kind, name] of [['deployments', 'left-web'], ['replicasets', 'left-rs']]) {
        const r = await scale(kind, name);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.spec.replicas, 0);
      }
      const del = await api(s, 'DELETE', `/apis/batch/v1/namespaces/${NS}/jobs/left-job`, { token: s.adminToken, body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
      assert.equal(del.status, 200, del.text);
      for (const sel of ['app=left-web', 'app=left-rs', 'job-name=left-job']) await until(`no pods left for ${sel}`, async () => (await pods(sel)).length === 0);
      // Scaled to zero, the Deployment stays (with its history) and reports no replicas.
      const d = await until('the Deployment to report 0 replicas', async () => { const x = await ok('GET', `/apis/apps/v1/namespaces/${NS}/deployments/left-web`); return (x.status?.replicas ?? 0) === 0 ? x : undefined; });
      assert.equal(d.spec.replicas, 0);
    });
  });

  describe('least privilege of the controllers', () => {
    interface Case { name: string; args: string[]; input?: string; want?: RegExp }
    const rsPod = (owner: { name: string; uid: string } | undefined, image = 'nginx:1.27') => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'sneaky-', labels: { app: 'web' }, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', controller: true, ...owner }] } : {}) }, spec: { containers: [{ name: 'nginx', image }] } });
    const commonDenials = (user: string): Case[] => [
      { name: 'get a secret', args: ['get', 'secret', 'db'] },
      { name: 'list secrets', args: ['get', 'secrets', '-A'] },
      { name: 'get a config map', args: ['get', 'configmap', 'settings'] },
      { name: 'list config maps', args: ['get', 'configmaps'] },
      { name: 'request a service-account token', args: ['create', 'token', 'default'] },
      { name: 'create a role binding', args: ['create', 'rolebinding', 'x', '--clusterrole=admin', `--user=${user}`] },
      { name: 'list users', args: ['get', 'users.iam.gatehouse.dev'] },
      { name: 'impersonate a user', args: ['get', 'pods', '--as=admin'] },
      { name: 'delete a namespace', args: ['delete', 'namespace', NS, '--wait=false'] },
      { name: 'update a node', args: ['label', 'node', 'node-1', 'x=y'] },
    ];
    const table: Record<string, { file: string; user: string; may: Case[]; mayNot: Case[] }> = {
      replicaset: {
        file: 'replicaset-controller.kubeconfig', user: 'system:controller:replicaset-controller',
        may: [{ name: 'list pods', args: ['get', 'pods', '-A', '-o', 'name'] }, { name: 'list replicasets', args: ['get', 'rs', '-o', 'name'] }],
        mayNot: [
          { name: 'create a pod of its own (no owner)', args: ['create', '-f', '-'], input: rsPod(undefined), want: /may create pods only for a ReplicaSet it manages/ },
          { name: 'change a pod (other than adopting or releasing it)', args: ['label', 'pods', '--all', 'x=y'], want: /may change only the owner references of pods/ },
          { name: 'create a deployment', args: ['create', 'deployment', 'x', '--image=nginx'] },
          { name: 'create a replicaset', args: ['create', '-f', '-'], input: JSON.stringify({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }) },
          { name: 'delete a deployment', args: ['delete', 'deploy', 'web', '--wait=false'] },
          { name: 'create a job', args: ['create', 'job', 'x', '--image=busybox'] },
          { name: 'write an endpointslice', args: ['create', '-f', '-'], input: JSON.stringify({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'x' }, addressType: 'IPv4' }) },
          ...commonDenials('system:controller:replicaset-controller'),
        ],
      },
      deployment: {
        file: 'deployment-controller.kubeconfig', user: 'system:controller:deployment-controller',
        may: [{ name: 'list deployments', args: ['get', 'deploy', '-o', 'name'] }, { name: 'list replicasets', args: ['get', 'rs', '-A', '-o', 'name'] }],
        mayNot: [
          { name: 'list pods', args: ['get', 'pods'] },
          { name: 'create a pod', args: ['run', 'sneaky', '--image=nginx'] },
          { name: 'delete a pod', args: ['delete', 'pods', '--all', '--wait=false'] },
          { name: 'create a ReplicaSet of no Deployment', args: ['create', '-f', '-'], input: JSON.stringify({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }), want: /may write only ReplicaSets of a Deployment/ },
          { name: 'create a deployment', args: ['create', 'deployment', 'x', '--image=nginx'] },
          { name: 'list jobs', args: ['get', 'jobs'] },
          ...commonDenials('system:controller:deployment-controller'),
        ],
      },
      job: {
        file: 'job-controller.kubeconfig', user: 'system:controller:job-controller',
        may: [{ name: 'list jobs', args: ['get', 'jobs', '-o', 'name'] }, { name: 'list pods', args: ['get', 'pods', '-o', 'name'] }],
        mayNot: [
          { name: 'create a pod of its own (no owner)', args: ['run', 'sneaky', '--image=nginx', '--restart=Never'], want: /may create pods only for a Job it manages/ },
          { name: 'create a job', args: ['create', 'job', 'x', '--image=busybox'] },
          { name: 'list deployments', args: ['get', 'deploy'] },
          { name: 'scale a deployment', args: ['scale', 'deploy/web', '--replicas=9'] },
          ...commonDenials('system:controller:job-controller'),
        ],
      },
      endpointslice: {
        file: 'endpointslice-controller.kubeconfig', user: 'system:controller:endpointslice-controller',
        may: [{ name: 'list services', args: ['get', 'svc', '-o', 'name'] }, { name: 'list endpointslices', args: ['get', 'endpointslices', '-o', 'name'] }],
        mayNot: [
          { name: 'create a pod', args: ['run', 'sneaky', '--image=nginx'] },
          { name: 'delete a pod', args: ['delete', 'pods', '--all', '--wait=false'] },
          { name: 'change a service', args: ['label', 'svc', 'web', 'x=y'] },
          { name: 'list deployments', args: ['get', 'deploy'] },
          ...commonDenials('system:controller:endpointslice-controller'),
        ],
      },
    };
    for (const [name, c] of Object.entries(table)) {
      describe(`the ${name} controller`, () => {
        let kc: string;
        before(() => { kc = kubeconfigFor(s, `${name}-ctl`, tokenOf(c.file), NS); });
        test('its kubeconfig is private (0600)', () => assert.equal(fs.statSync(path.join(s.dataDir, c.file)).mode & 0o777, 0o600));
        for (const m of c.may) test(`may ${m.name}`, () => { const r = kubectl(kc, m.args, m.input); assert.equal(r.code, 0, r.stderr); });
        test('at least 10 denied cases', () => assert.ok(c.mayNot.length >= 10));
        for (const m of c.mayNot) {
          test(`may not ${m.name}`, () => {
            const r = kubectl(kc, m.args, m.input);
            assert.notEqual(r.code, 0, `should fail: ${r.stdout}`);
            assert.match(r.stderr, /Forbidden|forbidden/);
            assert.match(r.stderr, m.want ?? new RegExp(c.user));
            assert.doesNotMatch(r.stdout + r.stderr, /canary-s3cret-value/);
          });
        }
      });
    }
    test('the replicaset controller may not create a pod that is not a copy of its ReplicaSet\'s template', async () => {
      const [rs] = (await ok('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3Dweb`)).items.filter((x: any) => x.spec.replicas > 0);
      const kc = kubeconfigFor(s, 'replicaset-ctl', tokenOf('replicaset-controller.kubeconfig'), NS);
      const r = kubectl(kc, ['create', '-f', '-'], rsPod({ name: rs.metadata.name, uid: rs.metadata.uid }, 'evil:latest'));
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /may create only copies of the pod template of ReplicaSet/);
    });
  });
});
