// The everyday kubectl operations of the client compatibility matrix (issue 14), in the order a user
// meets them. Each op runs once per kubectl version against one shared server, in its own namespace
// (cluster-scoped names carry the version suffix), and asserts what upstream's answer would show.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { ApiResponse, KubectlResult } from '../../testing/server-process';

/** Watcher is a kubectl that keeps running (get -w, wait): its output so far, and how it ended. */
export interface Watcher {
  out(): string;
  /** exited resolves with the exit code once the process ends by itself (or after `stop`). */
  exited: Promise<number>;
  stop(): void;
}

/** KubectlCtx is what an op gets: one kubectl version, its namespace, and ways to run it. */
export interface KubectlCtx {
  /** minor is the client's minor version (27 for 1.27). */
  readonly minor: number;
  /** ns is this client's namespace (the kubeconfig's default namespace too). */
  readonly ns: string;
  /** sfx makes cluster-scoped names unique per client, e.g. "131". */
  readonly sfx: string;
  /** tmp is a private scratch folder for files the op writes. */
  readonly tmp: string;
  run(args: string[], opts?: { input?: string; env?: Record<string, string> }): KubectlResult;
  /** ok runs kubectl, asserts exit 0, and returns stdout. */
  ok(args: string[], opts?: { input?: string; env?: Record<string, string> }): string;
  /** fails runs kubectl, asserts a non-zero exit, and returns stderr. */
  fails(args: string[], opts?: { input?: string }): string;
  spawn(args: string[]): Watcher;
  /** api is a direct admin request to the server (to check what kubectl did). */
  api(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

/** KubectlOp is one row of the matrix. */
export interface KubectlOp {
  name: string;
  /** file marks ops that send objects from files (they need the OpenAPI v2 schema on 1.27/1.28). */
  file?: true;
  /** todo marks an expected failure: the gap it waits for. The op still runs; a pass shows as such. */
  todo?: string | ((minor: number) => string | undefined);
  /** since is the first kubectl minor that can do the op at all (a client limitation, not a server gap). */
  since?: { minor: number; why: string };
  /** always marks setup and teardown ops, run for every client even when only file-based ops are. */
  always?: true;
  run(c: KubectlCtx): void | Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** eventually retries `f` until it stops throwing (controllers act asynchronously). */
async function eventually<T>(f: () => T | Promise<T>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try { return await f(); } catch (e) { if (Date.now() > end) throw e; }
    await sleep(150);
  }
}

const POD = (name: string, labels: Record<string, string> = { app: name }, image = 'nginx:1.27') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
  containers:
  - name: c
    image: ${image}
    ports:
    - containerPort: 80
  - name: sidecar
    image: busybox:1.36
`;

const CM = (name: string, data: Record<string, string>, labels: Record<string, string> = {}) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
data: ${JSON.stringify(data)}
`;

const json = (s: string) => JSON.parse(s);
const HONEST = (what: string, pod: string) => new RegExp(`${what} not available for pod ${pod}: it is on node "node-1", one of Gatehouse's built-in nodes, which run no containers`);



/** kubectlOps is the matrix: ~90 everyday operations, each asserted. */
export const kubectlOps: KubectlOp[] = [
  // Discovery and cluster information.
  { name: 'version -o json', run: (c) => {
    const v = json(c.ok(['version', '-o', 'json']));
    assert.equal(v.clientVersion.minor.replace(/\D/g, ''), String(c.minor));
    assert.match(v.serverVersion.gitVersion, /^v1\.\d+\.\d+/);
  } },
  { name: 'api-versions', run: (c) => {
    const out = c.ok(['api-versions']).split('\n');
    for (const gv of ['v1', 'rbac.authorization.k8s.io/v1', 'authorization.k8s.io/v1', 'coordination.k8s.io/v1']) assert.ok(out.includes(gv), gv);
  } },
  { name: 'api-resources', run: (c) => {
    const out = c.ok(['api-resources']);
    assert.match(out, /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/m);
    assert.match(out, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(out, /^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole$/m);
  } },
  { name: 'api-resources --namespaced=false -o name', run: (c) => {
    const out = c.ok(['api-resources', '--namespaced=false', '-o', 'name']).split('\n');
    assert.ok(out.includes('namespaces') && out.includes('nodes') && !out.includes('pods'));
  } },
  { name: 'api-resources --verbs=list --api-group=rbac.authorization.k8s.io', run: (c) => {
    const out = c.ok(['api-resources', '--verbs=list', '--api-group=rbac.authorization.k8s.io', '-o', 'name']).trim().split('\n').sort();
    assert.deepEqual(out, ['clusterrolebindings.rbac.authorization.k8s.io', 'clusterroles.rbac.authorization.k8s.io', 'rolebindings.rbac.authorization.k8s.io', 'roles.rbac.authorization.k8s.io']);
  } },
  { name: 'cluster-info', run: (c) => assert.match(c.ok(['cluster-info']), /Kubernetes control plane.* is running at .*https:\/\/127\.0\.0\.1:\d+/) },
  { name: 'get --raw /readyz', run: (c) => assert.equal(c.ok(['get', '--raw', '/readyz']).trim(), 'ok') },
  { name: 'config view --minify', run: (c) => {
    const out = c.ok(['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}']);
    assert.equal(out, c.ns);
  } },
  { name: 'explain pod.spec.containers', run: (c) => {
    const out = c.ok(['explain', 'pod.spec.containers']);
    assert.match(out, /KIND:\s+Pod/);
    assert.match(out, /FIELD:\s+containers\s+<\[\]Container>/);
    assert.match(out, /^\s+image\s+<string>/m);
  } },
  { name: 'explain --recursive configmap', run: (c) => assert.match(c.ok(['explain', 'configmap', '--recursive']), /^\s+data\s+<map\[string\]string>/m) },
  { name: 'explain a Gatehouse kind (securityprofiles)', run: (c) => assert.match(c.ok(['explain', 'securityprofiles']), /KIND:\s+SecurityProfile/) },

  // Namespaces and their defaults.
  { name: 'create namespace', always: true, run: (c) => assert.match(c.ok(['create', 'namespace', c.ns]), new RegExp(`namespace/${c.ns} created`)) },
  { name: 'get namespace -o jsonpath (Active)', run: (c) => assert.equal(c.ok(['get', 'ns', c.ns, '-o', 'jsonpath={.status.phase}']), 'Active') },
  { name: 'namespace defaults: default ServiceAccount and kube-root-ca.crt', always: true, run: async (c) => {
    await eventually(() => c.ok(['get', 'serviceaccount', 'default']));
    await eventually(() => assert.match(c.ok(['get', 'configmap', 'kube-root-ca.crt', '-o', 'jsonpath={.data.ca\\.crt}']), /BEGIN CERTIFICATE/));
  } },

  // ConfigMaps: imperative create, every output format, labels, annotations, selectors, paging.
  { name: 'create configmap --from-literal', run: (c) => assert.match(c.ok(['create', 'configmap', 'lit', '--from-literal=a=1', '--from-literal=b=2']), /configmap\/lit created/) },
  { name: 'create configmap --from-file', run: (c) => {
    const f = `${c.tmp}/app.properties`;
    c.ok(['create', 'configmap', 'from-file', `--from-file=${writeFile(f, 'color=blue\n')}`]);
    assert.equal(c.ok(['get', 'cm', 'from-file', '-o', 'jsonpath={.data.app\\.properties}']), 'color=blue\n');
  } },
  { name: 'get configmaps (table)', run: (c) => {
    const out = c.ok(['get', 'configmaps']);
    assert.match(out, /^NAME\s+DATA\s+AGE$/m);
    assert.match(out, /^lit\s+2\s+\d+s$/m);
  } },
  { name: 'get -o yaml', run: (c) => {
    const out = c.ok(['get', 'cm', 'lit', '-o', 'yaml']);
    assert.match(out, /^apiVersion: v1$/m);
    assert.match(out, /^kind: ConfigMap$/m);
    assert.match(out, /^ {2}a: "1"$/m);
  } },
  { name: 'get -o json', run: (c) => {
    const cm = json(c.ok(['get', 'cm', 'lit', '-o', 'json']));
    assert.deepEqual(cm.data, { a: '1', b: '2' });
    assert.ok(cm.metadata.uid && cm.metadata.resourceVersion && cm.metadata.creationTimestamp);
  } },
  { name: 'get -o jsonpath', run: (c) => assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'jsonpath={.data.a}{.data.b}']), '12') },
  { name: 'get -o custom-columns', run: (c) => {
    const out = c.ok(['get', 'cm', 'lit', 'from-file', '-o', 'custom-columns=NAME:.metadata.name,A:.data.a']);
    assert.match(out, /^NAME\s+A\nlit\s+1\nfrom-file\s+<none>\n$/);
  } },
  { name: 'get -o name', run: (c) => assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'name']), 'configmap/lit\n') },
  { name: 'get --sort-by', run: (c) => {
    const names = c.ok(['get', 'cm', '--sort-by=.metadata.name', '-o', 'custom-columns=N:.metadata.name', '--no-headers']).trim().split('\n');
    assert.deepEqual(names, [...names].sort());
  } },
  { name: 'get -A (all namespaces)', run: (c) => assert.match(c.ok(['get', 'cm', '-A']), new RegExp(`^${c.ns}\\s+lit\\s+2\\s`, 'm')) },
  { name: 'label', run: (c) => {
    assert.match(c.ok(['label', 'cm', 'lit', 'tier=front', 'env=dev']), /configmap\/lit labeled/);
    assert.match(c.ok(['get', 'cm', 'lit', '--show-labels']), /env=dev,tier=front/);
  } },
  { name: 'label --overwrite', run: (c) => {
    assert.match(c.fails(['label', 'cm', 'lit', 'env=prod']), /already has a value \(dev\)/);
    c.ok(['label', 'cm', 'lit', 'env=prod', '--overwrite']);
    assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'jsonpath={.metadata.labels.env}']), 'prod');
  } },
  { name: 'label key- (remove)', run: (c) => {
    c.ok(['label', 'cm', 'lit', 'tier-']);
    assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'jsonpath={.metadata.labels}']), '{"env":"prod"}');
  } },
  { name: 'annotate and remove', run: (c) => {
    // kubectl 1.27 prints "annotate" (its own typo, fixed in 1.28).
    assert.match(c.ok(['annotate', 'cm', 'lit', 'owner=team-a']), /configmap\/lit annotated?$/m);
    assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'jsonpath={.metadata.annotations.owner}']), 'team-a');
    c.ok(['annotate', 'cm', 'lit', 'owner-']);
    assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'jsonpath={.metadata.annotations.owner}']), '');
  } },
  { name: 'get -l equality selector', run: async (c) => {
    // Setup through the API (quicker than five kubectl runs; kubectl's create is tested above).
    for (let i = 0; i < 5; i++) {
      const labels = i < 2 ? { group: 'bulk', parity: 'even' } : { group: 'bulk' };
      assert.equal((await c.api('POST', `/api/v1/namespaces/${c.ns}/configmaps`, { metadata: { name: `bulk-${i}`, labels }, data: { i: String(i) } })).status, 201);
    }
    assert.equal(c.ok(['get', 'cm', '-l', 'group=bulk,parity!=even', '-o', 'name']), 'configmap/bulk-2\nconfigmap/bulk-3\nconfigmap/bulk-4\n');
  } },
  { name: 'get -l set-based selector', run: (c) => {
    assert.equal(c.ok(['get', 'cm', '-l', 'parity in (even),group', '-o', 'name']), 'configmap/bulk-0\nconfigmap/bulk-1\n');
    assert.equal(c.ok(['get', 'cm', '-l', 'group=bulk,!parity', '-o', 'name']), 'configmap/bulk-2\nconfigmap/bulk-3\nconfigmap/bulk-4\n');
  } },
  { name: 'get --field-selector', run: (c) => {
    assert.equal(c.ok(['get', 'cm', '--field-selector', 'metadata.name=bulk-3', '-o', 'name']), 'configmap/bulk-3\n');
    assert.equal(c.ok(['get', 'cm', '-l', 'group=bulk', '--field-selector', 'metadata.name!=bulk-3', '-o', 'name']).split('\n').filter(Boolean).length, 4);
  } },
  { name: 'get --chunk-size pages through the list', run: (c) => {
    const r = c.run(['get', 'cm', '-l', 'group=bulk', '--chunk-size=2', '-o', 'name', '-v=6']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 5);
    assert.match(r.stderr, /limit=2/);
    assert.match(r.stderr, /continue=/);
  } },
  { name: 'patch --type=merge', run: (c) => {
    assert.match(c.ok(['patch', 'cm', 'lit', '--type=merge', '-p', '{"data":{"c":"3","a":null}}']), /configmap\/lit patched/);
    assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'jsonpath={.data}']), '{"b":"2","c":"3"}');
  } },
  { name: 'patch --type=json', run: (c) => {
    c.ok(['patch', 'cm', 'lit', '--type=json', '-p', '[{"op":"replace","path":"/data/b","value":"20"},{"op":"add","path":"/data/d","value":"4"}]']);
    assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'jsonpath={.data}']), '{"b":"20","c":"3","d":"4"}');
  } },
  { name: 'patch --type=json failing test op is a 422', run: (c) => {
    assert.match(c.fails(['patch', 'cm', 'lit', '--type=json', '-p', '[{"op":"test","path":"/data/b","value":"nope"}]']), /Invalid|test|failed/i);
  } },
  { name: 'patch --dry-run=server changes nothing', run: (c) => {
    // kubectl patch prints no dry-run suffix (upstream's output too); what counts is the stored value.
    assert.match(c.ok(['patch', 'cm', 'lit', '--type=merge', '-p', '{"data":{"c":"dry"}}', '--dry-run=server']), /configmap\/lit patched/);
    assert.equal(c.ok(['get', 'cm', 'lit', '-o', 'jsonpath={.data.c}']), '3');
  } },
  { name: 'edit (KUBE_EDITOR)', file: true, run: (c) => {
    c.ok(['create', 'cm', 'editme', '--from-literal=state=before']);
    assert.match(c.ok(['edit', 'cm', 'editme'], { env: { KUBE_EDITOR: 'sed -i -e s/before/after/' } }), /configmap\/editme edited/);
    assert.equal(c.ok(['get', 'cm', 'editme', '-o', 'jsonpath={.data.state}']), 'after');
  } },
  { name: 'edit -o json prints the edited object', file: true, run: (c) => {
    const out = c.ok(['edit', 'cm', 'editme', '-o', 'json'], { env: { KUBE_EDITOR: 'sed -i -e s/after/printed/' } });
    assert.equal(json(out).data.state, 'printed');
  } },
  { name: 'edit --output-patch', file: true, run: (c) => {
    const out = c.ok(['edit', 'cm', 'editme', '--output-patch'], { env: { KUBE_EDITOR: 'sed -i -e s/printed/again/' } });
    assert.match(out, /Patch: .*"state":"again"/);
  } },

  // Files: create -f, apply (client side), diff, replace.
  { name: 'create -f (pod)', file: true, run: (c) => assert.match(c.ok(['create', '-f', '-'], { input: POD('web', { app: 'web', tier: 'front' }) }), /pod\/web created/) },
  { name: 'create -f (multi-document)', file: true, run: (c) => {
    const out = c.ok(['create', '-f', '-'], { input: `${CM('multi-a', { x: '1' })}---\n${CM('multi-b', { x: '2' })}` });
    assert.match(out, /configmap\/multi-a created\nconfigmap\/multi-b created/);
  } },
  { name: 'create -f rejects an unknown field (strict validation)', file: true, run: (c) => {
    assert.match(c.fails(['create', '-f', '-'], { input: CM('bad', { x: '1' }).replace('\ndata:', '\nbogus: 1\ndata:') }), /unknown field "bogus"/);
  } },
  { name: 'create --dry-run=client -o yaml', run: (c) => {
    const out = c.ok(['create', 'cm', 'ghost', '--from-literal=a=b', '--dry-run=client', '-o', 'yaml']);
    assert.match(out, /^kind: ConfigMap$/m);
    assert.notEqual(c.run(['get', 'cm', 'ghost']).code, 0);
  } },
  { name: 'create -f --dry-run=server', file: true, run: (c) => {
    assert.match(c.ok(['create', '-f', '-', '--dry-run=server'], { input: POD('ghost') }), /pod\/ghost created \(server dry run\)/);
    assert.match(c.fails(['get', 'pod', 'ghost']), /not found/);
  } },
  { name: 'apply -f creates', file: true, run: (c) => assert.match(c.ok(['apply', '-f', '-'], { input: CM('applied', { a: '1', b: '2' }, { app: 'x' }) }), /configmap\/applied created/) },
  { name: 'apply -f configures a change', file: true, run: (c) => {
    assert.match(c.ok(['apply', '-f', '-'], { input: CM('applied', { a: '1', b: '3' }, { app: 'x' }) }), /configmap\/applied configured/);
    assert.equal(c.ok(['get', 'cm', 'applied', '-o', 'jsonpath={.data.b}']), '3');
  } },
  { name: 'apply -f unchanged', file: true, run: (c) => assert.match(c.ok(['apply', '-f', '-'], { input: CM('applied', { a: '1', b: '3' }, { app: 'x' }) }), /configmap\/applied unchanged/) },
  { name: 'apply -f removes a field dropped from the file', file: true, run: (c) => {
    c.ok(['apply', '-f', '-'], { input: CM('applied', { a: '1' }, { app: 'x' }) });
    assert.equal(c.ok(['get', 'cm', 'applied', '-o', 'jsonpath={.data}']), '{"a":"1"}');
  } },
  { name: 'apply view-last-applied', file: true, run: (c) => assert.match(c.ok(['apply', 'view-last-applied', 'cm/applied']), /^kind: ConfigMap$/m) },
  { name: 'apply --dry-run=server', file: true, run: (c) => {
    assert.match(c.ok(['apply', '-f', '-', '--dry-run=server'], { input: CM('applied', { a: 'dry' }) }), /configmap\/applied configured \(server dry run\)/);
    assert.equal(c.ok(['get', 'cm', 'applied', '-o', 'jsonpath={.data.a}']), '1');
  } },
  { name: 'diff -f (differences: exit 1)', file: true, run: (c) => {
    const r = c.run(['diff', '-f', '-'], { input: CM('applied', { a: '2' }, { app: 'x' }) });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^-\s+a: "1"$/m);
    assert.match(r.stdout, /^\+\s+a: "2"$/m);
  } },
  { name: 'diff -f (no differences: exit 0)', file: true, run: (c) => {
    const r = c.run(['diff', '-f', '-'], { input: CM('applied', { a: '1' }, { app: 'x' }) });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
  } },
  { name: 'replace -f', file: true, run: (c) => {
    assert.match(c.ok(['replace', '-f', '-'], { input: CM('applied', { replaced: 'yes' }) }), /configmap\/applied replaced/);
    assert.equal(c.ok(['get', 'cm', 'applied', '-o', 'jsonpath={.data}']), '{"replaced":"yes"}');
  } },
  { name: 'replace --force -f (delete and create)', file: true, run: (c) => {
    const uid = c.ok(['get', 'cm', 'applied', '-o', 'jsonpath={.metadata.uid}']);
    assert.match(c.ok(['replace', '--force', '-f', '-'], { input: CM('applied', { forced: 'yes' }) }), /configmap\/applied replaced/);
    assert.notEqual(c.ok(['get', 'cm', 'applied', '-o', 'jsonpath={.metadata.uid}']), uid);
  } },
  { name: 'get -o yaml | replace -f (round trip)', file: true, run: (c) => {
    const y = c.ok(['get', 'cm', 'applied', '-o', 'yaml']).replace('forced: "yes"', 'forced: again');
    c.ok(['replace', '-f', '-'], { input: y });
    assert.equal(c.ok(['get', 'cm', 'applied', '-o', 'jsonpath={.data.forced}']), 'again');
  } },
  { name: 'replace with a stale resourceVersion is a conflict', file: true, run: (c) => {
    const y = c.ok(['get', 'cm', 'applied', '-o', 'yaml']);
    c.ok(['patch', 'cm', 'applied', '--type=merge', '-p', '{"data":{"bump":"1"}}']);
    assert.match(c.fails(['replace', '-f', '-'], { input: y }), /Conflict|the object has been modified/);
  } },

  // Server-side apply.
  { name: 'apply --server-side creates', file: true, run: (c) => {
    assert.match(c.ok(['apply', '--server-side', '-f', '-'], { input: CM('ssa', { a: '1', b: '2' }) }), /configmap\/ssa serverside-applied/);
  } },
  { name: 'apply --server-side records managedFields', file: true, run: (c) => {
    const cm = json(c.ok(['get', 'cm', 'ssa', '-o', 'json', '--show-managed-fields']));
    const mine = (cm.metadata.managedFields ?? []).find((m: any) => m.manager === 'kubectl' && m.operation === 'Apply');
    assert.ok(mine, JSON.stringify(cm.metadata.managedFields));
    assert.ok(mine.fieldsV1['f:data']['f:a']);
  } },
  { name: 'apply --server-side: a second manager conflicts (409)', file: true, run: (c) => {
    const err = c.fails(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: CM('ssa', { a: 'theirs' }) });
    assert.match(err, /Apply failed with 1 conflict: conflict with "kubectl".*\.data\.a/s);
    assert.equal(c.ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}']), '1');
  } },
  { name: 'apply --server-side --force-conflicts takes the field', file: true, run: (c) => {
    c.ok(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], { input: CM('ssa', { a: 'theirs' }) });
    assert.equal(c.ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}']), 'theirs');
  } },
  { name: 'apply --server-side removes a field the manager stops applying', file: true, run: (c) => {
    // kubectl still owns b; applying without b must remove it (upstream field removal).
    c.ok(['apply', '--server-side', '-f', '-'], { input: CM('ssa', {}) });
    assert.equal(c.ok(['get', 'cm', 'ssa', '-o', 'jsonpath={.data}']), '{"a":"theirs"}');
  } },

  // Pods: create, wide output, describe, strategic patches, set image, wait.
  { name: 'run (pod)', run: (c) => assert.match(c.ok(['run', 'runner', '--image=nginx:1.27', '--labels=app=runner', '--port=80']), /pod\/runner created/) },
  { name: 'wait --for=condition=Ready', run: (c) => assert.match(c.ok(['wait', '--for=condition=Ready', 'pod/web', 'pod/runner', '--timeout=20s']), /pod\/web condition met\npod\/runner condition met/) },
  { name: 'wait --for=jsonpath', run: (c) => assert.match(c.ok(['wait', '--for=jsonpath={.status.phase}=Running', 'pod/web', '--timeout=20s']), /pod\/web condition met/) },
  { name: 'get pods (table)', run: (c) => assert.match(c.ok(['get', 'pods']), /^web\s+2\/2\s+Running\s+0\s+\d+s$/m) },
  { name: 'get pods -o wide', run: (c) => {
    const out = c.ok(['get', 'pods', 'web', '-o', 'wide']);
    assert.match(out, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/m);
    assert.match(out, /^web\s+2\/2\s+Running\s+0\s+\d+s\s+10\.\d+\.\d+\.\d+\s+node-1\s+<none>\s+<none>$/m);
  } },
  { name: 'get nodes -o wide', run: (c) => assert.match(c.ok(['get', 'nodes', '-o', 'wide']), /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/m) },
  { name: 'describe pod', run: (c) => {
    const out = c.ok(['describe', 'pod', 'web']);
    assert.match(out, /^Name:\s+web$/m);
    assert.match(out, /^Node:\s+node-1\//m);
    assert.match(out, /^\s+Port:\s+80\/TCP$/m);
    assert.match(out, /Successfully assigned .*\/web to node-1/);
  } },
  { name: 'describe configmap', run: (c) => assert.match(c.ok(['describe', 'cm', 'lit']), /^Name:\s+lit\nNamespace:\s+\S+\nLabels:\s+env=prod/m) },
  { name: 'describe node', run: (c) => {
    const out = c.ok(['describe', 'node', 'node-1']);
    assert.match(out, /^Name:\s+node-1$/m);
    assert.match(out, /^Lease:\s*\n\s+HolderIdentity:\s+node-1/m);
  } },
  { name: 'get events', run: (c) => assert.match(c.ok(['get', 'events', '--field-selector', 'involvedObject.name=web']), /Scheduled\s+pod\/web\s+Successfully assigned/) },
  { name: 'events --for', run: (c) => assert.match(c.ok(['events', '--for', 'pod/web']), /Successfully assigned/) },
  { name: 'patch --type=strategic merges containers by name', run: (c) => {
    c.ok(['patch', 'pod', 'web', '-p', '{"spec":{"containers":[{"name":"c","image":"nginx:1.28"}]}}']);
    assert.equal(c.ok(['get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[*].image}']), 'nginx:1.28 busybox:1.36');
  } },
  { name: 'patch --type=strategic $patch: delete on a label map', run: (c) => {
    c.ok(['patch', 'pod', 'web', '--type=strategic', '-p', '{"metadata":{"labels":{"tier":null}}}']);
    assert.equal(c.ok(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.labels}']), '{"app":"web"}');
  } },
  { name: 'set image', run: (c) => {
    assert.match(c.ok(['set', 'image', 'pod/web', 'sidecar=busybox:1.37']), /pod\/web image updated/);
    assert.equal(c.ok(['get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[1].image}']), 'busybox:1.37');
  } },
  { name: 'get all', run: (c) => assert.match(c.ok(['get', 'all']), /^pod\/web\s/m) },

  // Services.
  { name: 'create service clusterip', run: (c) => assert.match(c.ok(['create', 'service', 'clusterip', 'front', '--tcp=80:8080']), /service\/front created/) },
  { name: 'expose pod', run: (c) => {
    assert.match(c.ok(['expose', 'pod', 'web', '--port=80', '--name=web-svc']), /service\/web-svc exposed/);
    assert.equal(c.ok(['get', 'svc', 'web-svc', '-o', 'jsonpath={.spec.selector}']), '{"app":"web"}');
  } },
  { name: 'get services -o wide', run: (c) => {
    const out = c.ok(['get', 'svc', '-o', 'wide']);
    assert.match(out, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/m);
    assert.match(out, /^front\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s\s+app=front$/m);
  } },

  // Secrets, service accounts, tokens, RBAC, authorization.
  { name: 'create secret generic', run: (c) => {
    assert.match(c.ok(['create', 'secret', 'generic', 'creds', '--from-literal=password=hunter2']), /secret\/creds created/);
    assert.match(c.ok(['get', 'secret', 'creds']), /^creds\s+Opaque\s+1\s/m);
    assert.equal(Buffer.from(c.ok(['get', 'secret', 'creds', '-o', 'jsonpath={.data.password}']), 'base64').toString(), 'hunter2');
  } },
  { name: 'create secret docker-registry', run: (c) => {
    c.ok(['create', 'secret', 'docker-registry', 'pull', '--docker-server=r.example', '--docker-username=u', '--docker-password=p']);
    assert.match(c.ok(['get', 'secret', 'pull']), /^pull\s+kubernetes\.io\/dockerconfigjson\s+1\s/m);
  } },
  { name: 'describe secret hides values', run: (c) => {
    const out = c.ok(['describe', 'secret', 'creds']);
    assert.match(out, /^password:\s+7 bytes$/m);
    assert.doesNotMatch(out, /hunter2/);
  } },
  { name: 'create serviceaccount', run: (c) => assert.match(c.ok(['create', 'serviceaccount', 'builder']), /serviceaccount\/builder created/) },
  { name: 'create token', run: (c) => {
    const tok = c.ok(['create', 'token', 'builder', '--duration=10m']).trim();
    const claims = json(Buffer.from(tok.split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, `system:serviceaccount:${c.ns}:builder`);
    assert.ok(claims.exp - claims.iat <= 600 && claims.exp - claims.iat > 0);
  } },
  { name: 'create role', run: (c) => assert.match(c.ok(['create', 'role', 'cm-reader', '--verb=get,list,watch', '--resource=configmaps']), /role\.rbac\.authorization\.k8s\.io\/cm-reader created/) },
  { name: 'create rolebinding (serviceaccount)', run: (c) => {
    c.ok(['create', 'rolebinding', 'builder-reads', '--role=cm-reader', `--serviceaccount=${c.ns}:builder`]);
    assert.equal(c.ok(['get', 'rolebinding', 'builder-reads', '-o', 'jsonpath={.subjects[0].name}']), 'builder');
  } },
  { name: 'create clusterrole and clusterrolebinding', run: (c) => {
    c.ok(['create', 'clusterrole', `node-reader-${c.sfx}`, '--verb=get,list', '--resource=nodes']);
    c.ok(['create', 'clusterrolebinding', `node-reader-${c.sfx}`, `--clusterrole=node-reader-${c.sfx}`, `--serviceaccount=${c.ns}:builder`]);
    assert.match(c.ok(['get', 'clusterrolebinding', `node-reader-${c.sfx}`, '-o', 'wide']), new RegExp(`ClusterRole/node-reader-${c.sfx}\\s.*${c.ns}/builder`));
  } },
  { name: 'get roles,rolebindings -o wide', run: (c) => {
    const out = c.ok(['get', 'rolebinding', '-o', 'wide']);
    assert.match(out, /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS$/m);
  } },
  { name: 'auth can-i (admin)', run: (c) => assert.equal(c.ok(['auth', 'can-i', 'create', 'pods']).trim(), 'yes') },
  { name: 'auth can-i --as a serviceaccount (impersonation)', run: (c) => {
    const as = `--as=system:serviceaccount:${c.ns}:builder`;
    assert.equal(c.ok(['auth', 'can-i', 'list', 'configmaps', as]).trim(), 'yes');
    const no = c.run(['auth', 'can-i', 'list', 'secrets', as]);
    assert.equal(no.stdout.trim(), 'no');
    assert.equal(no.code, 1);
    assert.equal(c.ok(['auth', 'can-i', 'list', 'nodes', as]).trim(), 'yes');
  } },
  { name: 'auth can-i --list', run: (c) => {
    const out = c.ok(['auth', 'can-i', '--list', `--as=system:serviceaccount:${c.ns}:builder`]);
    assert.match(out, /^configmaps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  } },
  { name: 'auth whoami', since: { minor: 28, why: 'kubectl 1.27 asks only for the alpha/beta SelfSubjectReview; Gatehouse, like upstream 1.32, serves authentication.k8s.io/v1' }, run: (c) => {
    const out = c.ok(['auth', 'whoami', '-o', 'json']);
    assert.equal(json(out).status.userInfo.username, 'admin');
  } },
  { name: 'auth reconcile -f', file: true, run: (c) => {
    const role = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reconciled\n  namespace: ${c.ns}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n`;
    assert.match(c.ok(['auth', 'reconcile', '-f', '-'], { input: role }), /role\.rbac\.authorization\.k8s\.io\/reconciled reconciled/);
  } },
  { name: 'get with a forbidden user says Forbidden', run: (c) => {
    assert.match(c.fails(['get', 'secrets', `--as=system:serviceaccount:${c.ns}:builder`]), new RegExp(`\\(Forbidden\\): secrets is forbidden: User "system:serviceaccount:${c.ns}:builder" cannot list resource "secrets" in API group "" in the namespace "${c.ns}"`));
  } },

  // Watch.
  { name: 'get -w --watch-only sees changes only', run: async (c) => {
    assert.equal((await c.api('POST', `/api/v1/namespaces/${c.ns}/configmaps`, { metadata: { name: 'watched-before', labels: { watch: 'me' } } })).status, 201);
    const w = c.spawn(['get', 'cm', '-l', 'watch=me', '--watch-only', '-o', 'name', '--request-timeout=20s']);
    try {
      c.ok(['create', 'cm', 'watched-after', '--from-literal=a=1']);
      // The watch starts after a list; keep touching the object until an event shows (no fixed sleep).
      await eventually(() => {
        c.ok(['label', 'cm', 'watched-after', `watch=me`, `n=${Date.now()}`, '--overwrite']);
        assert.match(w.out(), /configmap\/watched-after/);
      }, 15_000);
      assert.doesNotMatch(w.out(), /watched-before/);
    } finally { w.stop(); }
  } },
  { name: 'get -w --request-timeout ends by itself', run: async (c) => {
    const w = c.spawn(['get', 'cm', 'lit', '-w', '--request-timeout=1s']);
    const code = await Promise.race([w.exited, sleep(15_000).then(() => -99)]);
    w.stop();
    assert.equal(code, 0);
    assert.match(w.out(), /^lit\s+3\s/m);
  } },

  // What the built-in nodes cannot do: the honest error, never "not found".
  { name: 'logs → honest error', run: (c) => assert.match(c.fails(['logs', 'web', '-c', 'c']), HONEST('logs are', 'web')) },
  { name: 'logs -f → honest error', run: (c) => assert.match(c.fails(['logs', '-f', 'pod/web', '--all-containers']), HONEST('logs are', 'web')) },
  { name: 'exec → honest error', run: (c) => assert.match(c.fails(['exec', 'web', '-c', 'c', '--', 'ls']), HONEST('exec is', 'web')) },
  { name: 'attach → honest error', run: (c) => assert.match(c.fails(['attach', 'web', '-c', 'c']), HONEST('attach is', 'web')) },
  { name: 'port-forward → honest error', run: (c) => assert.match(c.fails(['port-forward', 'pod/web', '0:80']), HONEST('port-forward is', 'web')) },
  { name: 'cp → honest error', run: (c) => assert.match(c.fails(['cp', 'web:/etc/hostname', `${c.tmp}/hostname`, '-c', 'c']), HONEST('exec is', 'web')) },
  { name: 'debug (ephemeral container) → honest error', run: (c) => assert.match(c.fails(['debug', 'web', '--image=busybox:1.36', '--', 'sh']), HONEST('ephemeral containers are', 'web')) },
  { name: 'debug --copy-to makes a copy of the pod', run: (c) => {
    c.ok(['debug', 'web', '--image=busybox:1.36', '--copy-to=web-debug', '--', 'sh']);
    assert.equal(c.ok(['get', 'pod', 'web-debug', '-o', 'jsonpath={.spec.containers[*].name}']).split(' ').length, 3);
  } },
  { name: 'debug node (a pod on the node)', run: (c) => {
    assert.match(c.ok(['debug', 'node/node-1', '--image=busybox:1.36', '--', 'sh']), /Creating debugging pod node-debugger-node-1-\w+ with container debugger on node node-1/);
    const pod = json(c.ok(['get', 'pods', '-o', 'json'])).items.find((p: any) => p.metadata.name.startsWith('node-debugger-node-1-'));
    assert.equal(pod?.spec.nodeName, 'node-1');
    assert.equal(pod?.spec.hostPID, true);
  } },
  { name: 'top pod → Metrics API not available (no metrics-server, as upstream without one)', run: (c) => assert.match(c.fails(['top', 'pod']), /Metrics API not available/) },

  // Deletion: plain, selectors, dry run, force, cascade policies (garbage collection), finalizers.
  { name: 'delete configmap', run: (c) => {
    assert.match(c.ok(['delete', 'cm', 'from-file']), /configmap "from-file" deleted/);
    assert.match(c.fails(['get', 'cm', 'from-file']), /NotFound.*configmaps "from-file" not found/);
  } },
  { name: 'delete --dry-run=server keeps the object', run: (c) => {
    assert.match(c.ok(['delete', 'cm', 'lit', '--dry-run=server']), /configmap "lit" deleted \(server dry run\)/);
    c.ok(['get', 'cm', 'lit']);
  } },
  { name: 'delete -l selector', run: (c) => {
    assert.equal(c.ok(['delete', 'cm', '-l', 'group=bulk']).split('\n').filter((l) => /deleted/.test(l)).length, 5);
    assert.equal(c.ok(['get', 'cm', '-l', 'group=bulk', '-o', 'name']), '');
  } },
  { name: 'delete --grace-period=0 --force', run: (c) => {
    const r = c.run(['delete', 'pod', 'runner', '--grace-period=0', '--force']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pod "runner" force deleted/);
    assert.match(c.fails(['get', 'pod', 'runner']), /not found/);
  } },
  ...(['background', 'foreground', 'orphan'] as const).map((policy): KubectlOp => ({ name: `delete --cascade=${policy}`, run: async (c) => {
    const owner = `owner-${policy}`;
    const { uid } = (await c.api('POST', `/api/v1/namespaces/${c.ns}/configmaps`, { metadata: { name: owner } })).body.metadata;
    const dep = await c.api('POST', `/api/v1/namespaces/${c.ns}/configmaps`, {
      metadata: { name: `dependent-${policy}`, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid, blockOwnerDeletion: true }] },
    });
    assert.equal(dep.status, 201, dep.text);
    assert.match(c.ok(['delete', 'cm', owner, `--cascade=${policy}`]), new RegExp(`configmap "${owner}" deleted`));
    if (policy === 'orphan') {
      assert.equal(c.ok(['get', 'cm', `dependent-${policy}`, '-o', 'jsonpath={.metadata.ownerReferences}']), '');
    } else {
      // kubectl waits for the owner; foreground removes the dependent first, background soon after.
      await eventually(() => assert.match(c.fails(['get', 'cm', `dependent-${policy}`]), /not found/));
    }
  } })),
  { name: 'wait --for=delete (finalizer released)', run: async (c) => {
    const cm = await c.api('POST', `/api/v1/namespaces/${c.ns}/configmaps`, { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    assert.equal(cm.status, 201, cm.text);
    c.ok(['delete', 'cm', 'held', '--wait=false']);
    assert.match(c.ok(['get', 'cm', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}']), /^\d{4}-/);
    const w = c.spawn(['wait', '--for=delete', 'cm/held', '--timeout=20s', '-v=6']);
    try {
      // Release the finalizer only once kubectl has found the object (its request log shows the read).
      await eventually(() => assert.match(w.out(), /configmaps.*200 OK/));
      c.ok(['patch', 'cm', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
      const code = await Promise.race([w.exited, sleep(20_000).then(() => -99)]);
      assert.equal(code, 0, w.out());
    } finally { w.stop(); }
  } },
  { name: 'delete -f', file: true, run: (c) => {
    assert.match(c.ok(['delete', '-f', '-'], { input: `${CM('multi-a', {})}---\n${CM('multi-b', {})}` }), /configmap "multi-a" deleted\nconfigmap "multi-b" deleted/);
  } },
  { name: 'delete namespace (and everything in it)', always: true, run: async (c) => {
    assert.match(c.ok(['delete', 'namespace', c.ns, '--timeout=60s']), new RegExp(`namespace "${c.ns}" deleted`));
    await eventually(() => assert.match(c.fails(['get', 'ns', c.ns]), /not found/), 30_000);
    c.run(['delete', 'clusterrolebinding,clusterrole', `node-reader-${c.sfx}`, '--ignore-not-found']);
  } },
];

function writeFile(p: string, text: string): string {
  fs.writeFileSync(p, text);
  return p;
}
