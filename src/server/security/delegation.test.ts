// Adversarial suite, class "delegation": someone who may write workloads tries to have a controller make
// a pod with another person's grants (README "Workloads by delegation"). The controllers run for real
// (`--nodes 1`); alice may use the `privileged` profile in the namespace, mallory (a developer) and the
// service account `ci` (developer rights, a token bound to no pod, as a CI system holds) may not.
// Each case asserts the refusal and that no privileged pod was made for alice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness';

const NS = 'deleg';
const RBAC = 'rbac.authorization.k8s.io';
const MERGE = 'application/merge-patch+json';
const CREATED_BY = 'gatehouse.dev/created-by';
const CHANGED_BY = 'gatehouse.dev/template-changed-by';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** privileged is a pod template only alice's grants admit. */
const privileged = (labels: Record<string, string>, restartPolicy = 'Always') => ({
  metadata: { labels, annotations: { 'security.gatehouse.dev/profile': 'privileged' } },
  spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }] },
});
const restricted = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

describe('delegation: a controller never makes a pod with another person\'s grants', () => {
  let h: Harness;
  const as = (who: string, method: string, p: string, body?: unknown, contentType?: string) => h.request(who, method, p, { body, contentType });
  const bind = (name: string, role: string, subject: Record<string, string>) => h.admin('POST', `/apis/${RBAC}/v1/namespaces/${NS}/rolebindings`, {
    metadata: { name }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role }, subjects: [subject],
  });
  const user = (name: string) => ({ kind: 'User', apiGroup: RBAC, name });
  /** privilegedPods are the namespace's pods that run privileged (any would be a pod made with alice's grants). */
  const privilegedPods = async () => ((await h.admin('GET', `/api/v1/namespaces/${NS}/pods`)).body.items as any[])
    .filter((p) => p.spec.containers.some((c: any) => c.securityContext?.privileged));

  before(async () => {
    h = await startHarness({ users: { alice: {}, mallory: {} }, args: ['--nodes', '1'] });
    await h.admin('POST', '/api/v1/namespaces', { metadata: { name: NS } });
    for (const u of ['alice', 'mallory']) await h.admin('POST', '/apis/iam.gatehouse.dev/v1/users', { metadata: { name: u }, spec: { fullName: u } });
    await bind('alice-admin', 'admin', user('alice'));
    await bind('alice-privileged', 'gatehouse:use-securityprofile-privileged', user('alice'));
    await bind('mallory-dev', 'developer', user('mallory'));
    await h.admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'ci' } });
    await bind('ci-dev', 'developer', { kind: 'ServiceAccount', name: 'ci', namespace: NS });
    // A token bound to no pod (TokenRequest without boundObjectRef), as an admin hands one to a CI system.
    h.tokens.ci = (await h.admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts/ci/token`, { spec: {} })).body.status.token;
    // alice's own objects, which the attackers name as owners.
    const r = await as('alice', 'POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'alice-cm' }, data: { k: 'v' } });
    assert.equal(r.status, 201, r.text);
    const d = await as('alice', 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, {
      metadata: { name: 'alice-web' }, spec: { replicas: 0, selector: { matchLabels: { app: 'alice-web' } }, template: restricted({ app: 'alice-web' }) },
    });
    assert.equal(d.status, 201, d.text);
    // alice herself may run the privileged template (the grant the attackers are after is real).
    const own = await as('alice', 'POST', `/api/v1/namespaces/${NS}/pods?dryRun=All`, { ...privileged({}), metadata: { ...privileged({}).metadata, name: 'own' } });
    assert.equal(own.status, 201, own.text);
  });
  after(async () => { await h?.stop(); });

  const owner = async (kind: string, p: string, controller: boolean) => {
    const o = (await h.admin('GET', p)).body;
    return [{ apiVersion: o.apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid, controller }];
  };

  /** settle waits until the controllers have had their chance to act on what was just written. */
  const settle = () => sleep(2500);

  describe('a workload written by someone who is no person does not inherit a person from its owner references', () => {
    const cases = [
      { name: 'ci creates a Job owned by alice\'s ConfigMap', path: `/apis/batch/v1/namespaces/${NS}/jobs`, kind: 'Job', ownerKind: 'ConfigMap', ownerPath: `/api/v1/namespaces/${NS}/configmaps/alice-cm`, controller: false },
      { name: 'ci creates a Job controlled by alice\'s Deployment', path: `/apis/batch/v1/namespaces/${NS}/jobs`, kind: 'Job', ownerKind: 'Deployment', ownerPath: `/apis/apps/v1/namespaces/${NS}/deployments/alice-web`, controller: true },
      { name: 'ci creates a ReplicaSet controlled by alice\'s Deployment', path: `/apis/apps/v1/namespaces/${NS}/replicasets`, kind: 'ReplicaSet', ownerKind: 'Deployment', ownerPath: `/apis/apps/v1/namespaces/${NS}/deployments/alice-web`, controller: true },
      { name: 'ci creates a Deployment owned by alice\'s ConfigMap', path: `/apis/apps/v1/namespaces/${NS}/deployments`, kind: 'Deployment', ownerKind: 'ConfigMap', ownerPath: `/api/v1/namespaces/${NS}/configmaps/alice-cm`, controller: false },
    ];
    cases.forEach((c, i) => test(c.name, async () => {
      const name = `forged-${i}`;
      const labels = { forged: name };
      const spec = c.kind === 'Job' ? { template: privileged(labels, 'Never'), backoffLimit: 0 } : { replicas: 1, selector: { matchLabels: labels }, template: privileged(labels) };
      const r = await as('ci', 'POST', c.path, { metadata: { name, ownerReferences: await owner(c.ownerKind, c.ownerPath, c.controller) }, spec });
      assert.equal(r.status, 403, `${c.name}: want 403, got ${r.status} ${r.text.slice(0, 300)}`);
      assert.equal(r.body.kind, 'Status');
      assert.match(r.body.message, /no person/);
      assert.equal((await h.request('admin', 'GET', `${c.path}/${name}`)).status, 404);
      await settle();
      assert.deepEqual((await privilegedPods()).map((p) => p.metadata.name), []);
    }));

    test('ci changes the template of alice\'s Deployment: refused, alice stays the one recorded, no privileged pod', async () => {
      const p = `/apis/apps/v1/namespaces/${NS}/deployments/alice-web`;
      const r = await as('ci', 'PATCH', p, { spec: { replicas: 1, template: privileged({ app: 'alice-web' }) } }, MERGE);
      assert.equal(r.status, 403, r.text.slice(0, 300));
      assert.match(r.body.message, /no person/);
      const d = (await h.admin('GET', p)).body;
      assert.equal(d.spec.replicas, 0);
      assert.equal(d.metadata.annotations[CHANGED_BY], 'alice');
      await settle();
      assert.deepEqual((await privilegedPods()).map((x) => x.metadata.name), []);
    });

    test('ci may still scale alice\'s Deployment (no template change: alice stays recorded)', async () => {
      const p = `/apis/apps/v1/namespaces/${NS}/deployments/alice-web`;
      const r = await as('ci', 'PATCH', p, { spec: { replicas: 0 } }, MERGE);
      assert.equal(r.status, 200, r.text.slice(0, 300));
      assert.equal(r.body.metadata.annotations[CHANGED_BY], 'alice');
      assert.equal(r.body.metadata.annotations[CREATED_BY], 'alice');
    });

    test('a service account whose token is bound to mallory\'s pod acts for mallory: alice\'s template, changed, is checked with mallory\'s grants', async () => {
      const pod = await as('mallory', 'POST', `/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'runner' }, spec: { serviceAccountName: 'ci', containers: [{ name: 'c', image: 'busybox' }] } });
      assert.equal(pod.status, 201, pod.text.slice(0, 300));
      const tok = await h.admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts/ci/token`, { spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'runner', uid: pod.body.metadata.uid } } });
      h.tokens['ci-bound'] = tok.body.status.token;
      const p = `/apis/apps/v1/namespaces/${NS}/deployments/alice-web`;
      const r = await as('ci-bound', 'PATCH', p, { spec: { template: privileged({ app: 'alice-web' }) } }, MERGE);
      assert.equal(r.status, 403, r.text.slice(0, 300));
      assert.match(r.body.message, /would be refused for mallory/);
      // Once that pod is gone, its token acts for nobody (not for the workload's owner, not for mallory).
      await h.admin('DELETE', `/api/v1/namespaces/${NS}/pods/runner?gracePeriodSeconds=0`);
      for (let i = 0; i < 50 && (await h.request('admin', 'GET', `/api/v1/namespaces/${NS}/pods/runner`)).status !== 404; i++) await sleep(100);
      const after = await as('ci-bound', 'PATCH', p, { spec: { template: privileged({ app: 'alice-web' }) } }, MERGE);
      assert.ok([401, 403].includes(after.status), after.text.slice(0, 300));
      assert.equal((await h.admin('GET', p)).body.metadata.annotations[CHANGED_BY], 'alice');
    });

    test('a ConfigMap ci makes with alice\'s ConfigMap as owner is not attributed to alice', async () => {
      const r = await as('ci', 'POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'ci-cm', ownerReferences: await owner('ConfigMap', `/api/v1/namespaces/${NS}/configmaps/alice-cm`, false) }, data: {} });
      assert.equal(r.status, 201, r.text.slice(0, 300));
      assert.equal(r.body.metadata.annotations?.[CREATED_BY], undefined);
    });
  });

  // PodTemplates (core/v1) are stored pod specs that nothing here turns into pods: a place to park a spec
  // only its writer's grants admit, hoping something later runs it with them. Only cluster admins may
  // write them (no bootstrap role grants podtemplates), and owning a pod or workload by one lends nobody
  // the template writer's grants.
  describe('a PodTemplate lends nobody its writer\'s grants', () => {
    const TMPL = `/api/v1/namespaces/${NS}/podtemplates`;
    before(async () => {
      await h.admin('POST', TMPL, { metadata: { name: 'admin-tmpl' }, template: { ...privileged({ app: 'tmpl' }), spec: { ...privileged({}).spec, containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true }, env: [{ name: 'S', valueFrom: { secretKeyRef: { name: 'anything', key: 'k' } } }] }] } } });
    });
    const refused: [string, string, string, string, unknown?, string?][] = [
      ['mallory (developer) creates one', 'mallory', 'POST', TMPL, { metadata: { name: 'm' }, template: privileged({}) }],
      ['mallory lists them', 'mallory', 'GET', TMPL],
      ['mallory reads one', 'mallory', 'GET', `${TMPL}/admin-tmpl`],
      ['mallory patches one', 'mallory', 'PATCH', `${TMPL}/admin-tmpl`, { metadata: { labels: { x: 'y' } } }, MERGE],
      ['mallory deletes one', 'mallory', 'DELETE', `${TMPL}/admin-tmpl`],
      ['alice (namespace admin) creates one', 'alice', 'POST', TMPL, { metadata: { name: 'a' }, template: privileged({}) }],
      ['ci (developer service account) creates one', 'ci', 'POST', TMPL, { metadata: { name: 'c' }, template: privileged({}) }],
    ];
    for (const [name, who, method, p, body, ct] of refused) {
      test(`${name}: 403`, async () => {
        const r = await as(who, method, p, body, ct);
        assert.equal(r.status, 403, r.text.slice(0, 300));
        assert.equal(r.body.kind, 'Status');
      });
    }
    test('mallory\'s privileged pod controlled by the PodTemplate is judged with mallory\'s grants', async () => {
      const r = await as('mallory', 'POST', `/api/v1/namespaces/${NS}/pods`, { ...privileged({}), metadata: { ...privileged({}).metadata, name: 'from-tmpl', ownerReferences: await owner('PodTemplate', `${TMPL}/admin-tmpl`, true) } });
      assert.equal(r.status, 403, r.text.slice(0, 300));
      assert.equal((await h.request('admin', 'GET', `/api/v1/namespaces/${NS}/pods/from-tmpl`)).status, 404);
    });
    test('ci\'s ReplicaSet controlled by the PodTemplate does not inherit its writer', async () => {
      const labels = { forged: 'tmpl' };
      const r = await as('ci', 'POST', `/apis/apps/v1/namespaces/${NS}/replicasets`, { metadata: { name: 'from-tmpl', ownerReferences: await owner('PodTemplate', `${TMPL}/admin-tmpl`, true) }, spec: { replicas: 1, selector: { matchLabels: labels }, template: privileged(labels) } });
      assert.equal(r.status, 403, r.text.slice(0, 300));
      assert.match(r.body.message, /no person/);
    });
    test('nothing makes a pod from the stored template', async () => {
      await settle();
      const pods = (await h.admin('GET', `/api/v1/namespaces/${NS}/pods`)).body.items as any[];
      assert.deepEqual(pods.filter((p) => p.metadata.labels?.app === 'tmpl' || p.metadata.ownerReferences?.some((o: any) => o.kind === 'PodTemplate')).map((p) => p.metadata.name), []);
      assert.deepEqual((await privilegedPods()).map((p) => p.metadata.name), []);
    });
    test('bad input: a template without a spec, or with containers null, is a 422 naming the field', async () => {
      for (const [template, field] of [[undefined, 'template'], [{}, 'template.spec'], [{ spec: { containers: null } }, 'template.spec.containers']] as const) {
        const r = await h.request('admin', 'POST', `${TMPL}?dryRun=All`, { body: { metadata: { name: 'bad' }, template } });
        assert.equal(r.status, 422, r.text.slice(0, 300));
        assert.ok(r.body.details.causes.some((c: { field: string }) => c.field === field), `${field} named: ${r.text.slice(0, 300)}`);
      }
    });
  });

  // Status is what the components report (a service's load balancer, a pod's phase and IP): the status
  // subresource writes it, which no bootstrap user role holds. A create carrying a status is the same
  // write by the back door; as upstream's PrepareForCreate, the server drops it (a pod starts Pending).
  describe('a developer\'s create cannot forge a status', () => {
    const ns = (p: string) => `/${p.startsWith('apps') || p.startsWith('batch') ? 'apis' : 'api'}/${p}`;
    const labels = { forged: 'status' };
    const cases: [string, string, Record<string, unknown>, (status: any) => void][] = [
      ['a Service with a load balancer address', `v1/namespaces/${NS}/services`, { metadata: { name: 'forged-lb' }, spec: { type: 'LoadBalancer', selector: labels, ports: [{ port: 80 }] }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7', hostname: 'bank.example.com' }] } } },
        (st) => assert.ok(!JSON.stringify(st ?? {}).includes('203.0.113.7'), JSON.stringify(st))],
      ['a Pod that says it runs, with an IP', `v1/namespaces/${NS}/pods`, { metadata: { name: 'forged-pod' }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, status: { phase: 'Succeeded', podIP: '203.0.113.8', hostIP: '203.0.113.9' } },
        (st) => { assert.notEqual(st?.phase, 'Succeeded'); assert.ok(!JSON.stringify(st ?? {}).includes('203.0.113'), JSON.stringify(st)); }],
      ['a Deployment that says it is available', `apps/v1/namespaces/${NS}/deployments`, { metadata: { name: 'forged-deploy' }, spec: { replicas: 0, selector: { matchLabels: labels }, template: restricted(labels) }, status: { replicas: 7, availableReplicas: 7, conditions: [{ type: 'Available', status: 'True' }] } },
        (st) => assert.notEqual(st?.availableReplicas, 7)],
      ['a Job that says it succeeded', `batch/v1/namespaces/${NS}/jobs`, { metadata: { name: 'forged-job' }, spec: { suspend: true, template: { ...restricted(labels), spec: { ...restricted(labels).spec, restartPolicy: 'Never' } } }, status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } },
        (st) => assert.notEqual(st?.succeeded, 1)],
    ];
    for (const [name, path, body, check] of cases) {
      test(name, async () => {
        const r = await as('mallory', 'POST', ns(path), body);
        assert.equal(r.status, 201, r.text.slice(0, 300));
        check(r.body.status);
        check((await h.admin('GET', `${ns(path)}/${(body.metadata as { name: string }).name}`)).body.status);
      });
    }
  });

  describe('bad input on the Job fields controllers act on: 422 naming the field, and the server keeps answering', () => {
    const tmpl = { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } };
    const cases: [string, Record<string, unknown>, string][] = [
      ['an Indexed Job of 2^31-1 completions', { completionMode: 'Indexed', completions: 2147483647, parallelism: 1 }, 'spec.completions'],
      ['an Indexed Job of 2^31-1 parallelism', { completionMode: 'Indexed', completions: 3, parallelism: 2147483647 }, 'spec.parallelism'],
      ['20,000 podFailurePolicy rules', { podFailurePolicy: { rules: Array.from({ length: 20_000 }, () => ({ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } })) } }, 'spec.podFailurePolicy.rules'],
      ['300,000 exit codes in one rule', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: Array.from({ length: 300_000 }, (_, i) => i + 1) } }] } }, 'spec.podFailurePolicy.rules[0].onExitCodes.values'],
      ['20,000 pod condition patterns in one rule', { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: Array.from({ length: 20_000 }, () => ({ type: 'DisruptionTarget', status: 'True' })) }] } }, 'spec.podFailurePolicy.rules[0].onPodConditions'],
      ['an operator that is not In or NotIn', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'Between', values: [1] } }] } }, 'spec.podFailurePolicy.rules[0].onExitCodes.operator'],
    ];
    cases.forEach(([name, spec, field], i) => test(name, async () => {
      const started = Date.now();
      const r = await as('mallory', 'POST', `/apis/batch/v1/namespaces/${NS}/jobs`, { metadata: { name: `bad-${i}` }, spec: { template: tmpl, ...spec } });
      assert.equal(r.status, 422, r.text.slice(0, 300));
      assert.ok(r.body.details.causes.some((c: { field: string }) => c.field === field), `${field} named: ${r.text.slice(0, 300)}`);
      assert.ok(Date.now() - started < 5000, 'answered within 5 s');
      await h.alive();
    }));
  });

  describe('a developer changing alice\'s privileged Deployment, by every write path, is judged with her own grants', () => {
    const p = `/apis/apps/v1/namespaces/${NS}/deployments/alice-priv`;
    before(async () => {
      const r = await as('alice', 'POST', `/apis/apps/v1/namespaces/${NS}/deployments`, {
        metadata: { name: 'alice-priv' }, spec: { replicas: 0, selector: { matchLabels: { app: 'alice-priv' } }, template: privileged({ app: 'alice-priv' }) },
      });
      assert.equal(r.status, 201, r.text.slice(0, 300));
    });
    const cases: { name: string; method: string; path?: string; body: unknown; contentType?: string; expect: number }[] = [
      { name: 'set image (strategic merge patch of one container, as the console and kubectl do)', method: 'PATCH', body: { spec: { template: { spec: { containers: [{ name: 'c', image: 'evil:1' }] } } } }, contentType: 'application/strategic-merge-patch+json', expect: 403 },
      { name: 'set image (JSON patch)', method: 'PATCH', body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'evil:1' }], contentType: 'application/json-patch+json', expect: 403 },
      { name: 'set image (server-side apply, forced)', method: 'PATCH', path: `${p}?fieldManager=mallory&force=true`, body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'alice-priv' }, spec: { selector: { matchLabels: { app: 'alice-priv' } }, template: { metadata: { labels: { app: 'alice-priv' } }, spec: { containers: [{ name: 'c', image: 'evil:1' }] } } } }), contentType: 'application/apply-patch+yaml', expect: 403 },
      { name: 'a template annotation only (merge patch): a template change all the same', method: 'PATCH', body: { spec: { template: { metadata: { annotations: { x: '1' } } } } }, contentType: MERGE, expect: 403 },
      { name: 'the status subresource carrying a new template', method: 'PUT', path: `${p}/status`, body: 'FROM_STORED', expect: 403 },
    ];
    for (const c of cases) {
      test(c.name, async () => {
        const before = (await h.admin('GET', p)).body;
        let body = c.body;
        if (body === 'FROM_STORED') body = { ...before, spec: { ...before.spec, replicas: 2, template: { ...before.spec.template, spec: { ...before.spec.template.spec, containers: [{ name: 'c', image: 'evil:1', securityContext: { privileged: true } }] } } } };
        const r = await as('mallory', c.method, c.path ?? p, body, c.contentType);
        assert.equal(r.status, c.expect, `${c.name}: ${r.text.slice(0, 300)}`);
        assert.equal(r.body.kind, 'Status');
        const after = (await h.admin('GET', p)).body;
        // (The resourceVersion may move: the deployment controller writes the status meanwhile.)
        assert.deepEqual(after.spec, before.spec, 'the spec is unchanged');
        assert.equal(after.metadata.generation, before.metadata.generation);
        assert.equal(after.metadata.annotations[CHANGED_BY], 'alice');
      });
    }
    test('scaling through /scale keeps alice\'s template and alice as the one recorded', async () => {
      const r = await as('mallory', 'PATCH', `${p}/scale`, { spec: { replicas: 0 } }, MERGE);
      assert.equal(r.status, 200, r.text.slice(0, 300));
      const after = (await h.admin('GET', p)).body;
      assert.equal(after.metadata.annotations[CHANGED_BY], 'alice');
    });
  });
});
