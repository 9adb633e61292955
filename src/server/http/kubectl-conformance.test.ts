// Conformance: the real kubectl (the installed dispatcher, so the client version our /version selects)
// against a fresh server process over HTTPS with static-token kubeconfigs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const POD = (name: string, labels = 'app: web') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {${labels}}
spec:
  containers:
  - name: c
    image: nginx:1.27
`;

describe('kubectl conformance', needs(kubectlBinary), () => {
  let s: TestServer;
  let admin: string;
  let viewer: string;
  const ok = (args: string[], input?: string) => {
    const r = kubectl(admin, args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    s = await startServerProcess({ tokens: 'viewer-token-0123456789,viewer,u-viewer,"devs"\n' });
    admin = kubeconfigFor(s, 'admin', s.adminToken);
    viewer = kubeconfigFor(s, 'viewer', 'viewer-token-0123456789', 'team-a');
  });
  after(async () => { await s?.stop(); });

  test('the dispatcher selects client 1.32 from /version', () => {
    const out = ok(['version', '-o', 'json']);
    const v = JSON.parse(out);
    assert.equal(v.serverVersion.minor, '32');
    assert.match(v.clientVersion.gitVersion, /^v1\.32\./);
  });

  test('get ns lists the bootstrap namespaces', () => {
    const out = ok(['get', 'ns']);
    for (const ns of ['default', 'kube-system', 'kube-public']) assert.match(out, new RegExp(`^${ns}\\s+Active`, 'm'));
    assert.match(out, /^NAME\s+STATUS\s+AGE/m);
  });

  test('create ns', () => {
    assert.match(ok(['create', 'ns', 'team-a']), /namespace\/team-a created/);
    assert.match(ok(['get', 'ns', 'team-a']), /team-a\s+Active/);
  });

  test('create -f pod.yaml, then get in table, -o json and -o yaml', () => {
    assert.match(ok(['create', '-f', '-'], POD('p1')), /pod\/p1 created/);
    const table = ok(['get', 'pods']);
    assert.match(table, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/m);
    assert.match(table, /^p1\s+0\/1\s+Pending\s+0\s+/m);
    const list = JSON.parse(ok(['get', 'pods', '-o', 'json']));
    assert.equal(list.kind, 'List');
    assert.equal(list.items[0].metadata.name, 'p1');
    assert.ok(list.items[0].metadata.uid);
    assert.match(ok(['get', 'pod', 'p1', '-o', 'yaml']), /^kind: Pod$/m);
  });

  test('get -w sees a new pod', async () => {
    const child = spawn('kubectl', ['--kubeconfig', admin, '--cache-dir', `${admin}.cache`, 'get', 'pods', '-w', '--request-timeout', '20s']);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    await waitFor(() => /p1/.test(out), 10_000);
    ok(['create', '-f', '-'], POD('p2'));
    await waitFor(() => /^p2\s/m.test(out), 10_000);
    child.kill();
    assert.match(out, /^p2\s+0\/1\s+Pending/m);
  });

  test('delete pod waits for it to be gone', () => {
    assert.match(ok(['delete', 'pod', 'p2']), /pod "p2" deleted/);
    const r = kubectl(admin, ['get', 'pod', 'p2']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /NotFound.*pods "p2" not found/);
  });

  test('create secret generic, serviceaccount, role, rolebinding (protobuf bodies on 1.32)', () => {
    assert.match(ok(['create', 'secret', 'generic', 's1', '--from-literal=password=hunter2', '-n', 'team-a']), /secret\/s1 created/);
    assert.match(ok(['get', 'secret', 's1', '-n', 'team-a']), /^s1\s+Opaque\s+1\s/m);
    assert.match(ok(['create', 'serviceaccount', 'builder', '-n', 'team-a']), /serviceaccount\/builder created/);
    assert.match(ok(['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods', '-n', 'team-a']), /role.rbac.authorization.k8s.io\/pod-reader created/);
    assert.match(ok(['create', 'rolebinding', 'viewer-view', '--clusterrole=view', '--user=viewer', '-n', 'team-a']), /rolebinding.rbac.authorization.k8s.io\/viewer-view created/);
    const rb = JSON.parse(ok(['get', 'rolebinding', 'viewer-view', '-n', 'team-a', '-o', 'json']));
    assert.deepEqual(rb.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    assert.deepEqual(rb.subjects, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'viewer' }]);
  });

  test('apply -f creates, then configures on change, then is unchanged', () => {
    assert.match(ok(['apply', '-f', '-'], POD('p3')), /pod\/p3 created/);
    assert.match(ok(['apply', '-f', '-'], POD('p3', 'app: web2')), /pod\/p3 configured/);
    assert.match(ok(['apply', '-f', '-'], POD('p3', 'app: web2')), /pod\/p3 unchanged/);
    assert.match(ok(['get', 'pod', 'p3', '--show-labels']), /app=web2/);
    assert.match(ok(['apply', '--server-side', '-f', '-'], POD('p4')), /pod\/p4 serverside-applied/);
  });

  test('label', () => {
    assert.match(ok(['label', 'pod', 'p3', 'tier=front']), /pod\/p3 labeled/);
    assert.match(ok(['get', 'pods', '-l', 'tier=front', '-o', 'name']), /^pod\/p3$/m);
  });

  test('create --dry-run=server stores nothing', () => {
    assert.match(ok(['create', '--dry-run=server', '-f', '-'], POD('ghost')), /pod\/ghost created \(server dry run\)/);
    const r = kubectl(admin, ['get', 'pod', 'ghost']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not found/);
  });

  test('strict field validation names the unknown field', () => {
    const r = kubectl(admin, ['create', '-f', '-'], POD('bad').replace('spec:\n', 'spec:\n  foo: 1\n'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown field "spec.foo"/);
  });

  test('auth can-i for a user bound to view in one namespace only', () => {
    assert.equal(kubectl(viewer, ['auth', 'can-i', 'list', 'pods', '-n', 'team-a']).stdout.trim(), 'yes');
    const no = kubectl(viewer, ['auth', 'can-i', 'list', 'pods', '-n', 'default']);
    assert.equal(no.stdout.trim(), 'no');
    assert.equal(no.code, 1);
    assert.equal(kubectl(viewer, ['auth', 'can-i', 'get', 'secrets', '-n', 'team-a']).stdout.trim(), 'no');
    assert.equal(kubectl(viewer, ['auth', 'can-i', 'create', 'pods', '-n', 'team-a']).stdout.trim(), 'no');
  });

  test('auth can-i --list shows the view rules in that namespace', () => {
    const out = kubectl(viewer, ['auth', 'can-i', '--list', '-n', 'team-a']).stdout;
    assert.match(out, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]/m);
    assert.match(out, /selfsubjectaccessreviews\.authorization\.k8s\.io/);
    assert.doesNotMatch(out, /^secrets\s/m);
  });

  test('auth whoami', () => {
    const out = kubectl(viewer, ['auth', 'whoami']).stdout;
    assert.match(out, /Username\s+viewer/);
    assert.match(out, /Groups\s+\[devs system:authenticated\]/);
  });

  test('Forbidden for a secret read and a pod create by the viewer', () => {
    const sec = kubectl(viewer, ['get', 'secret', 's1', '-n', 'team-a']);
    assert.equal(sec.code, 1);
    assert.match(sec.stderr, /Error from server \(Forbidden\): secrets "s1" is forbidden: User "viewer" cannot get resource "secrets" in API group "" in the namespace "team-a"/);
    const pod = kubectl(viewer, ['create', '-f', '-', '-n', 'team-a'], POD('x'));
    assert.equal(pod.code, 1);
    assert.match(pod.stderr, /pods is forbidden: User "viewer" cannot create resource "pods" in API group "" in the namespace "team-a"/);
    assert.match(kubectl(viewer, ['get', 'pods', '-n', 'team-a']).stderr, /No resources found in team-a namespace/);
  });

  test('deleting a namespace deletes everything in it', () => {
    ok(['create', 'ns', 'doomed']);
    ok(['create', 'configmap', 'c1', '--from-literal=a=b', '-n', 'doomed']);
    ok(['delete', 'ns', 'doomed']);
    assert.equal(kubectl(admin, ['get', 'ns', 'doomed']).code, 1);
    assert.equal(kubectl(admin, ['get', 'cm', 'c1', '-n', 'doomed']).code, 1);
  });

  test('podtemplates: create -f, get with kubectl\'s columns, a bad restartPolicy names the field', () => {
    const tpl = (name: string, restartPolicy: string) => `apiVersion: v1
