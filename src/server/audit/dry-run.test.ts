// Dry runs in the audit trail, through a server process and the real kubectl: every event of a
// `dryRun=All` write carries audit.gatehouse.dev/dry-run: "true" — asked for in the query or in the
// DeleteOptions body, stored or refused (by authorization, or after it by escalation prevention) — and
// the fieldSelector `dryRun!=true` leaves them out, so "what changed" never counts a dry run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changesSelectorTerms } from '../../shared/api/audit-changes';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const BOB = 'bob-token-0123456789abcdef';
const DRY_RUN = 'audit.gatehouse.dev/dry-run';
const DECISION = 'authorization.k8s.io/decision';

describe('dry runs in the audit trail', needs(kubectlBinary), () => {
  let s: TestServer;
  let admin: string;
  const ok = (kc: string, args: string[]) => {
    const r = kubectl(kc, args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  /** events lists the auditevents matching `selector`, newest first, as the admin. */
  const events = async (selector: string): Promise<any[]> => {
    const r = await api(s, 'GET', `/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=${encodeURIComponent(selector)}`, { token: s.adminToken });
    assert.equal(r.status, 200, r.text);
    return r.body.items;
  };

  before(async () => {
    s = await startServerProcess({ tokens: `${BOB},bob,u-bob,"leads"\n` });
    admin = kubeconfigFor(s, 'admin', s.adminToken);
    for (const ns of ['web', 'other']) ok(admin, ['create', 'ns', ns]);
    ok(admin, ['create', 'rolebinding', 'bob-admin', '--clusterrole=admin', '--user=bob', '-n', 'web']);
  });
  after(async () => { await s?.stop(); });

  it('kubectl --dry-run=server create, then the real create: one event each, only the dry run marked', async () => {
    ok(admin, ['create', 'configmap', 'probe', '--from-literal=a=b', '-n', 'web', '--dry-run=server']);
    ok(admin, ['create', 'configmap', 'probe', '--from-literal=a=b', '-n', 'web']);
    const all = await events('objectRef.name=probe,verb=create');
    assert.equal(all.length, 2);
    const [real, dry] = all;
    assert.equal(dry.annotations[DRY_RUN], 'true');
    assert.match(dry.requestURI, /dryRun=All/);
    assert.equal(real.annotations[DRY_RUN], undefined);
    assert.equal(real.responseStatus.code, 201);
    // What changed: the dry run is left out; the dry runs alone: only it.
    assert.deepEqual((await events('objectRef.name=probe,verb=create,dryRun!=true')).map((e) => e.auditID), [real.auditID]);
    assert.deepEqual((await events('objectRef.name=probe,dryRun=true')).map((e) => e.auditID), [dry.auditID]);
  });

  it('a dry-run delete asked for in the DeleteOptions body is marked; the real delete is not', async () => {
    const r = await api(s, 'DELETE', '/api/v1/namespaces/web/configmaps/probe', { token: s.adminToken, body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] } });
    assert.equal(r.status, 200, r.text);
    ok(admin, ['delete', 'configmap', 'probe', '-n', 'web']);
    const [real, dry] = await events('objectRef.name=probe,verb=delete');
    assert.equal(dry.annotations[DRY_RUN], 'true');
    assert.doesNotMatch(dry.requestURI, /dryRun/, 'the body, not the URI, asked for it');
    assert.equal(real.annotations[DRY_RUN], undefined);
  });

  it('a dry run refused by authorization is recorded as a refused dry run', async () => {
    const r = await api(s, 'POST', '/api/v1/namespaces/other/configmaps?dryRun=All', { token: BOB, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nope' } } });
    assert.equal(r.status, 403);
    const [e] = await events('user.username=bob,objectRef.namespace=other,objectRef.resource=configmaps');
    assert.equal(e.annotations[DECISION], 'forbid');
    assert.equal(e.annotations[DRY_RUN], 'true');
    assert.equal(e.responseStatus.code, 403);
  });

  it('a dry run authorized but refused by escalation prevention is a dry run with decision allow and code 403', async () => {
    // bob administers `web`: he may create bindings there, but not to cluster-admin (which he does not hold).
    const r = await api(s, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/web/rolebindings?dryRun=All', {
      token: BOB,
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'grant-check' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'someone', apiGroup: 'rbac.authorization.k8s.io' }] },
    });
    assert.equal(r.status, 403, r.text);
    const [e] = await events('user.username=bob,objectRef.resource=rolebindings,objectRef.name=grant-check');
    assert.equal(e.annotations[DECISION], 'allow');
    assert.equal(e.responseStatus.code, 403);
    assert.equal(e.annotations[DRY_RUN], 'true');
    assert.equal((await events('user.username=bob,objectRef.resource=rolebindings,dryRun!=true')).length, 0);
  });

  it('a read sent with dryRun is not a dry run; a bad dryRun value is refused and marks nothing', async () => {
    const get = await api(s, 'GET', '/api/v1/namespaces/web/configmaps?dryRun=All', { token: s.adminToken });
    assert.equal(get.status, 200);
    const bad = await api(s, 'POST', '/api/v1/namespaces/web/configmaps?dryRun=Some', { token: s.adminToken, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad-dry' } } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /supported values: "All"/);
    const [list] = await events('objectRef.namespace=web,objectRef.resource=configmaps,verb=list');
    assert.equal(list.annotations[DRY_RUN], undefined);
    const refused = (await events('objectRef.namespace=web,objectRef.resource=configmaps,verb=create')).find((e) => e.responseStatus.code === 400);
    assert.ok(refused, 'the refused request was recorded');
    assert.equal(refused.annotations[DRY_RUN], undefined);
  });

  it('the console\'s "changes" selector: the real writes (a refused one too), not the dry runs, reads or reviews', async () => {
    await api(s, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: BOB, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'web' } } } });
    await api(s, 'GET', '/api/v1/namespaces/web/configmaps', { token: BOB });
    const changes = await events([`user.username=bob`, ...changesSelectorTerms()].join(','));
    assert.deepEqual(changes, [], 'bob changed nothing: one refused dry run each, a review and a read');
    const admins = await events(['user.username=admin', 'objectRef.namespace=web', 'objectRef.resource=configmaps', ...changesSelectorTerms({ resource: true })].join(','));
    assert.deepEqual(admins.map((e) => `${e.verb} ${e.objectRef.name ?? ''} ${e.responseStatus.code}`), ['create  400', 'delete probe 200', 'create probe 201']);
  });

  it('kubectl reads the dry runs with --field-selector dryRun=true', () => {
    // (The create refused by authorization names no object: its body was never read.)
    const out = JSON.parse(ok(admin, ['get', 'auditevents', '-A', '--field-selector', 'dryRun=true', '-o', 'json']));
    const names = out.items.map((e: any) => `${e.verb} ${e.objectRef?.resource} ${e.objectRef?.name ?? ''}`.trim());
    assert.deepEqual(names.sort(), ['create configmaps probe', 'create configmaps', 'create rolebindings grant-check', 'delete configmaps probe'].sort());
    // -o wide has a Dry Run column.
    const wide = ok(admin, ['get', 'auditevents', '-n', 'web', '--field-selector', 'objectRef.name=probe,verb!=get', '-o', 'wide']).trim().split('\n');
    assert.match(wide[0], /DRY RUN$/);
    assert.deepEqual(wide.slice(1).map((l) => l.trim().split(/\s+/).pop()).sort(), ['false', 'false', 'true', 'true'], wide.join('\n'));
  });
});
