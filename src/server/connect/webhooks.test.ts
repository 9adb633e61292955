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
    describe('owner chains that name alice without the cluster\'s controller having made the pod for her', () => {
      // Each pod is the replicaset controller's and mounts "db", which only alice may use: admitted only if judged with alice's grants.
      const chain = (objects: Record<string, any>, lookupOf = (n: string) => (n === 'alice' ? { username: 'alice', groups: ['system:authenticated'] } : undefined)) => {
        const env = testEnv();
        env.role('alice', 'team-a', { apiGroups: [''], resources: ['secrets'], verbs: ['use'], resourceNames: ['db'] });
        const get: GetObject = async (p) => objects[p.replace('/apis/apps/v1/namespaces/team-a/replicasets/', '')];
        return createWebhooks({ store: env.store, ask: async (a) => env.authorizer.authorize(a).decision === 'allow', get, lookup: lookupOf });
      };
      const rsOf = (name: string, uid: string, recorded?: string, ref?: { name: string; uid: string; controller: boolean }) => ({
        apiVersion: 'apps/v1', kind: 'ReplicaSet',
        metadata: { name, namespace: 'team-a', uid, ...(recorded ? { annotations: { [ANNOTATIONS.createdBy]: recorded, [WORKLOAD_ANNOTATIONS.changedBy]: recorded } } : {}), ...(ref ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', ...ref }] } : {}) },
      });
      const podOwnedBy = (...refs: { name: string; uid: string; controller: boolean }[]) => {
        const p = owned();
        p.metadata.ownerReferences = refs.map((r) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', ...r }));
        return p;
      };
      const judgedAsController = async (w: ReturnType<typeof chain>, pod: any) => {
        const v = await w.review('validate', review('pods', 'team-a', pod, RS_CONTROLLER));
        assert.equal(v.response.allowed, false, 'judged with alice\'s grants');
        assert.match(v.response.status.message, /replicaset-controller.*cannot use secret "db"|cannot use secret "db"/);
        const m = await w.review('mutate', review('pods', 'team-a', pod, RS_CONTROLLER));
        const ann = m.response.patch ? decode(m).find((o: any) => o.path === '/metadata/annotations')?.value : undefined;
        assert.notEqual(ann?.[ANNOTATIONS.createdBy], 'alice');
      };
      it('a controller reference whose uid is not the owner\'s (a replaced ReplicaSet of the same name)', async () => {
        await judgedAsController(chain({ 'web-abc': rsOf('web-abc', 'rs-uid', 'alice') }), podOwnedBy({ name: 'web-abc', uid: 'other-uid', controller: true }));
      });
      it('alice\'s ReplicaSet named only by a non-controller reference, beside a controller that records nobody', async () => {
        const w = chain({ 'web-abc': rsOf('web-abc', 'rs-uid', 'alice'), old: rsOf('old', 'old-uid') });
        await judgedAsController(w, podOwnedBy({ name: 'old', uid: 'old-uid', controller: true }, { name: 'web-abc', uid: 'rs-uid', controller: false }));
        await judgedAsController(w, podOwnedBy({ name: 'gone', uid: 'gone-uid', controller: true }, { name: 'web-abc', uid: 'rs-uid', controller: false }));
      });
      it('a chain that loops (two ReplicaSets controlling each other, recording nobody) ends, judged as the controller', async () => {
        let gets = 0;
        const objects = { a: rsOf('a', 'a-uid', undefined, { name: 'b', uid: 'b-uid', controller: true }), b: rsOf('b', 'b-uid', undefined, { name: 'a', uid: 'a-uid', controller: true }) };
        const w = chain(new Proxy(objects, { get: (o, k) => { gets++; return (o as any)[k]; } }));
        await judgedAsController(w, podOwnedBy({ name: 'a', uid: 'a-uid', controller: true }));
        assert.ok(gets <= 30, `the chain is followed a bounded number of times (${gets})`);
      });
      it('a chain that records a non-person (a workload set by an unbound service account) is judged as the controller', async () => {
        await judgedAsController(chain({ 'web-abc': rsOf('web-abc', 'rs-uid', 'system:serviceaccount:team-a:ci') }), podOwnedBy({ name: 'web-abc', uid: 'rs-uid', controller: true }));
      });
    });

    describe('workloads written by someone acting for no person', () => {
      const CI = { username: 'system:serviceaccount:team-a:ci', groups: ['system:serviceaccounts', 'system:authenticated'] };
      const DEPLOYER = { username: 'system:serviceaccount:kube-system:deployment-controller', groups: ['system:serviceaccounts', 'system:authenticated'] };
      const aliceDeploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'team-a', uid: 'd-uid', annotations: { [ANNOTATIONS.createdBy]: 'alice', [WORKLOAD_ANNOTATIONS.changedBy]: 'alice' } }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: owned().spec } } };
      const rsBody = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-x', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }] }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: aliceDeploy.spec.template } };
      const webhooks = () => {
        const env = testEnv();
        const get: GetObject = async (p) => (p === '/apis/apps/v1/namespaces/team-a/deployments/web' ? aliceDeploy as any : undefined);
        return createWebhooks({ store: env.store, ask: async (a) => env.authorizer.authorize(a).decision === 'allow', get, lookup: (n) => (n === 'alice' ? { username: 'alice', groups: [] } : undefined) });
      };
      const recorded = (m: any) => decode(m).find((o: any) => o.path === '/metadata/annotations')?.value ?? {};
      it('a ReplicaSet a service account makes naming alice\'s Deployment as controller records the service account, not alice', async () => {
        const m = await webhooks().review('mutate', reviewIn('apps', 'replicasets', 'team-a', structuredClone(rsBody), CI));
        assert.equal(m.response.allowed, true, JSON.stringify(m.response.status));
        assert.equal(recorded(m)[ANNOTATIONS.createdBy], undefined);
        assert.equal(recorded(m)[WORKLOAD_ANNOTATIONS.changedBy], CI.username);
      });
      it('the cluster\'s deployment controller making the same ReplicaSet makes it for alice', async () => {
        const m = await webhooks().review('mutate', reviewIn('apps', 'replicasets', 'team-a', structuredClone(rsBody), DEPLOYER));
        assert.equal(recorded(m)[ANNOTATIONS.createdBy], 'alice');
        assert.equal(recorded(m)[WORKLOAD_ANNOTATIONS.changedBy], 'alice');
      });
      it('a service account changing alice\'s template takes the Deployment over as itself (alice is not kept)', async () => {
        const r = reviewIn('apps', 'deployments', 'team-a', { ...structuredClone(aliceDeploy), spec: { template: { ...aliceDeploy.spec.template, spec: { ...owned().spec, hostNetwork: true } } } }, CI) as any;
        r.request.operation = 'UPDATE';
        r.request.oldObject = structuredClone(aliceDeploy);
        const m = await webhooks().review('mutate', r);
        assert.equal(m.response.allowed, true, JSON.stringify(m.response.status));
        assert.equal(recorded(m)[WORKLOAD_ANNOTATIONS.changedBy], CI.username);
        assert.equal(recorded(m)[ANNOTATIONS.createdBy], 'alice');
      });
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