kind: PodTemplate
metadata: {name: ${name}, namespace: team-a}
template:
  metadata: {labels: {tier: web, app: shop}}
  spec:
    restartPolicy: ${restartPolicy}
    containers: [{name: c, image: "nginx:1.27"}, {name: side, image: "busybox:1.36"}]
`;
    assert.match(ok(['create', '-f', '-'], tpl('t1', 'Never')), /podtemplate\/t1 created/);
    const table = ok(['get', 'podtemplates', '-n', 'team-a']);
    assert.match(table, /^NAME\s+CONTAINERS\s+IMAGES\s+POD LABELS$/m);
    assert.match(table, /^t1\s+c,side\s+nginx:1\.27,busybox:1\.36\s+app=shop,tier=web$/m);
    const stored = JSON.parse(ok(['get', 'podtemplate', 't1', '-n', 'team-a', '-o', 'json']));
    assert.equal(stored.template.spec.dnsPolicy, 'ClusterFirst', 'the template gets the PodSpec defaults');
    const bad = kubectl(admin, ['create', '-f', '-'], tpl('t2', 'Sometimes'));
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /The PodTemplate "t2" is invalid: template\.spec\.restartPolicy: .*"Always".*"OnFailure".*"Never"/);
    assert.equal(kubectl(viewer, ['get', 'podtemplates', '-n', 'team-a']).code, 1, 'view does not include podtemplates (as upstream)');
  });

  test('a secret value is not in the server output', async () => {
    const r = await api(s, 'GET', '/api/v1/namespaces/team-a/secrets/s1', { token: s.adminToken });
    assert.equal(r.body.data.password, Buffer.from('hunter2').toString('base64'));
    assert.doesNotMatch(s.output(), /hunter2|aHVudGVyMg/);
  });
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
