import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANNOTATIONS } from '../../shared/api/meta';
import { testEnv, testPod } from '../testing/admission';
import { diffPatch, createWebhooks } from './webhooks';
import { ReviewedAuthorizer, untilAnswered } from './sar-authorizer';

const review = (resource: string, namespace: string, object: any, user: any, operation = 'CREATE') => ({
  apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
  request: { uid: 'r1', resource: { group: '', version: 'v1', resource }, namespace, name: object?.metadata?.name, operation, userInfo: user, object },
});
const decode = (r: any) => JSON.parse(Buffer.from(r.response.patch, 'base64').toString('utf8'));

describe('connect webhooks (the embedded admission plugins behind an AdmissionReview)', () => {
  it('a developer\'s pod gets the restricted profile, its range defaults and created-by, as a JSON patch', async () => {
    const env = testEnv();
    env.bind('alice', 'developer', 'team-a');
    let asked = 0;
    const w = createWebhooks({ store: env.store, ask: async (a) => { asked += 1; return env.authorizer.authorize(a).decision === 'allow'; } });
    const r = await w.review('mutate', review('pods', 'team-a', testPod('p'), { username: 'alice', groups: ['system:authenticated'] }));
    assert.equal(r.response.allowed, true);
    assert.equal(r.response.patchType, 'JSONPatch');
    const ops = decode(r);
    const ann = ops.find((o: any) => o.path === '/metadata/annotations').value;
    assert.equal(ann[ANNOTATIONS.profile], 'restricted');
    assert.equal(ann[ANNOTATIONS.createdBy], 'alice');
    const spec = ops.find((o: any) => o.path === '/spec').value;
    assert.equal(spec.securityContext.runAsUser, 1_000_200_000);
    assert.ok(asked > 0);
  });
  it('a client-set created-by is replaced by the request\'s user', async () => {
    const env = testEnv();
    const w = createWebhooks({ store: env.store, ask: async (a) => env.authorizer.authorize(a).decision === 'allow' });
    const pod = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { [ANNOTATIONS.createdBy]: 'mallory' } } };
    const r = await w.review('mutate', review('secrets', 'team-a', pod, { username: 'bob', groups: [] }));
    assert.equal(decode(r)[0].value[ANNOTATIONS.createdBy], 'bob');
  });
  it('the secret `use` check refuses a mount without `use`, with the embedded message', async () => {
    const env = testEnv();
    const w = createWebhooks({ store: env.store, ask: async (a) => env.authorizer.authorize(a).decision === 'allow' });
    const pod = testPod('p', { volumes: [{ name: 'v', secret: { secretName: 'db' } }] });
    const r = await w.review('validate', review('pods', 'team-a', pod, { username: 'bob', groups: ['system:authenticated'] }));
    assert.equal(r.response.allowed, false);
    assert.equal(r.response.status.code, 403);
    assert.match(r.response.status.message, /cannot use secret "db"/);
  });
  it('namespaces get distinct blocks under concurrency', async () => {
    const env = testEnv();
    const w = createWebhooks({ store: env.store, ask: async () => false });
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => w.review('mutate', review('namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `n${i}` } }, { username: 'admin', groups: ['system:masters'] }))));
    const ranges = rs.map((r) => decode(r).find((o: any) => o.path === '/metadata/annotations').value[ANNOTATIONS.uidRange]);
    assert.equal(new Set(ranges).size, 20);
  });
  it('diffPatch replaces only what changed', () => {
    const a = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 } } as any;
    assert.deepEqual(diffPatch(a, a), []);
    assert.deepEqual(diffPatch(a, { ...a, metadata: { name: 'p', annotations: { k: 'v' } } }), [{ op: 'add', path: '/metadata/annotations', value: { k: 'v' } }]);
  });
  it('ReviewedAuthorizer replays until every question is answered', async () => {
    const allowed = new Set(['b', 'c']);
    const z = new ReviewedAuthorizer(async (a) => allowed.has(a.name));
    const q = (name: string) => ({ user: { username: 'u', groups: [] }, verb: 'use', isResourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', namespace: 'n', resource: 'secrets', subresource: '', name });
    // Asks lazily in order, like profile selection: the first allowed name wins.
    const first = await untilAnswered(z, async () => ['a', 'b', 'c'].find((n) => z.authorize(q(n)).decision === 'allow'));
    assert.equal(first, 'b');
  });
});
