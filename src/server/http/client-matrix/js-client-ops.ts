// The official JavaScript client (@kubernetes/client-node) in the client compatibility matrix: the
// core operations an application does through it (CRUD on ConfigMaps, Secrets and Pods, selectors,
// paging, watch and informers, the three patch types, access reviews), each asserted.
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';

/** JsCtx is what a JavaScript-client op gets: clients for the admin and the namespace to work in. */
export interface JsCtx {
  readonly ns: string;
  readonly kc: k8s.KubeConfig;
  readonly core: k8s.CoreV1Api;
  readonly authz: k8s.AuthorizationV1Api;
  readonly objects: k8s.KubernetesObjectApi;
  /** state carries values between ops (a token, a uid). */
  readonly state: Record<string, any>;
}

/** JsOp is one row of the JavaScript client's matrix. */
export interface JsOp { name: string; todo?: string; run(c: JsCtx): Promise<void> }

/** jsCtxFrom builds the clients from a kubeconfig file whose default namespace is `ns`. */
export function jsCtxFrom(kubeconfigPath: string, ns: string): JsCtx {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return { ns, kc, core: kc.makeApiClient(k8s.CoreV1Api), authz: kc.makeApiClient(k8s.AuthorizationV1Api), objects: k8s.KubernetesObjectApi.makeApiClient(kc), state: {} };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** rejects asserts that `p` fails with an ApiException of `code` and returns its decoded Status. */
async function rejects(p: Promise<unknown>, code: number): Promise<any> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof k8s.ApiException, String(e));
    assert.equal(e.code, code, String(e.body));
    return typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
  }
  assert.fail(`expected an error ${code}`);
}

const patchAs = (type: string) => k8s.setHeaderOptions('Content-Type', type);

