// Connect mode against a real control plane (kine + kube-apiserver + kube-controller-manager built
// from upstream, testing/cluster.ts): the console's requests reach the cluster as the signed-in person,
// Gatehouse's policy runs as admission webhooks (the embedded plugins), the cluster's Pod Security
// still runs, and the cluster's audit events land in Gatehouse's trail with the human → pod →
// service account chain.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANNOTATIONS } from '../../shared/api/meta';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { clusterBinaries, kubectlBinary, needs, podSecurityFixtures } from '../testing/prerequisites';
import { expectation, LEVELS, loadFixtures } from '../admission/pod-security/fixtures';
import { startCluster, type Cluster } from './testing/cluster';
import { call, connectTo, eventually, type Connected } from './testing/connect';
import { renderManifests, uninstall } from './install';
import { PROXIED_BY } from './audit-sink';

const run = promisify(execFile);

const pod = (name: string, extra: Record<string, unknown> = {}, annotations?: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(annotations ? { annotations } : {}) }, spec: { containers: [{ name: 'c', image: 'registry.example/app:1' }], ...extra },
});

describe('connect mode on a real kube-apiserver', needs(clusterBinaries), () => {
  let cluster: Cluster;
  let g: Connected;
  let alice: string;
  let bob: string;
  const kube = () => ({ url: cluster.url, ca: cluster.ca });
  const asAdmin = (method: string, p: string, body?: unknown) => call(kube(), method, p, { token: cluster.adminToken, body });

  before(async () => {
    cluster = await startCluster();
    g = await connectTo(cluster);
    alice = await g.addUser('alice', ['developers']);
    bob = await g.addUser('bob');
    for (const ns of ['web', 'locked']) assert.equal((await asAdmin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })).status, 201);
    const bind = (ns: string, name: string, role: string, user: string, kind = 'ClusterRole') => asAdmin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
    });
    assert.equal((await bind('web', 'alice-dev', 'developer', 'alice')).status, 201);
    await asAdmin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/web/roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pods-only' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list'] }] });
    assert.equal((await bind('web', 'bob-pods', 'pods-only', 'bob', 'Role')).status, 201);
    await asAdmin('POST', '/api/v1/namespaces/web/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 's3cr3t-value' } });
    // The developer role aggregates (kube-controller-manager) and the namespace's default ServiceAccount appears.
    await eventually(async () => (await call(g, 'GET', '/api/v1/namespaces/web/pods', { token: alice })).status === 200);
    await eventually(async () => (await asAdmin('GET', '/api/v1/namespaces/web/serviceaccounts/default')).status === 200);
  });
  after(async () => {
    await g?.stop();
    await cluster?.stop();
  });

  it('proxies as the signed-in person: allowed where the cluster allows them, Forbidden naming them elsewhere', async () => {
    assert.equal((await call(g, 'GET', '/api/v1/namespaces/web/pods', { token: alice })).status, 200);
    const r = await call(g, 'GET', '/api/v1/namespaces/kube-system/pods', { token: alice });
    assert.equal(r.status, 403);
    assert.match(r.body.message, /User "alice" cannot list resource "pods"/);
  });

  it('never passes client identity headers through: Impersonate-* needs the cluster\'s consent, cluster tokens are not Gatehouse credentials', async () => {
    const r = await call(g, 'GET', '/api/v1/namespaces/kube-system/pods', { token: alice, headers: { 'Impersonate-User': 'admin', 'Impersonate-Group': 'system:masters' } });
    assert.equal(r.status, 403);
    assert.match(r.body.message, /cannot impersonate/);
    const x = await call(g, 'GET', '/api/v1/namespaces/kube-system/pods', { token: alice, headers: { 'X-Remote-User': 'admin', 'X-Remote-Group': 'system:masters' } });
    assert.equal(x.status, 403);
    assert.equal((await call(g, 'GET', '/api/v1/namespaces', { token: cluster.adminToken })).status, 401);
  });

  it('"view as" runs as the viewed user, allowed by the cluster\'s impersonation rules', async () => {
    const r = await call(g, 'GET', '/api/v1/namespaces/web/pods', { token: g.adminToken, headers: { 'Impersonate-User': 'alice' } });
    assert.equal(r.status, 200);
    const k = await call(g, 'GET', '/api/v1/namespaces/kube-system/pods', { token: g.adminToken, headers: { 'Impersonate-User': 'alice' } });
    assert.equal(k.status, 403);
    assert.match(k.body.message, /User "alice"/);
  });

  it('projects list the namespaces the person can use', async () => {
    const r = await call(g, 'GET', '/apis/project.gatehouse.dev/v1/projects', { token: alice });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((p: any) => p.metadata.name), ['web']);
    const all = await call(g, 'GET', '/apis/project.gatehouse.dev/v1/projects', { token: g.adminToken });
    assert.ok(all.body.items.length >= 5);
  });

  it('namespaces get unique UID ranges from the webhook, also when created concurrently', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `burst-${i}`);
    const rs = await Promise.all(names.map((n) => asAdmin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } })));
    for (const r of rs) assert.equal(r.status, 201);
    const ranges = rs.map((r) => r.body.metadata.annotations[ANNOTATIONS.uidRange]);
    const web = (await asAdmin('GET', '/api/v1/namespaces/web')).body;
    ranges.push(web.metadata.annotations[ANNOTATIONS.uidRange]);
    // `default` existed before install: install gave it a block too; system namespaces get none.
    ranges.push((await asAdmin('GET', '/api/v1/namespaces/default')).body.metadata.annotations?.[ANNOTATIONS.uidRange]);
    assert.equal((await asAdmin('GET', '/api/v1/namespaces/kube-system')).body.metadata.annotations?.[ANNOTATIONS.uidRange], undefined);
    assert.ok(ranges.every(Boolean));
    assert.equal(new Set(ranges).size, ranges.length, `ranges: ${ranges.join(' ')}`);
    assert.ok(web.metadata.annotations[ANNOTATIONS.mcs]);
  });

  it('a developer\'s pod gets the restricted profile with the namespace\'s UID, drop ALL, seccomp and created-by', async () => {
    const r = await call(g, 'POST', '/api/v1/namespaces/web/pods', { token: alice, body: pod('app', {}, { [ANNOTATIONS.createdBy]: 'mallory' }) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const web = (await asAdmin('GET', '/api/v1/namespaces/web')).body;
    const first = Number(web.metadata.annotations[ANNOTATIONS.uidRange].split('/')[0]);
    assert.equal(r.body.metadata.annotations[ANNOTATIONS.profile], 'restricted');
    assert.equal(r.body.metadata.annotations[ANNOTATIONS.createdBy], 'alice');
    assert.equal(r.body.spec.securityContext.runAsUser, first);
    assert.equal(r.body.spec.securityContext.seccompProfile?.type ?? r.body.spec.containers[0].securityContext?.seccompProfile?.type, 'RuntimeDefault');
    assert.deepEqual(r.body.spec.containers[0].securityContext.capabilities.drop, ['ALL']);
    assert.ok(r.body.spec.securityContext.seLinuxOptions?.level);
  });

  it('a controller-made pod carries the human behind its Deployment (ownerReferences followed on the cluster)', async () => {
    const dep = await asAdmin('POST', '/apis/apps/v1/namespaces/web/deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'shop' } }, template: { metadata: { labels: { app: 'shop' } }, spec: { containers: [{ name: 'c', image: 'registry.example/shop:1' }] } } },
    });
    assert.equal(dep.status, 201, JSON.stringify(dep.body));
    assert.equal(dep.body.metadata.annotations[ANNOTATIONS.createdBy], 'admin');
    const p = await eventually(async () => (await asAdmin('GET', '/api/v1/namespaces/web/pods?labelSelector=app%3Dshop')).body.items?.[0], 60_000);
    assert.equal(p.metadata.ownerReferences[0].kind, 'ReplicaSet');
    assert.equal(p.metadata.annotations[ANNOTATIONS.createdBy], 'admin');
    assert.equal(p.metadata.annotations[ANNOTATIONS.profile], 'restricted');
  });

  it('delegation: a person\'s Deployment gets pods judged with their grants; a template they cannot run is refused at create; once they are removed, new replicas are refused with an event', async () => {
    const carol = await g.addUser('carol');
    assert.equal((await asAdmin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/web/rolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'carol-dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
    })).status, 201);
    await eventually(async () => (await call(g, 'GET', '/apis/apps/v1/namespaces/web/deployments', { token: carol })).status === 200);
    const deployment = (name: string, spec: Record<string, unknown>) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'registry.example/app:1' }], ...spec } } },
    });
    // The template is checked when the person sets it, not when the controller fails later.
    const priv = await call(g, 'POST', '/apis/apps/v1/namespaces/web/deployments', { token: carol, body: deployment('carol-priv', { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] }) });
    assert.equal(priv.status, 403, JSON.stringify(priv.body));
    assert.match(priv.body.message, /deployments.apps "carol-priv" is forbidden: its pod template would be refused for carol/);

    // Its pods mount a secret: carol may `use` it, the cluster's replicaset controller may not.
    assert.equal((await asAdmin('POST', '/api/v1/namespaces/web/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'carol-cfg' }, stringData: { token: 'x' } })).status, 201);
    const made = await call(g, 'POST', '/apis/apps/v1/namespaces/web/deployments', { token: carol, body: deployment('carol-web', { volumes: [{ name: 'v', secret: { secretName: 'carol-cfg' } }] }) });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const first = await eventually(async () => (await asAdmin('GET', '/api/v1/namespaces/web/pods?labelSelector=app%3Dcarol-web')).body.items?.[0], 60_000);
    assert.equal(first.metadata.annotations[ANNOTATIONS.createdBy], 'carol');
    const rsName = first.metadata.ownerReferences[0].name;
    const rs = (await asAdmin('GET', `/apis/apps/v1/namespaces/web/replicasets/${rsName}`)).body;
    assert.equal(rs.metadata.annotations['gatehouse.dev/template-changed-by'], 'carol');

    // Carol leaves: her running pod stays, the controller may not make another one for her.
    const removed = await call(g, 'DELETE', '/apis/iam.gatehouse.dev/v1/users/carol', { token: g.adminToken });
    assert.ok(removed.status === 200 || removed.status === 202, JSON.stringify(removed.body));
    const scaled = await call(kube(), 'PATCH', '/apis/apps/v1/namespaces/web/deployments/carol-web', { token: cluster.adminToken, body: { spec: { replicas: 2 } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal(scaled.status, 200, JSON.stringify(scaled.body));
    const event = await eventually(async () => {
      const r = await asAdmin('GET', `/api/v1/namespaces/web/events?fieldSelector=involvedObject.name%3D${rsName}`);
      return r.body.items?.find((e: any) => e.reason === 'FailedCreate' && /user "carol".*no longer an active Gatehouse user/.test(e.message));
    }, 60_000);
    assert.match(event.message, /admission webhook "pods.admission.gatehouse.dev" denied the request/);
    const pods = (await asAdmin('GET', '/api/v1/namespaces/web/pods?labelSelector=app%3Dcarol-web')).body.items;
    assert.deepEqual(pods.map((p: any) => p.metadata.name), [first.metadata.name]);
  });

  it('a pod no usable profile admits is refused with the profile\'s reasons', async () => {
    const r = await call(g, 'POST', '/api/v1/namespaces/web/pods', { token: alice, body: pod('priv', { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] }) });
    assert.equal(r.status, 403);
    assert.match(r.body.message, /admission webhook "pods.admission.gatehouse.dev" denied the request: .*unable to validate against any security profile/);
  });

  it('mounting a secret needs `use` (SubjectAccessReview on the cluster)', async () => {
    const spec = { volumes: [{ name: 'v', secret: { secretName: 'db' } }] };
    const refused = await call(g, 'POST', '/api/v1/namespaces/web/pods', { token: bob, body: pod('bob-mount', spec) });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.match(refused.body.message, /cannot use secret "db"/);
    const ok = await call(g, 'POST', '/api/v1/namespaces/web/pods', { token: alice, body: pod('alice-mount', spec) });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  it('the cluster\'s Pod Security Admission still runs after the profile webhook', async () => {
    const ns = (await asAdmin('GET', '/api/v1/namespaces/locked')).body;
    ns.metadata.labels = { ...ns.metadata.labels, 'pod-security.kubernetes.io/enforce': 'restricted' };
    assert.equal((await asAdmin('PUT', '/api/v1/namespaces/locked', ns)).status, 200);
    const r = await asAdmin('POST', '/api/v1/namespaces/locked/pods', pod('root', { containers: [{ name: 'c', image: 'i', securityContext: { runAsUser: 0 } }] }, { [ANNOTATIONS.profile]: 'privileged' }));
    assert.equal(r.status, 403);
    assert.match(r.body.message, /violates PodSecurity "restricted/);
  });

  it('the upstream Pod Security fixtures, through Gatehouse\'s webhooks and the cluster\'s PodSecurity', needs(podSecurityFixtures), async () => {
    for (const level of LEVELS) {
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `pss-${level}`, labels: { 'pod-security.kubernetes.io/enforce': level } } };
      assert.equal((await asAdmin('POST', '/api/v1/namespaces', ns)).status, 201);
    }
    const fixtures = loadFixtures();
    const cases = fixtures.flatMap((f) => LEVELS.map((level) => ({ f, level })));
    const wrong: string[] = [];
    // The privileged profile changes nothing, so what the cluster's PodSecurity judges is the fixture itself.
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(cases.slice(i, i + 8).map(async ({ f, level }) => {
        // Upstream's fixture names have underscores, which a real API server refuses as pod names.
        const name = f.file.replace(/\.yaml$/, '').replace(/[^a-z0-9]+/g, '-');
        const body = { ...f.pod, metadata: { ...(f.pod.metadata ?? {}), name, namespace: undefined, annotations: { ...((f.pod.metadata as any)?.annotations ?? {}), [ANNOTATIONS.profile]: 'privileged' } } };
        const r = await asAdmin('POST', `/api/v1/namespaces/pss-${level}/pods?dryRun=All`, body);
        const want = expectation(f.dir, f.file, level).allowed;
        const got = r.status === 201;
        // A pod the API's own validation refuses (procMount Unmasked needs hostUsers: false since 1.33) is refused all the same.
        const refusedAsExpected = !got && (/violates PodSecurity/.test(r.body?.message ?? '') || r.status === 422);
        if (got !== want || (!got && !refusedAsExpected)) wrong.push(`${f.dir}/${f.file} at ${level}: ${r.status} ${r.body?.message ?? ''}`);
      }));
    }
    assert.deepEqual(wrong, [], `${wrong.length} of ${cases.length} fixtures judged differently`);
    assert.ok(cases.length > 200);
  });

  it('secret values never reach a developer: summaries carry key names only', async () => {
    assert.equal((await call(g, 'GET', '/api/v1/namespaces/web/secrets/db', { token: alice })).status, 403);
    const s = await eventually(async () => {
      const r = await call(g, 'GET', '/apis/security.gatehouse.dev/v1/namespaces/web/secretsummaries', { token: alice });
      return r.status === 200 && r.body.items.some((x: any) => x.mountedBy.length > 0) ? r : undefined;
    });
    const db = s.body.items.find((x: any) => x.metadata.name === 'db');
    assert.deepEqual(db.keys, ['password']);
    assert.deepEqual(db.mountedBy.map((m: any) => m.pod), ['alice-mount']);
    assert.ok(!JSON.stringify(s.body).includes('s3cr3t'));
    assert.ok(!JSON.stringify(g.gatehouse.mirror.store.list('/secrets')).includes('czNjcjN0'));
    assert.equal((await call(g, 'GET', '/apis/security.gatehouse.dev/v1/namespaces/web/secretsummaries', { token: bob })).status, 403);
  });

  it('kubectl reads secretsummaries on the cluster itself, through the aggregated API connect.gatehouse.dev', async () => {
    const path = '/apis/connect.gatehouse.dev/v1/namespaces/web/secretsummaries';
    const asAlice = await eventually(async () => {
      const r = await call(kube(), 'GET', path, { token: cluster.adminToken, headers: { 'Impersonate-User': 'alice' } });
      return r.status === 200 ? r : undefined;
    }, 60_000);
    assert.deepEqual(asAlice.body.items.find((x: any) => x.metadata.name === 'db').keys, ['password']);
    assert.ok(!JSON.stringify(asAlice.body).includes('s3cr3t'));
    const asBob = await call(kube(), 'GET', path, { token: cluster.adminToken, headers: { 'Impersonate-User': 'bob' } });
    assert.equal(asBob.status, 403);
    // Straight to Gatehouse without the front proxy's certificate, the same path is refused.
    assert.equal((await call(g, 'GET', path, { token: alice, headers: { 'X-Remote-User': 'admin', 'X-Remote-Group': 'system:masters' } })).status, 401);
    if (kubectlBinary.found) {
      // Asynchronously: Gatehouse runs in this process, and a blocking spawn would stall it.
      const k = await run('kubectl', ['--kubeconfig', cluster.adminKubeconfig, '--cache-dir', `${cluster.dir}/kubectl-cache`, '--request-timeout', '20s', '--as', 'alice', 'get', 'secretsummaries.connect.gatehouse.dev', '-n', 'web'], { encoding: 'utf8', timeout: 60_000 });
      assert.match(k.stdout, /^db\s/m);
    }
  });

  it('the cluster\'s audit events reach Gatehouse\'s trail, attributed to the person, not to Gatehouse', async () => {
    const ev = await eventually(async () => {
      const r = await call(g, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=user.username%3Dalice', { token: g.adminToken });
      return r.body.items?.find((e: any) => e.verb === 'create' && e.objectRef?.resource === 'pods' && e.objectRef?.name === 'app');
    });
    assert.equal(ev.user.username, 'alice');
    assert.equal(ev.annotations[PROXIED_BY], g.gatehouse.identity);
    assert.equal(ev.annotations['audit.gatehouse.dev/originating-user'], 'alice');
  });

  it('a pod-bound service-account token\'s action is traced to the human who created the pod', async () => {
    const p = (await asAdmin('GET', '/api/v1/namespaces/web/pods/app')).body;
    const tr = await asAdmin('POST', '/api/v1/namespaces/web/serviceaccounts/default/token', {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds: 600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'app', uid: p.metadata.uid } },
    });
    assert.equal(tr.status, 201, JSON.stringify(tr.body));
    await call(kube(), 'GET', '/api/v1/namespaces/web/configmaps/probe', { token: tr.body.status.token });
    const ev = await eventually(async () => {
      const r = await call(g, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=user.username%3Dsystem:serviceaccount:web:default', { token: g.adminToken });
      return r.body.items?.find((e: any) => e.objectRef?.resource === 'configmaps' && e.objectRef?.name === 'probe');
    });
    assert.equal(ev.user.extra['authentication.kubernetes.io/pod-name'][0], 'app');
    assert.equal(ev.annotations['audit.gatehouse.dev/originating-user'], 'alice');
  });

  it('the audit trail is read with the cluster\'s RBAC: a namespace admin reads theirs, a developer only their own', async () => {
    const carol = await g.addUser('carol');
    await asAdmin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/web/rolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'carol-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'carol' }],
    });
    const ns = await eventually(async () => {
      const r = await call(g, 'GET', '/apis/audit.gatehouse.dev/v1/namespaces/web/auditevents', { token: carol });
      return r.status === 200 && r.body.items.some((e: any) => e.objectRef?.name === 'app') ? r : undefined;
    });
    assert.ok(ns.body.items.every((e: any) => e.objectRef?.namespace === 'web'));
    assert.equal((await call(g, 'GET', '/apis/audit.gatehouse.dev/v1/namespaces/web/auditevents', { token: alice })).status, 403);
    assert.equal((await call(g, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents', { token: carol })).status, 403);
    const mine = await call(g, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=originatingUser%3Dalice', { token: alice });
    assert.equal(mine.status, 200);
    assert.ok(mine.body.items.length > 0);
  });

  it('"view as" is audited as the admin impersonating the viewed user', async () => {
    await call(g, 'GET', '/api/v1/namespaces/web/configmaps/view-as-probe', { token: g.adminToken, headers: { 'Impersonate-User': 'alice' } });
    const ev = await eventually(async () => {
      const r = await call(g, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=user.username%3Dadmin', { token: g.adminToken });
      return r.body.items?.find((e: any) => e.objectRef?.name === 'view-as-probe');
    });
    assert.equal(ev.impersonatedUser.username, 'alice');
    assert.equal(ev.annotations['audit.gatehouse.dev/originating-user'], 'admin');
  });

  it('install --dry-run renders every manifest; uninstall removes the webhooks and the CRD', async () => {
    const text = renderManifests({ url: g.url, caPem: g.ca, identity: 'gatehouse' });
    for (const k of ['CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'failurePolicy: Fail', 'timeoutSeconds: 10', 'kube-system']) assert.ok(text.includes(k), k);
    const lines = await uninstall(cluster.admin);
    assert.ok(lines.some((l) => l.startsWith('mutatingwebhookconfiguration/gatehouse')));
    const r = await asAdmin('POST', '/api/v1/namespaces/web/pods', pod('after-uninstall'));
    assert.equal(r.status, 201);
    assert.equal(r.body.metadata.annotations?.[ANNOTATIONS.profile], undefined);
    // Without its install, every console view says why it cannot work.
    const down = await eventually(async () => {
      const x = await call(g, 'GET', '/api/v1/namespaces/web/pods', { token: alice });
      return x.status === 503 ? x : undefined;
    });
    assert.match(down.body.message, /Gatehouse is not installed on the cluster .*gatehouse connect install/);
  });
});
