// Adversarial suite, class "escalation": a subject with a narrow power over RBAC, users or groups tries
// to turn it into more (aggregation rules, aggregating labels, bindings to roles that do not exist yet,
// reserved `system:` names, group membership), and the admin's own mistakes that upstream refuses
// (deleting system namespaces; a deleted user's bindings passing to a new user of the same name).
// Every case runs against a real server with the demo organisation and asserts the refusal and that
// nothing changed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AGGREGATE_LABEL } from '../authz/bootstrap-policy';
import { binding, clusterRole, demoPassword, expectRefused, grant, group, ok, personalToken, RBAC, startTarget, tokenOf, user, type AttackCase, type Target } from './attacker';

const IAM = '/apis/iam.gatehouse.dev/v1';
const CR = `/apis/${RBAC}/v1/clusterroles`;
const CRB = `/apis/${RBAC}/v1/clusterrolebindings`;
const RB = (ns: string) => `/apis/${RBAC}/v1/namespaces/${ns}/rolebindings`;
const MERGE = 'application/merge-patch+json';
const JSONPATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';
const ALL_RULES = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];
const aggRule = (sel: Record<string, unknown>) => ({ aggregationRule: { clusterRoleSelectors: [sel] } });
const toAdmin = { matchLabels: { [AGGREGATE_LABEL('admin')]: 'true' } };

