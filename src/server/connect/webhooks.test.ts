import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANNOTATIONS } from '../../shared/api/meta';
import { testEnv, testPod } from '../testing/admission';
import { diffPatch, createWebhooks, type GetObject } from './webhooks';
import { WORKLOAD_ANNOTATIONS } from '../../shared/api/workloads';
import { ReviewedAuthorizer, untilAnswered } from './sar-authorizer';

const review = (resource: string, namespace: string, object: any, user: any, operation = 'CREATE') => ({
  apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
  request: { uid: 'r1', resource: { group: '', version: 'v1', resource }, namespace, name: object?.metadata?.name, operation, userInfo: user, object },
});
const reviewIn = (group: string, resource: string, namespace: string, object: any, user: any) => {
  const r = review(resource, namespace, object, user);
  r.request.resource.group = group;
  return r;
};
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

  describe('delegation: the cluster\'s controllers make pods for the human recorded on the workload', () => {
    const RS_CONTROLLER = { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
    const rs = (recorded: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'team-a', uid: 'rs-uid', annotations: { [ANNOTATIONS.createdBy]: recorded, [WORKLOAD_ANNOTATIONS.changedBy]: recorded } } });
    const owned = (extra: Record<string, unknown> = {}) => {
      const p = testPod('web-abc-x1', { volumes: [{ name: 'v', secret: { secretName: 'db' } }], ...extra }) as any;
      p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true }];
      return p;
    };
    const setup = (recorded: string, active = ['alice', 'bob']) => {
      const env = testEnv();
      env.bind('alice', 'developer', 'team-a');
      env.role('bob', 'team-a', { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list'] });
      env.role('alice', 'team-a', { apiGroups: [''], resources: ['secrets'], verbs: ['use'], resourceNames: ['db'] });
      const get: GetObject = async (p) => (p === '/apis/apps/v1/namespaces/team-a/replicasets/web-abc' ? rs(recorded) as any : undefined);
      const lookup = (name: string) => (active.includes(name) ? { username: name, groups: ['system:authenticated'] } : undefined);
      return { env, w: createWebhooks({ store: env.store, ask: async (a) => env.authorizer.authorize(a).decision === 'allow', get, lookup }) };
    };

    it('a pod for alice\'s ReplicaSet is judged with alice\'s grants (she may use the secret; the controller may not)', async () => {
      const { w } = setup('alice');
      const v = await w.review('validate', review('pods', 'team-a', owned(), RS_CONTROLLER));
      assert.equal(v.response.allowed, true, JSON.stringify(v.response.status));
      const m = await w.review('mutate', review('pods', 'team-a', owned(), RS_CONTROLLER));
      assert.equal(m.response.allowed, true, JSON.stringify(m.response.status));
      const ann = decode(m).find((o: any) => o.path === '/metadata/annotations').value;
      assert.equal(ann[ANNOTATIONS.createdBy], 'alice');
      assert.equal(ann[ANNOTATIONS.profile], 'restricted');
    });
    it('the same pod for bob\'s ReplicaSet is refused with bob\'s reason', async () => {
      const { w } = setup('bob');
      const v = await w.review('validate', review('pods', 'team-a', owned(), RS_CONTROLLER));
      assert.equal(v.response.allowed, false);
      assert.match(v.response.status.message, /bob.*cannot use secret "db"|cannot use secret "db".*bob/);
    });
    it('no new pod for a human who is no longer an active Gatehouse user; the refusal names them', async () => {
      const { w } = setup('alice', ['bob']);
      for (const kind of ['mutate', 'validate'] as const) {
        const r = await w.review(kind, review('pods', 'team-a', owned(), RS_CONTROLLER));
        assert.equal(r.response.allowed, false);
        assert.equal(r.response.status.code, 403);
        assert.match(r.response.status.message, /user "alice", who last set the pod template of ReplicaSet "web-abc", is no longer an active Gatehouse user/);
      }
    });
    it('any other requester\'s owner reference vouches for nothing: judged as itself', async () => {
      const { w } = setup('alice');
      const sa = { username: 'system:serviceaccount:team-a:default', groups: ['system:serviceaccounts', 'system:authenticated'] };
      const v = await w.review('validate', review('pods', 'team-a', owned(), sa));
      assert.equal(v.response.allowed, false);
      assert.match(v.response.status.message, /cannot use secret "db"/);
    });
    it('a person\'s Deployment whose template mounts a secret they may not use is refused at create', async () => {
      const { w } = setup('bob');
      const template = { metadata: { labels: { app: 'web' } }, spec: owned().spec };
      const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template } };
      const refused = await w.review('mutate', reviewIn('apps', 'deployments', 'team-a', dep, { username: 'bob', groups: ['system:authenticated'] }));
      assert.equal(refused.response.allowed, false);
      assert.match(refused.response.status.message, /deployments.apps "web" is forbidden: .*secret "db"/);
      const ok = await w.review('mutate', reviewIn('apps', 'deployments', 'team-a', dep, { username: 'alice', groups: ['system:authenticated'] }));
      assert.equal(ok.response.allowed, true, JSON.stringify(ok.response.status));
      assert.equal(decode(ok).find((o: any) => o.path === '/metadata/annotations').value[WORKLOAD_ANNOTATIONS.changedBy], 'alice');
    });
  });
});
