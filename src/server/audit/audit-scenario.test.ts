// The audit trail's must-show scenario through the real kubectl against a server process: a developer
// (alice) starts a pod running as service account `builder`; a token bound to that pod creates a
// ConfigMap; the events tie that action back to alice. Also: who may read which events, and that
// denied requests are recorded with decision `forbid`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdef';
const CAROL = 'carol-token-0123456789abcdef';
const SA = 'system:serviceaccount:web:builder';

describe('audit trail scenario (kubectl)', needs(kubectlBinary), () => {
  let s: TestServer;
  let admin: string;
  let alice: string;
  let bob: string;
  let carol: string;
  let builder: string;
  const ok = (kc: string, args: string[], input?: string) => {
    const r = kubectl(kc, args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  /** events lists auditevents as `kc` with a field selector (all namespaces). */
  const events = (kc: string, selector: string, extra: string[] = []): any[] => JSON.parse(ok(kc, ['get', 'auditevents', '-A', '--field-selector', selector, '-o', 'json', ...extra])).items;

  before(async () => {
    s = await startServerProcess({ tokens: `${ALICE},alice,u-alice,"devs"\n${BOB},bob,u-bob,"leads"\n${CAROL},carol,u-carol,"devs"\n` });
    admin = kubeconfigFor(s, 'admin', s.adminToken);
    alice = kubeconfigFor(s, 'alice', ALICE, 'web');
    bob = kubeconfigFor(s, 'bob', BOB, 'web');
    carol = kubeconfigFor(s, 'carol', CAROL, 'web');
    for (const ns of ['web', 'other']) ok(admin, ['create', 'ns', ns]);
    ok(admin, ['create', 'rolebinding', 'alice-dev', '--clusterrole=developer', '--user=alice', '-n', 'web']);
    ok(admin, ['create', 'rolebinding', 'carol-dev', '--clusterrole=developer', '--user=carol', '-n', 'web']);
    ok(admin, ['create', 'rolebinding', 'bob-admin', '--clusterrole=admin', '--user=bob', '-n', 'web']);
    ok(admin, ['create', 'sa', 'builder', '-n', 'web']);
    ok(admin, ['create', 'role', 'cm-writer', '--verb=create,get,list', '--resource=configmaps', '-n', 'web']);
    ok(admin, ['create', 'rolebinding', 'builder-cm', '--role=cm-writer', '--serviceaccount=web:builder', '-n', 'web']);
    ok(admin, ['create', 'configmap', 'elsewhere', '--from-literal=a=b', '-n', 'other']);
  });
  after(async () => { await s?.stop(); });

  let jti = '';

  it('a token bound to alice\'s pod creates a ConfigMap; its event ties the service account back to alice', () => {
    assert.match(ok(alice, ['run', 'job1', '--image=busybox', '--overrides={"spec":{"serviceAccountName":"builder"}}']), /pod\/job1 created/);
    const token = ok(admin, ['create', 'token', 'builder', '-n', 'web', '--bound-object-kind', 'Pod', '--bound-object-name', 'job1']).trim();
    builder = kubeconfigFor(s, 'builder', token, 'web');
    assert.match(ok(builder, ['create', 'configmap', 'built', '--from-literal=result=ok']), /configmap\/built created/);

    const [cm] = events(admin, 'objectRef.resource=configmaps,objectRef.name=built,verb=create');
    assert.ok(cm, 'the configmap create was recorded');
    assert.equal(cm.kind, 'AuditEvent');
    assert.equal(cm.metadata.name, cm.auditID);
    assert.equal(cm.metadata.namespace, 'web');
    assert.equal(cm.stage, 'ResponseComplete');
    assert.equal(cm.user.username, SA);
    assert.deepEqual(cm.user.extra['authentication.kubernetes.io/pod-name'], ['job1']);
    assert.match(cm.user.extra['authentication.kubernetes.io/pod-uid'][0], /^[0-9a-f-]{36}$/);
    const cred = cm.user.extra['authentication.kubernetes.io/credential-id'][0];
    assert.match(cred, /^JTI=[0-9a-f-]{36}$/);
    jti = cred;
    assert.equal(cm.annotations['audit.gatehouse.dev/originating-user'], 'alice');
    assert.equal(cm.annotations['authorization.k8s.io/decision'], 'allow');
    assert.match(cm.annotations['authorization.k8s.io/reason'], /RoleBinding "builder-cm\/web"/);
    assert.equal(cm.responseStatus.code, 201);
    assert.deepEqual(cm.sourceIPs, ['127.0.0.1']);
    assert.match(cm.userAgent, /^kubectl/);
    assert.ok(cm.requestReceivedTimestamp <= cm.stageTimestamp);
  });

  it('the TokenRequest event carries the same id as issued-credential-id, and no token', () => {
    const [tr] = events(admin, 'objectRef.resource=serviceaccounts,objectRef.subresource=token,objectRef.name=builder');
    assert.ok(tr, 'the TokenRequest was recorded');
    assert.equal(tr.user.username, 'admin');
    assert.equal(tr.annotations['authentication.kubernetes.io/issued-credential-id'], jti);
    assert.equal(tr.level, 'Metadata');
    assert.equal(tr.responseObject, undefined);
    assert.doesNotMatch(JSON.stringify(tr), /eyJ/);
  });

  it('alice\'s "mine" view returns her own actions and her pod\'s service account\'s', () => {
    const mine = events(alice, 'originatingUser=alice');
    const podCreate = mine.find((e) => e.verb === 'create' && e.objectRef?.resource === 'pods' && e.objectRef?.name === 'job1');
    assert.ok(podCreate, 'her pod create');
    assert.equal(podCreate.user.username, 'alice');
    assert.equal(podCreate.level, 'RequestResponse');
    assert.equal(podCreate.requestObject.spec.serviceAccountName, 'builder');
    // The built-in policy omits managed fields from bodies; the rest of the stored pod is there.
    assert.equal(podCreate.responseObject.metadata.name, 'job1');
    assert.ok(podCreate.responseObject.metadata.uid);
    assert.equal(podCreate.responseObject.metadata.managedFields, undefined);
    assert.equal(podCreate.annotations['security.gatehouse.dev/profile'], 'restricted');
    assert.ok(mine.some((e) => e.user.username === SA && e.objectRef?.name === 'built'), 'the service account\'s configmap create');
    assert.ok(mine.every((e) => e.annotations['audit.gatehouse.dev/originating-user'] === 'alice'));
    // Newest first.
    const seqs = mine.map((e) => Number(e.metadata.resourceVersion));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
    // The same through the table kubectl prints.
    const table = ok(alice, ['get', 'auditevents', '-A', '--field-selector', 'originatingUser=alice,verb=create']);
    assert.match(table, /^NAMESPACE\s+NAME\s+TIME\s+USER\s+VERB\s+RESOURCE\s+OBJECT\s+CODE\s+DECISION\s+ORIGINATING USER/m);
    assert.match(table, new RegExp(`^web\\s+\\S+\\s+\\S+\\s+${SA}\\s+create\\s+configmaps\\s+built\\s+201\\s+allow\\s+alice`, 'm'));
  });

  it('a developer listing all events (or her namespace\'s, or someone else\'s) gets 403, and that is recorded as forbid', () => {
    for (const args of [['get', 'auditevents', '-A'], ['get', 'auditevents', '-n', 'web'], ['get', 'auditevents', '-A', '--field-selector', 'originatingUser=bob']]) {
      const r = kubectl(carol, args);
      assert.equal(r.code, 1, `${args.join(' ')} should be refused`);
      assert.match(r.stderr, /Forbidden.*cannot list resource "auditevents" in API group "audit.gatehouse.dev"/);
    }
    const denied = events(admin, 'user.username=carol,decision=forbid,objectRef.resource=auditevents');
    assert.equal(denied.length, 3);
    for (const e of denied) {
      assert.equal(e.responseStatus.code, 403);
      assert.equal(e.annotations['authorization.k8s.io/decision'], 'forbid');
    }
    // Carol's own (empty-handed) attempts are hers to see.
    assert.equal(events(carol, 'user.username=carol,decision=forbid').length, 3);
  });

  it('denied requests are audited with decision forbid', () => {
    const r = kubectl(alice, ['get', 'secrets']);
    assert.equal(r.code, 1);
    const [e] = events(admin, 'user.username=alice,objectRef.resource=secrets,decision=forbid');
    assert.ok(e, 'the refused secret list was recorded');
    assert.equal(e.verb, 'list');
    assert.equal(e.objectRef.namespace, 'web');
    assert.equal(e.responseStatus.code, 403);
    assert.equal(e.responseStatus.reason, 'Forbidden');
    assert.match(e.responseStatus.message, /cannot list resource "secrets"/);
  });

  it('a namespace admin reads their namespace\'s events only', () => {
    const web = JSON.parse(ok(bob, ['get', 'auditevents', '-n', 'web', '-o', 'json'])).items;
    assert.ok(web.length > 5);
    assert.ok(web.every((e: any) => e.objectRef?.namespace === 'web'));
    assert.ok(web.some((e: any) => e.user.username === SA));
    for (const args of [['get', 'auditevents', '-n', 'other'], ['get', 'auditevents', '-A']]) {
      assert.equal(kubectl(bob, args).code, 1, `${args.join(' ')} should be refused`);
    }
  });

  it('a cluster admin reads everything, filtered and paginated', () => {
    const all = events(admin, 'objectRef.namespace=other');
    assert.ok(all.some((e) => e.objectRef?.name === 'elsewhere'));
    // kubectl pages with limit/continue; a small --chunk-size forces several pages.
    const paged = JSON.parse(ok(admin, ['get', 'auditevents', '-A', '--chunk-size=3', '-o', 'json'])).items;
    const ids = paged.map((e: any) => e.auditID);
    assert.equal(new Set(ids).size, ids.length, 'no event twice across pages');
    assert.ok(ids.length > 20);
  });

  it('impersonation ("view as") records both identities and attributes the action to the admin', () => {
    ok(admin, ['get', 'pods', '-n', 'web', '--as', 'alice']);
    const [e] = events(admin, 'user.username=admin,verb=list,objectRef.resource=pods', ['--chunk-size=0']);
    assert.equal(e.impersonatedUser.username, 'alice');
    assert.equal(e.annotations['audit.gatehouse.dev/originating-user'], 'admin');
    // "View as alice" shows alice's own trail, not the admin's actions as her.
    const asAlice = JSON.parse(ok(admin, ['get', 'auditevents', '-A', '--field-selector', 'originatingUser=alice', '--as', 'alice', '-o', 'json'])).items;
    assert.ok(asAlice.length > 0);
    assert.ok(!asAlice.some((x: any) => x.auditID === e.auditID));
  });

  it('kubectl get -w streams new events of the "mine" view', async () => {
    const child = spawn('kubectl', ['--kubeconfig', alice, '--cache-dir', `${alice}.cache`, 'get', 'auditevents', '-A', '-w', '--field-selector', 'originatingUser=alice,verb=create', '--request-timeout', '30s']);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    try {
      await waitFor(() => /job1/.test(out), 15_000);
      ok(builder, ['create', 'configmap', 'watched', '--from-literal=a=b']);
      await waitFor(() => /watched/.test(out), 15_000);
      assert.match(out, new RegExp(`${SA}\\s+create\\s+configmaps\\s+watched\\s+201\\s+allow\\s+alice`));
    } finally {
      child.kill();
    }
  });

  it('auditevents are read-only', async () => {
    const r = await api(s, 'POST', '/apis/audit.gatehouse.dev/v1/auditevents', { token: s.adminToken, body: { kind: 'AuditEvent' } });
    assert.equal(r.status, 405);
    const bad = await api(s, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=spec.foo%3Dx', { token: s.adminToken });
    assert.equal(bad.status, 400);
    const since = await api(s, 'GET', '/apis/audit.gatehouse.dev/v1/auditevents?since=yesterday', { token: s.adminToken });
    assert.equal(since.status, 400);
  });
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
