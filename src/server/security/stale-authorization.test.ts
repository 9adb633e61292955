// The RBAC authorizer keeps its answers (authz/rbac.ts): an attacker who was once allowed must not keep
// that answer after the grant is gone. Against a real server, each grant is asked about repeatedly (so
// the answer is kept), then taken away the ways an admin takes it away — the binding deleted, its
// subject changed, the role's rule removed, the role deleted, the binding's expiry passing — and the
// very next request must be refused. A grant given back is honoured at once too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTACKERS, binding, clusterRole, ok, RBAC, startTarget, user, type Target } from './attacker';

const NS = 'kept-answers';
const WHO = 'binder';
const TOKEN = ATTACKERS[WHO];
const RB = `/apis/${RBAC}/v1/namespaces/${NS}/rolebindings`;
const CR = `/apis/${RBAC}/v1/clusterroles`;
const CONFIGMAPS = `/api/v1/namespaces/${NS}/configmaps`;

describe('kept RBAC answers never outlive the grant', () => {
  let t: Target;
  const status = async (path = CONFIGMAPS) => (await t.as(TOKEN, 'GET', path)).status;
  /** allowedNow asks several times (the first answer is kept, the rest are served from it) and returns the statuses. */
  const asked = async (n = 3, path = CONFIGMAPS) => Promise.all(Array.from({ length: n }, () => status(path)));
  const reader = (name: string) => clusterRole(name, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list', 'get'] }]);

  before(async () => {
    t = await startTarget({ demo: false });
    ok(await t.admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }), 'namespace');
    ok(await t.admin('POST', CR, reader('kept-reader')), 'clusterrole');
  });
  after(async () => { await t?.stop(); });

  test('deleting the binding refuses the next request', async () => {
    ok(await t.admin('POST', RB, binding('kept', 'ClusterRole', 'kept-reader', [user(WHO)], NS)), 'binding');
    assert.deepEqual(await asked(), [200, 200, 200]);
    ok(await t.admin('DELETE', `${RB}/kept`), 'delete binding');
    assert.equal(await status(), 403);
  });

  test('moving the binding to another subject refuses the next request; moving it back allows it', async () => {
    ok(await t.admin('POST', RB, binding('moved', 'ClusterRole', 'kept-reader', [user(WHO)], NS)), 'binding');
    assert.deepEqual(await asked(), [200, 200, 200]);
    const moved = ok(await t.admin('GET', `${RB}/moved`), 'read').body;
    ok(await t.admin('PUT', `${RB}/moved`, { ...moved, subjects: [user('someone-else')] }), 'move');
    assert.equal(await status(), 403);
    const back = ok(await t.admin('GET', `${RB}/moved`), 'read').body;
    ok(await t.admin('PUT', `${RB}/moved`, { ...back, subjects: [user(WHO)] }), 'move back');
    assert.equal(await status(), 200);
    ok(await t.admin('DELETE', `${RB}/moved`), 'clean up');
  });

  test('removing the rule from the role refuses the next request; deleting the role too', async () => {
    ok(await t.admin('POST', CR, reader('kept-editable')), 'role');
    ok(await t.admin('POST', RB, binding('editable', 'ClusterRole', 'kept-editable', [user(WHO)], NS)), 'binding');
    assert.deepEqual(await asked(), [200, 200, 200]);
    const role = ok(await t.admin('GET', `${CR}/kept-editable`), 'read role').body;
    ok(await t.admin('PUT', `${CR}/kept-editable`, { ...role, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] }), 'narrow');
    assert.equal(await status(), 403, 'list is no longer granted');
    assert.equal(await status(`${CONFIGMAPS}/missing`), 404, 'get still is (404: allowed, not found)');
    ok(await t.admin('DELETE', `${CR}/kept-editable`), 'delete role');
    assert.equal(await status(`${CONFIGMAPS}/missing`), 403);
    ok(await t.admin('DELETE', `${RB}/editable`), 'clean up');
  });

  test('a binding stops granting when its expires-at passes, though nothing was written since', async () => {
    const expires = new Date(Date.now() + 3000).toISOString();
    ok(await t.admin('POST', RB, { ...binding('expiring', 'ClusterRole', 'kept-reader', [user(WHO)], NS), metadata: { name: 'expiring', namespace: NS, annotations: { 'gatehouse.dev/expires-at': expires } } }), 'binding');
    assert.deepEqual(await asked(), [200, 200, 200]);
    const wait = Date.parse(expires) - Date.now();
    await new Promise((r) => setTimeout(r, Math.max(0, wait) + 50));
    assert.equal(await status(), 403);
    assert.equal(await status(), 403);
  });
});