/** jsOps is the JavaScript client's matrix. */
export const jsOps: JsOp[] = [
  { name: 'VersionApi.getCode', run: async (c) => {
    const v = await c.kc.makeApiClient(k8s.VersionApi).getCode();
    assert.match(v.gitVersion, /^v1\.\d+/);
  } },
  { name: 'ApisApi.getAPIVersions (discovery)', run: async (c) => {
    const groups = await c.kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    assert.ok(groups.groups.some((g) => g.name === 'rbac.authorization.k8s.io'));
  } },
  { name: 'listNamespace', run: async (c) => {
    const list = await c.core.listNamespace();
    assert.ok(list.items.some((n) => n.metadata?.name === 'default'));
  } },
  { name: 'createNamespace', run: async (c) => {
    const ns = await c.core.createNamespace({ body: { metadata: { name: c.ns } } });
    assert.equal(ns.metadata?.name, c.ns);
    // The default ServiceAccount comes from a controller; pods need it.
    for (let i = 0; i < 60 && !(await c.core.listNamespacedServiceAccount({ namespace: c.ns })).items.some((sa) => sa.metadata?.name === 'default'); i++) await sleep(100);
  } },
  { name: 'createNamespacedConfigMap', run: async (c) => {
    const cm = await c.core.createNamespacedConfigMap({ namespace: c.ns, body: { metadata: { name: 'cm1', labels: { app: 'js', n: '1' } }, data: { a: '1' } } });
    assert.ok(cm.metadata?.uid);
    assert.deepEqual(cm.data, { a: '1' });
  } },
  { name: 'createNamespacedConfigMap twice is 409 AlreadyExists', run: async (c) => {
    const st = await rejects(c.core.createNamespacedConfigMap({ namespace: c.ns, body: { metadata: { name: 'cm1' } } }), 409);
    assert.equal(st.reason, 'AlreadyExists');
  } },
  { name: 'createNamespacedConfigMap dryRun=All stores nothing', run: async (c) => {
    await c.core.createNamespacedConfigMap({ namespace: c.ns, dryRun: 'All', body: { metadata: { name: 'ghost' } } });
    await rejects(c.core.readNamespacedConfigMap({ namespace: c.ns, name: 'ghost' }), 404);
  } },
  { name: 'readNamespacedConfigMap', run: async (c) => {
    const cm = await c.core.readNamespacedConfigMap({ namespace: c.ns, name: 'cm1' });
    assert.equal(cm.data?.a, '1');
    c.state.cm1 = cm;
  } },
  { name: 'replaceNamespacedConfigMap', run: async (c) => {
    const cm = await c.core.replaceNamespacedConfigMap({ namespace: c.ns, name: 'cm1', body: { ...c.state.cm1, data: { a: '2' } } });
    assert.equal(cm.data?.a, '2');
    assert.notEqual(cm.metadata?.resourceVersion, c.state.cm1.metadata.resourceVersion);
  } },
  { name: 'replace with a stale resourceVersion is 409 Conflict', run: async (c) => {
    const st = await rejects(c.core.replaceNamespacedConfigMap({ namespace: c.ns, name: 'cm1', body: { ...c.state.cm1, data: { a: 'stale' } } }), 409);
    assert.equal(st.reason, 'Conflict');
  } },
  { name: 'patchNamespacedConfigMap (merge patch)', run: async (c) => {
    const cm = await c.core.patchNamespacedConfigMap({ namespace: c.ns, name: 'cm1', body: { data: { b: '3' } } }, patchAs(k8s.PatchStrategy.MergePatch));
    assert.deepEqual(cm.data, { a: '2', b: '3' });
  } },
  { name: 'patchNamespacedConfigMap (JSON patch)', run: async (c) => {
    const cm = await c.core.patchNamespacedConfigMap({ namespace: c.ns, name: 'cm1', body: [{ op: 'remove', path: '/data/a' }] }, patchAs(k8s.PatchStrategy.JsonPatch));
    assert.deepEqual(cm.data, { b: '3' });
  } },
  { name: 'listNamespacedConfigMap with a label selector', run: async (c) => {
    for (let i = 2; i <= 5; i++) await c.core.createNamespacedConfigMap({ namespace: c.ns, body: { metadata: { name: `cm${i}`, labels: { app: 'js', n: String(i) } } } });
    const list = await c.core.listNamespacedConfigMap({ namespace: c.ns, labelSelector: 'app=js,n in (2,3)' });
    assert.deepEqual(list.items.map((i) => i.metadata?.name), ['cm2', 'cm3']);
  } },
  { name: 'listNamespacedConfigMap with a field selector', run: async (c) => {
    const list = await c.core.listNamespacedConfigMap({ namespace: c.ns, fieldSelector: 'metadata.name=cm4' });
    assert.deepEqual(list.items.map((i) => i.metadata?.name), ['cm4']);
  } },
  { name: 'listNamespacedConfigMap paging (limit, continue, remainingItemCount)', run: async (c) => {
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const page = await c.core.listNamespacedConfigMap({ namespace: c.ns, limit: 2, _continue: cont });
      names.push(...page.items.map((i) => i.metadata!.name!));
      if (pages === 0) assert.equal(page.metadata?.remainingItemCount, 4); // cm1..cm5 and kube-root-ca.crt
      cont = page.metadata?._continue;
      pages += 1;
    } while (cont);
    assert.equal(pages, 3);
    assert.deepEqual(names.sort(), ['cm1', 'cm2', 'cm3', 'cm4', 'cm5', 'kube-root-ca.crt']);
  } },
  { name: 'Watch (ADDED, MODIFIED, DELETED)', run: async (c) => {
    const list = await c.core.listNamespacedConfigMap({ namespace: c.ns });
    const seen: string[] = [];
    const watch = new k8s.Watch(c.kc);
    const ctl = await watch.watch(`/api/v1/namespaces/${c.ns}/configmaps`, { resourceVersion: list.metadata?.resourceVersion, labelSelector: 'w=1' },
      (type, obj) => seen.push(`${type} ${obj.metadata.name}`), () => undefined);
    try {
      await c.core.createNamespacedConfigMap({ namespace: c.ns, body: { metadata: { name: 'watched', labels: { w: '1' } } } });
      await c.core.patchNamespacedConfigMap({ namespace: c.ns, name: 'watched', body: { data: { x: 'y' } } }, patchAs(k8s.PatchStrategy.MergePatch));
      await c.core.deleteNamespacedConfigMap({ namespace: c.ns, name: 'watched' });
      for (let i = 0; i < 100 && seen.length < 3; i++) await sleep(50);
      assert.deepEqual(seen, ['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
    } finally { ctl.abort(); }
  } },
  { name: 'makeInformer (list and watch into a cache)', run: async (c) => {
    const informer = k8s.makeInformer(c.kc, `/api/v1/namespaces/${c.ns}/configmaps`, () => c.core.listNamespacedConfigMap({ namespace: c.ns, labelSelector: 'app=js' }), 'app=js');
    const added: string[] = [];
    informer.on('add', (o) => added.push(o.metadata!.name!));
    await informer.start();
    try {
      await c.core.createNamespacedConfigMap({ namespace: c.ns, body: { metadata: { name: 'cm6', labels: { app: 'js' } } } });
      for (let i = 0; i < 100 && !added.includes('cm6'); i++) await sleep(50);
      assert.ok(added.includes('cm6'), added.join());
      assert.equal(informer.list(c.ns).length, 6);
    } finally { await informer.stop(); }
  } },
  { name: 'deleteNamespacedConfigMap, then read is 404 NotFound', run: async (c) => {
    await c.core.deleteNamespacedConfigMap({ namespace: c.ns, name: 'cm6' });
    const st = await rejects(c.core.readNamespacedConfigMap({ namespace: c.ns, name: 'cm6' }), 404);
    assert.equal(st.reason, 'NotFound');
  } },
  { name: 'deleteCollectionNamespacedConfigMap with a label selector', run: async (c) => {
    await c.core.deleteCollectionNamespacedConfigMap({ namespace: c.ns, labelSelector: 'app=js' });
    assert.deepEqual((await c.core.listNamespacedConfigMap({ namespace: c.ns, labelSelector: 'app=js' })).items, []);
  } },
  { name: 'createNamespacedSecret (stringData)', run: async (c) => {
    const s = await c.core.createNamespacedSecret({ namespace: c.ns, body: { metadata: { name: 's1', labels: { app: 'js' } }, stringData: { password: 'hunter2' } } });
    assert.equal(s.type, 'Opaque');
    assert.equal(Buffer.from(s.data!.password, 'base64').toString(), 'hunter2');
  } },
  { name: 'readNamespacedSecret and listNamespacedSecret', run: async (c) => {
    assert.equal((await c.core.readNamespacedSecret({ namespace: c.ns, name: 's1' })).data?.password, Buffer.from('hunter2').toString('base64'));
    assert.deepEqual((await c.core.listNamespacedSecret({ namespace: c.ns, labelSelector: 'app=js' })).items.map((s) => s.metadata?.name), ['s1']);
  } },
  { name: 'deleteNamespacedSecret', run: async (c) => {
    await c.core.deleteNamespacedSecret({ namespace: c.ns, name: 's1' });
    await rejects(c.core.readNamespacedSecret({ namespace: c.ns, name: 's1' }), 404);
  } },
  { name: 'createNamespacedPod; the built-in node runs it', run: async (c) => {
    await c.core.createNamespacedPod({ namespace: c.ns, body: { metadata: { name: 'p1', labels: { app: 'js' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }, { name: 'd', image: 'busybox:1.36' }] } } });
    let pod: k8s.V1Pod | undefined;
    for (let i = 0; i < 100; i++) {
      pod = await c.core.readNamespacedPod({ namespace: c.ns, name: 'p1' });
      if (pod.status?.phase === 'Running') break;
      await sleep(100);
    }
    assert.equal(pod?.status?.phase, 'Running');
    assert.equal(pod?.spec?.nodeName, 'node-1');
  } },
  { name: 'patchNamespacedPod (strategic merge: containers by name)', run: async (c) => {
    const pod = await c.core.patchNamespacedPod({ namespace: c.ns, name: 'p1', body: { spec: { containers: [{ name: 'c', image: 'nginx:1.28' }] } } }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    assert.deepEqual(pod.spec?.containers.map((x) => x.image), ['nginx:1.28', 'busybox:1.36']);
  } },
  { name: 'listPodForAllNamespaces with a label selector', run: async (c) => {
    const list = await c.core.listPodForAllNamespaces({ labelSelector: 'app=js' });
    assert.deepEqual(list.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`), [`${c.ns}/p1`]);
  } },
  { name: 'readNamespacedPodLog → honest 400', run: async (c) => {
    const st = await rejects(c.core.readNamespacedPodLog({ namespace: c.ns, name: 'p1', container: 'c' }), 400);
    assert.match(st.message, /logs are not available for pod p1: .*run no containers/);
  } },
  { name: 'KubernetesObjectApi create, read, patch (generic objects)', run: async (c) => {
    const spec = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: c.ns }, data: { a: '1' } };
    await c.objects.create(spec);
    assert.equal((await c.objects.read<k8s.V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: c.ns } })).data?.a, '1');
    const patched = await c.objects.patch<k8s.V1ConfigMap>({ ...spec, data: { a: '2' } }, undefined, undefined, undefined, undefined, k8s.PatchStrategy.MergePatch);
    assert.equal(patched.data?.a, '2');
  } },
  { name: 'KubernetesObjectApi server-side apply', run: async (c) => {
    const spec = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: c.ns }, data: { a: '1' } };
    const cm = await c.objects.patch<k8s.V1ConfigMap>(spec, undefined, undefined, 'js-client', true, k8s.PatchStrategy.ServerSideApply);
    assert.equal(cm.data?.a, '1');
  } },
  { name: 'createSelfSubjectAccessReview (allowed)', run: async (c) => {
    const r = await c.authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { namespace: c.ns, verb: 'create', resource: 'pods' } } } });
    assert.equal(r.status?.allowed, true);
  } },
  { name: 'createNamespacedServiceAccountToken; its user is denied secrets (SelfSubjectAccessReview)', run: async (c) => {
    await c.core.createNamespacedServiceAccount({ namespace: c.ns, body: { metadata: { name: 'app' } } });
    const tr = await c.core.createNamespacedServiceAccountToken({ namespace: c.ns, name: 'app', body: { spec: { audiences: [], expirationSeconds: 600 } } });
    const token = tr.status?.token;
    assert.ok(token);
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({ clusters: c.kc.clusters, users: [{ name: 'app', token }], contexts: [{ name: 'app', cluster: c.kc.clusters[0].name, user: 'app', namespace: c.ns }], currentContext: 'app' });
    const r = await kc.makeApiClient(k8s.AuthorizationV1Api).createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { namespace: c.ns, verb: 'list', resource: 'secrets' } } } });
    assert.equal(r.status?.allowed, false);
    const st = await rejects(kc.makeApiClient(k8s.CoreV1Api).listNamespacedSecret({ namespace: c.ns }), 403);
    assert.equal(st.reason, 'Forbidden');
  } },
  { name: 'createSelfSubjectRulesReview', run: async (c) => {
    const r = await c.authz.createSelfSubjectRulesReview({ body: { spec: { namespace: c.ns } } });
    assert.ok(r.status?.resourceRules.some((rule) => rule.verbs.includes('*')));
  } },
  { name: 'deleteNamespace', run: async (c) => {
    await c.core.deleteNamespace({ name: c.ns });
    for (let i = 0; i < 100; i++) {
      try { await c.core.readNamespace({ name: c.ns }); } catch (e) { if (e instanceof k8s.ApiException && e.code === 404) return; throw e; }
      await sleep(100);
    }
    assert.fail('the namespace is still there');
  } },
];