describe('escalation', () => {
  let t: Target;
  before(async () => {
    t = await startTarget();
    await grant(t, 'role-writer', [
      { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      // escalate on one role only: it may hold anything, but may not widen other roles through labels.
      { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['escalate'], resourceNames: ['mine'] },
    ]);
    await grant(t, 'binder', [
      { apiGroups: [RBAC], resources: ['rolebindings', 'clusterrolebindings'], verbs: ['get', 'list', 'create', 'update', 'patch'] },
    ]);
    await grant(t, 'iam-writer', [
      { apiGroups: ['iam.gatehouse.dev'], resources: ['users', 'groups'], verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'] },
    ]);
    ok(await t.admin('POST', CR, clusterRole('writer-own', [])), 'writer-own');
    ok(await t.admin('POST', `/apis/${RBAC}/v1/namespaces/web/roles`, { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'empty' }, rules: [] }), 'role empty');
    ok(await t.admin('POST', RB('web'), binding('binder-existing', 'Role', 'empty', [])), 'binder-existing');
    for (const g of ['ops', 'web-devs', 'harmless']) ok(await t.admin('POST', `${IAM}/groups`, { metadata: { name: g }, users: [] }), `group ${g}`);
    ok(await t.admin('POST', CRB, binding('ops-admin', 'ClusterRole', 'cluster-admin', [group('ops')])), 'ops-admin');
    ok(await t.admin('POST', CRB, binding('future-admins', 'ClusterRole', 'cluster-admin', [group('future-admins')])), 'future-admins');
    ok(await t.admin('POST', RB('web'), binding('web-devs', 'ClusterRole', 'developer', [group('web-devs')])), 'web-devs');
    ok(await t.admin('POST', `${IAM}/users`, { metadata: { name: 'mallory' }, spec: { fullName: 'Mallory' } }), 'mallory');
  });
  after(async () => { await t?.stop(); });

  describe('aggregation rules need full authority; aggregating labels may not widen roles the writer lacks', () => {
    const watched = [`${CR}/admin`, `${CR}/developer`, `${CR}/view`, `${CR}/writer-own`];
    const cases: AttackCase[] = [
      { name: 'create a ClusterRole aggregating admin', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('agg-1', [], aggRule(toAdmin)), expect: [403], unchanged: [`${CR}/agg-1`] },
      { name: 'create a ClusterRole aggregating admin (dry run)', who: 'role-writer', method: 'POST', path: `${CR}?dryRun=All`, body: clusterRole('agg-2', [], aggRule(toAdmin)), expect: [403], unchanged: [`${CR}/agg-2`] },
      { name: 'create a ClusterRole with an empty selector (matches every role)', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('agg-3', [], aggRule({})), expect: [403], unchanged: [`${CR}/agg-3`] },
      { name: 'create a ClusterRole selecting by an Exists expression', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('agg-4', [], aggRule({ matchExpressions: [{ key: AGGREGATE_LABEL('admin'), operator: 'Exists' }] })), expect: [403], unchanged: [`${CR}/agg-4`] },
      { name: 'create a ClusterRole selecting the cluster-admin-like system roles', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('agg-5', [], aggRule({ matchLabels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } })), expect: [403], unchanged: [`${CR}/agg-5`] },
      { name: 'create a ClusterRole with an aggregation rule and an empty selector list', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('agg-6', [], { aggregationRule: { clusterRoleSelectors: [{}, toAdmin] } }), expect: [403], unchanged: [`${CR}/agg-6`] },
      { name: 'create a ClusterRole with an empty aggregation rule', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('agg-8', [], { aggregationRule: {} }), expect: [403, 422], unchanged: [`${CR}/agg-8`] },
      { name: 'create a ClusterRole with null selectors', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('agg-9', [], { aggregationRule: { clusterRoleSelectors: null } }), expect: [403, 422], unchanged: [`${CR}/agg-9`] },
      { name: 'create a ClusterRole with a malformed selector (bad operator)', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('agg-10', [], aggRule({ matchExpressions: [{ key: 'a', operator: 'Near' }] })), expect: [403, 422], unchanged: [`${CR}/agg-10`] },
      { name: 'merge-patch an aggregation rule onto a held role', who: 'role-writer', method: 'PATCH', path: `${CR}/writer-own`, contentType: MERGE, body: aggRule(toAdmin), expect: [403], unchanged: watched },
      { name: 'JSON-patch an aggregation rule onto a held role', who: 'role-writer', method: 'PATCH', path: `${CR}/writer-own`, contentType: JSONPATCH, body: [{ op: 'add', path: '/aggregationRule', value: { clusterRoleSelectors: [toAdmin] } }], expect: [403], unchanged: watched },
      { name: 'strategic-patch an aggregation rule onto a held role', who: 'role-writer', method: 'PATCH', path: `${CR}/writer-own`, contentType: STRATEGIC, body: aggRule(toAdmin), expect: [403], unchanged: watched },
      { name: 'merge-patch an aggregation rule (dry run)', who: 'role-writer', method: 'PATCH', path: `${CR}/writer-own?dryRun=All`, contentType: MERGE, body: aggRule(toAdmin), expect: [403], unchanged: watched },
      { name: 'replace a held role with one carrying an aggregation rule', who: 'role-writer', method: 'PUT', path: `${CR}/writer-own`, body: clusterRole('writer-own', [], aggRule(toAdmin)), expect: [403], unchanged: watched },
      { name: 'server-side apply a new aggregating role', who: 'role-writer', method: 'PATCH', path: `${CR}/agg-7?fieldManager=x`, contentType: APPLY, body: JSON.stringify(clusterRole('agg-7', [], aggRule(toAdmin))), expect: [403], unchanged: [`${CR}/agg-7`] },
      { name: 'server-side apply an aggregation rule onto a held role', who: 'role-writer', method: 'PATCH', path: `${CR}/writer-own?fieldManager=x&force=true`, contentType: APPLY, body: JSON.stringify(clusterRole('writer-own', [], aggRule(toAdmin))), expect: [403], unchanged: watched },
      { name: 'change the selectors of the aggregated developer role', who: 'role-writer', method: 'PATCH', path: `${CR}/developer`, contentType: MERGE, body: aggRule(toAdmin), expect: [403], unchanged: watched },
      { name: 'label a held role so that it aggregates into admin with rules not held', who: 'role-writer', method: 'PATCH', path: `${CR}/writer-own`, contentType: MERGE, body: { metadata: { labels: { [AGGREGATE_LABEL('admin')]: 'true' } }, rules: ALL_RULES }, expect: [403], unchanged: watched },
      { name: 'escalate on "mine" does not let it aggregate everything into developer', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('mine', ALL_RULES, { labels: { [AGGREGATE_LABEL('developer')]: 'true' } }), expect: [403], unchanged: [...watched, `${CR}/mine`] },
      { name: 'escalate on "mine" does not let it aggregate secrets into view', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('mine', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }], { labels: { [AGGREGATE_LABEL('view')]: 'true' } }), expect: [403], unchanged: [...watched, `${CR}/mine`] },
      { name: 'escalate on "mine" does not let it aggregate into admin (dry run)', who: 'role-writer', method: 'POST', path: `${CR}?dryRun=All`, body: clusterRole('mine', ALL_RULES, { labels: { [AGGREGATE_LABEL('admin')]: 'true' } }), expect: [403], unchanged: [...watched, `${CR}/mine`] },
      { name: 'escalate on "mine" with an aggregation rule that pulls admin in and a label that pushes it into view', who: 'role-writer', method: 'POST', path: CR, body: clusterRole('mine', [], { labels: { [AGGREGATE_LABEL('view')]: 'true' }, ...aggRule(toAdmin) }), expect: [403], unchanged: [...watched, `${CR}/mine`] },
    ];
    for (const c of cases) test(c.name, () => expectRefused(t, c).then(() => undefined));

    test('control: escalate on "mine" still lets it hold anything without aggregating', async () => {
      ok(await t.as('tok-role-writer-0123456789', 'POST', CR, { body: clusterRole('mine', ALL_RULES) }), 'create mine');
      // ...and then labelling it into developer is refused, with developer unchanged.
      await expectRefused(t, { name: 'label mine into developer', who: 'role-writer', method: 'PATCH', path: `${CR}/mine`, contentType: MERGE, body: { metadata: { labels: { [AGGREGATE_LABEL('developer')]: 'true' } } }, expect: [403], unchanged: [...watched, `${CR}/mine`] });
    });
  });

  describe('a binding to a role that does not exist needs bind', () => {
    const cases: AttackCase[] = [
      { name: 'RoleBinding to a missing Role', who: 'binder', method: 'POST', path: RB('web'), body: binding('ghost-1', 'Role', 'ghost', [user('binder')]), expect: [403], unchanged: [`${RB('web')}/ghost-1`] },
      { name: 'RoleBinding to a missing ClusterRole', who: 'binder', method: 'POST', path: RB('web'), body: binding('ghost-2', 'ClusterRole', 'ghost', [user('binder')]), expect: [403], unchanged: [`${RB('web')}/ghost-2`] },
      { name: 'ClusterRoleBinding to a missing ClusterRole', who: 'binder', method: 'POST', path: CRB, body: binding('ghost-3', 'ClusterRole', 'ghost', [user('binder')]), expect: [403], unchanged: [`${CRB}/ghost-3`] },
      { name: 'ClusterRoleBinding to a missing ClusterRole (dry run)', who: 'binder', method: 'POST', path: `${CRB}?dryRun=All`, body: binding('ghost-4', 'ClusterRole', 'ghost', [user('binder')]), expect: [403], unchanged: [`${CRB}/ghost-4`] },
      { name: 'RoleBinding to a Role named like an existing ClusterRole', who: 'binder', method: 'POST', path: RB('web'), body: binding('ghost-5', 'Role', 'cluster-admin', [user('binder')]), expect: [403], unchanged: [`${RB('web')}/ghost-5`] },
      { name: 'RoleBinding to a Role that exists only in another namespace', who: 'binder', method: 'POST', path: RB('payments'), body: binding('ghost-6', 'Role', 'empty', [user('binder')]), expect: [403], unchanged: [`${RB('payments')}/ghost-6`] },
      { name: 'RoleBinding to a missing Role for a group', who: 'binder', method: 'POST', path: RB('web'), body: binding('ghost-7', 'Role', 'later-admin', [group('system:authenticated')]), expect: [403], unchanged: [`${RB('web')}/ghost-7`] },
      { name: 'ClusterRoleBinding to a missing ClusterRole for every service account', who: 'binder', method: 'POST', path: CRB, body: binding('ghost-8', 'ClusterRole', 'later', [group('system:serviceaccounts')]), expect: [403], unchanged: [`${CRB}/ghost-8`] },
      { name: 'server-side apply a binding to a missing role', who: 'binder', method: 'PATCH', path: `${RB('web')}/ghost-9?fieldManager=x`, contentType: APPLY, body: JSON.stringify({ ...binding('ghost-9', 'Role', 'ghost', [user('binder')], 'web'), kind: 'RoleBinding' }), expect: [403], unchanged: [`${RB('web')}/ghost-9`] },
      { name: 'replace an existing binding, pointing it at a missing role', who: 'binder', method: 'PUT', path: `${RB('web')}/binder-existing`, body: binding('binder-existing', 'Role', 'ghost', [user('binder')], 'web'), expect: [403, 422], unchanged: [`${RB('web')}/binder-existing`] },
      { name: 'ClusterRoleBinding to a missing ClusterRole with a system-looking name', who: 'binder', method: 'POST', path: CRB, body: binding('ghost-10', 'ClusterRole', 'system:future', [user('binder')]), expect: [403], unchanged: [`${CRB}/ghost-10`] },
    ];
    for (const c of cases) test(c.name, () => expectRefused(t, c).then(() => undefined));

    test('control: a binding to an existing role whose rules the writer holds is allowed', async () => {
      ok(await t.as('tok-binder-0123456789', 'POST', RB('web'), { body: binding('fine', 'Role', 'empty', [user('binder')]) }), 'bind empty');
    });
  });

  describe('system: users and groups are reserved', () => {
    const names = ['system:admin', 'system:kube-scheduler', 'system:node:node-9', 'system:serviceaccount:web:builder', 'system:anonymous'];
    const groups = ['system:masters', 'system:authenticated', 'system:nodes', 'system:serviceaccounts', 'system:serviceaccounts:web'];
    const cases: AttackCase[] = [
      ...names.map((n): AttackCase => ({ name: `create user ${n}`, who: 'iam-writer', method: 'POST', path: `${IAM}/users`, body: { metadata: { name: n } }, expect: [403, 422], unchanged: [`${IAM}/users/${n}`] })),
      ...groups.map((g): AttackCase => ({ name: `create group ${g} holding mallory`, who: 'iam-writer', method: 'POST', path: `${IAM}/groups`, body: { metadata: { name: g }, users: ['mallory'] }, expect: [403, 422], unchanged: [`${IAM}/groups/${g}`] })),
      { name: 'even the cluster admin cannot create group system:masters', who: 'admin', method: 'POST', path: `${IAM}/groups`, body: { metadata: { name: 'system:masters' }, users: ['mallory'] }, expect: [403, 422], unchanged: [`${IAM}/groups/system:masters`] },
      { name: 'merge-patch mallory into system:masters through spec.groups', who: 'iam-writer', method: 'PATCH', path: `${IAM}/users/mallory`, contentType: MERGE, body: { spec: { groups: ['system:masters'] } }, expect: [403, 422], unchanged: [`${IAM}/users/mallory`] },
      { name: 'JSON-patch mallory into system:masters', who: 'iam-writer', method: 'PATCH', path: `${IAM}/users/mallory`, contentType: JSONPATCH, body: [{ op: 'add', path: '/spec/groups', value: ['system:masters'] }], expect: [403, 422], unchanged: [`${IAM}/users/mallory`] },
      { name: 'replace mallory with spec.groups system:masters', who: 'iam-writer', method: 'PUT', path: `${IAM}/users/mallory`, body: { metadata: { name: 'mallory' }, spec: { fullName: 'Mallory', groups: ['system:masters'] } }, expect: [403, 422], unchanged: [`${IAM}/users/mallory`] },
      { name: 'create a user already in system:masters', who: 'iam-writer', method: 'POST', path: `${IAM}/users`, body: { metadata: { name: 'eve' }, spec: { groups: ['system:masters'] } }, expect: [403, 422], unchanged: [`${IAM}/users/eve`] },
      { name: 'create a user with null groups and a reserved-looking name in another case', who: 'iam-writer', method: 'POST', path: `${IAM}/users`, body: { metadata: { name: 'System:admin' }, spec: { groups: null } }, expect: [422], unchanged: [`${IAM}/users/System:admin`] },
      { name: 'create a user in system:nodes', who: 'iam-writer', method: 'POST', path: `${IAM}/users`, body: { metadata: { name: 'eve' }, spec: { groups: ['system:nodes'] } }, expect: [403, 422], unchanged: [`${IAM}/users/eve`] },
      { name: 'the cluster admin cannot put a user into system:masters either (dry run)', who: 'admin', method: 'PATCH', path: `${IAM}/users/mallory?dryRun=All`, contentType: MERGE, body: { spec: { groups: ['system:masters'] } }, expect: [403, 422], unchanged: [`${IAM}/users/mallory`] },
    ];
    for (const c of cases) test(c.name, () => expectRefused(t, c).then(() => undefined));
  });

  describe('adding someone to a group is binding that group\'s roles', () => {
    const watched = [`${IAM}/groups/ops`, `${IAM}/groups/web-devs`, `${IAM}/users/mallory`];
    const cases: AttackCase[] = [
      { name: 'merge-patch mallory into group ops (cluster-admin)', who: 'iam-writer', method: 'PATCH', path: `${IAM}/groups/ops`, contentType: MERGE, body: { users: ['mallory'] }, expect: [403], unchanged: watched },
      { name: 'JSON-patch mallory into group ops', who: 'iam-writer', method: 'PATCH', path: `${IAM}/groups/ops`, contentType: JSONPATCH, body: [{ op: 'add', path: '/users/-', value: 'mallory' }], expect: [403], unchanged: watched },
      { name: 'replace group ops with mallory in it', who: 'iam-writer', method: 'PUT', path: `${IAM}/groups/ops`, body: { metadata: { name: 'ops' }, users: ['mallory'] }, expect: [403], unchanged: watched },
      { name: 'merge-patch mallory into ops (dry run)', who: 'iam-writer', method: 'PATCH', path: `${IAM}/groups/ops?dryRun=All`, contentType: MERGE, body: { users: ['mallory'] }, expect: [403], unchanged: watched },
      { name: 'create group future-admins (bound to cluster-admin before it existed) with mallory', who: 'iam-writer', method: 'POST', path: `${IAM}/groups`, body: { metadata: { name: 'future-admins' }, users: ['mallory'] }, expect: [403], unchanged: [...watched, `${IAM}/groups/future-admins`] },
      { name: 'merge-patch mallory into group web-devs (developer in web)', who: 'iam-writer', method: 'PATCH', path: `${IAM}/groups/web-devs`, contentType: MERGE, body: { users: ['mallory'] }, expect: [403], unchanged: watched },
      { name: 'add group ops to mallory\'s spec.groups', who: 'iam-writer', method: 'PATCH', path: `${IAM}/users/mallory`, contentType: MERGE, body: { spec: { groups: ['ops'] } }, expect: [403], unchanged: watched },
      { name: 'add group future-admins to mallory\'s spec.groups', who: 'iam-writer', method: 'PATCH', path: `${IAM}/users/mallory`, contentType: MERGE, body: { spec: { groups: ['future-admins'] } }, expect: [403], unchanged: watched },
      { name: 'replace mallory with spec.groups web-devs', who: 'iam-writer', method: 'PUT', path: `${IAM}/users/mallory`, body: { metadata: { name: 'mallory' }, spec: { fullName: 'Mallory', groups: ['web-devs'] } }, expect: [403], unchanged: watched },
      { name: 'create a new user already in group ops', who: 'iam-writer', method: 'POST', path: `${IAM}/users`, body: { metadata: { name: 'trent' }, spec: { groups: ['ops'] } }, expect: [403], unchanged: [...watched, `${IAM}/users/trent`] },
      { name: 'bob (admin of payments) cannot add alice to ops either', who: 'bob', method: 'PATCH', path: `${IAM}/groups/ops`, contentType: MERGE, body: { users: ['alice'] }, expect: [403], unchanged: watched },
    ];
    let extra: Record<string, string> = {};
    before(async () => {
      extra = { bob: await personalToken(t, 'bob', demoPassword(t, 'bob')) };
    });
    for (const c of cases) test(c.name, () => expectRefused(t, c, extra).then(() => undefined));

    test('control: adding mallory to a group without bindings is allowed', async () => {
      ok(await t.as('tok-iam-writer-0123456789', 'PATCH', `${IAM}/groups/harmless`, { body: { users: ['mallory'] }, contentType: MERGE }), 'harmless');
    });
  });

  describe('system namespaces cannot be deleted', () => {
    const cases: AttackCase[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'].flatMap((ns): AttackCase[] => [
      { name: `delete namespace ${ns}`, who: 'admin', method: 'DELETE', path: `/api/v1/namespaces/${ns}`, expect: [403], unchanged: [`/api/v1/namespaces/${ns}`], message: /may not be deleted/ },
      { name: `delete namespace ${ns} (dry run)`, who: 'admin', method: 'DELETE', path: `/api/v1/namespaces/${ns}?dryRun=All`, expect: [403], unchanged: [`/api/v1/namespaces/${ns}`], message: /may not be deleted/ },
    ]);
    for (const c of cases) test(c.name, () => expectRefused(t, c).then(() => undefined));
    test('deleting default through a collection delete is refused too', async () => {
      const r = await t.admin('DELETE', '/api/v1/namespaces?labelSelector=kubernetes.io/metadata.name%3Ddefault');
      assert.ok(r.status === 403 || r.status === 405, `${r.status} ${r.text}`);
      ok(await t.admin('GET', '/api/v1/namespaces/default'), 'default still there');
    });
  });

  // A user's status (password set, last sign-in) is the system's to report ("status only through the
  // system"), shown by the console's user page; a user writer's create cannot claim it.
  describe('a user\'s status is the system\'s', () => {
    test('iam-writer creates a user claiming a password and a recent sign-in: the status is dropped', async () => {
      const body = { metadata: { name: 'dora' }, spec: { fullName: 'Dora' }, status: { passwordSet: true, lastLogin: '2026-12-01T09:00:00Z' } };
      const r = ok(await t.as(tokenOf(t, 'iam-writer'), 'POST', `${IAM}/users`, { body }), 'create dora');
      assert.equal(r.body.status?.passwordSet, undefined, JSON.stringify(r.body.status));
      assert.equal(r.body.status?.lastLogin, undefined);
      const stored = (await t.admin('GET', `${IAM}/users/dora`)).body;
      assert.equal(stored.status?.passwordSet, undefined, JSON.stringify(stored.status));
      assert.equal(stored.status?.lastLogin, undefined);
    });
    test('nor can a PUT or a merge patch change it', async () => {
      const cur = (await t.admin('GET', `${IAM}/users/dora`)).body;
      const put = await t.as(tokenOf(t, 'iam-writer'), 'PUT', `${IAM}/users/dora`, { body: { ...cur, status: { passwordSet: true } } });
      assert.ok(put.status < 300, put.text.slice(0, 300));
      const patch = await t.as(tokenOf(t, 'iam-writer'), 'PATCH', `${IAM}/users/dora`, { body: { status: { lastLogin: '2026-12-01T09:00:00Z' } }, contentType: MERGE });
      assert.ok(patch.status < 300, patch.text.slice(0, 300));
      const stored = (await t.admin('GET', `${IAM}/users/dora`)).body;
      assert.equal(stored.status?.passwordSet, undefined);
      assert.equal(stored.status?.lastLogin, undefined);
    });
  });

  describe('deleting a user removes them from bindings and groups', () => {
    const SAR = (u: string, verb: string, resource: string, namespace?: string) => t.admin('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: u, groups: ['system:authenticated'], resourceAttributes: { verb, resource, namespace } },
    });
    let deleteAuditID = '';
    before(async () => {
      ok(await t.admin('POST', `${IAM}/users`, { metadata: { name: 'carol' } }), 'carol');
      ok(await t.admin('POST', RB('web'), binding('carol-admin', 'ClusterRole', 'admin', [user('carol'), user('alice')])), 'carol-admin');
      ok(await t.admin('POST', RB('payments'), binding('carol-only', 'ClusterRole', 'developer', [user('carol')])), 'carol-only');
      ok(await t.admin('POST', CRB, binding('carol-view', 'ClusterRole', 'view', [user('carol')])), 'carol-view');
      ok(await t.admin('POST', `${IAM}/groups`, { metadata: { name: 'carols' }, users: ['carol', 'alice'] }), 'group carols');
      const d = ok(await t.admin('DELETE', `${IAM}/users/carol`), 'delete carol');
      deleteAuditID = String(d.headers['audit-id']);
      ok(await t.admin('POST', `${IAM}/users`, { metadata: { name: 'carol' } }), 'a new carol');
    });
    const checks: { name: string; run: () => Promise<void> }[] = [
      { name: 'the new carol may not administer web', run: async () => assert.equal((await SAR('carol', 'create', 'rolebindings', 'web')).body.status.allowed, false) },
      { name: 'the new carol may not create pods in payments', run: async () => assert.equal((await SAR('carol', 'create', 'pods', 'payments')).body.status.allowed, false) },
      { name: 'the new carol may not list namespaces cluster-wide', run: async () => assert.equal((await SAR('carol', 'list', 'pods')).body.status.allowed, false) },
      { name: 'the shared binding lost carol and kept alice', run: async () => assert.deepEqual((await t.admin('GET', `${RB('web')}/carol-admin`)).body.subjects.map((x: any) => x.name), ['alice']) },
      { name: 'a binding left without subjects is gone', run: async () => assert.equal((await t.admin('GET', `${RB('payments')}/carol-only`)).status, 404) },
      { name: 'the cluster binding left without subjects is gone', run: async () => assert.equal((await t.admin('GET', `${CRB}/carol-view`)).status, 404) },
      { name: 'the group lost carol and kept alice', run: async () => assert.deepEqual((await t.admin('GET', `${IAM}/groups/carols`)).body.users, ['alice']) },
      {
        name: 'the audit event of the delete names the cleaned-up bindings and groups', run: async () => {
          const r = await t.admin('GET', `/apis/audit.gatehouse.dev/v1/auditevents?fieldSelector=metadata.name%3D${deleteAuditID}`);
          const ann = r.body.items?.[0]?.annotations ?? {};
          assert.match(String(ann['iam.gatehouse.dev/removed-from-bindings']), /RoleBinding web\/carol-admin/);
          assert.match(String(ann['iam.gatehouse.dev/removed-from-bindings']), /ClusterRoleBinding carol-view/);
          assert.match(String(ann['iam.gatehouse.dev/removed-from-groups']), /carols/);
        },
      },
    ];
    for (const c of checks) test(c.name, c.run);
  });
});
