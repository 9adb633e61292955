// Server-side apply conformance: ownership, conflicts, force, field removal, list-map merges — as a
// table over the field manager itself, then end to end through a real server and the real kubectl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../shared/api/meta';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';
import { ApplyConflictError, itemKey, listKind, managedFieldsOf, managerFromUserAgent, serverSideApply, trackUpdate, type ManagedFieldsEntry } from './field-manager';

const cm = (data: Record<string, string>, labels?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ...(labels ? { labels } : {}) }, data } as KubeObject);
const pod = (containers: Record<string, unknown>[], extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers, ...extra } } as KubeObject);

/** step is one write in a sequence: an apply by `manager` (optionally forced) or an update to `object`. */
type Step = { apply?: KubeObject; update?: KubeObject; manager: string; force?: boolean };
interface Case { name: string; steps: Step[]; want?: unknown; conflict?: RegExp; owners?: Record<string, string[]> }

/** run plays the steps from nothing and returns the live object. */
function run(steps: Step[]): KubeObject {
  let live: KubeObject | undefined;
  for (const st of steps) {
    if (st.apply) {
      const r = serverSideApply(live, st.apply, st.manager, 'v1', st.force ?? false);
      live = { ...r.object, metadata: { ...r.object.metadata, managedFields: r.managedFields as never } };
    } else {
      const next = structuredClone(st.update!);
      next.metadata.managedFields = trackUpdate(live, next, st.manager, 'v1') as never;
      live = next;
    }
  }
  return live!;
}

/** owned lists the top-level-ish fields each manager owns, rendered as dotted paths (for readable expectations). */
function owned(o: KubeObject): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (set: Record<string, any>, prefix: string, acc: string[]) => {
    for (const [k, v] of Object.entries(set)) {
      if (k === '.') continue;
      const here = `${prefix}${k.startsWith('f:') ? `.${k.slice(2)}` : `[${k.slice(2)}]`}`;
      if (Object.keys(v).filter((x) => x !== '.').length === 0) acc.push(here);
      else walk(v, here, acc);
    }
  };
  for (const e of managedFieldsOf(o)) walk(e.fieldsV1, '', (out[`${e.manager}/${e.operation}`] ??= []));
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

const CASES: Case[] = [
  {
    name: 'an apply owns exactly its fields',
    steps: [{ apply: cm({ a: '1', b: '2' }, { app: 'x' }), manager: 'alice' }],
    want: { a: '1', b: '2' },
    owners: { 'alice/Apply': ['.data.a', '.data.b', '.metadata.labels.app'] },
  },
  {
    name: 'a field the manager stops applying is removed',
    steps: [{ apply: cm({ a: '1', b: '2' }), manager: 'alice' }, { apply: cm({ a: '1' }), manager: 'alice' }],
    want: { a: '1' },
    owners: { 'alice/Apply': ['.data.a'] },
  },
  {
    name: 'a field another applier shares (same value) stays when one stops applying it',
    steps: [{ apply: cm({ a: '1', b: '2' }), manager: 'alice' }, { apply: cm({ b: '2' }), manager: 'bob' }, { apply: cm({ a: '1' }), manager: 'alice' }],
    want: { a: '1', b: '2' },
    owners: { 'alice/Apply': ['.data.a'], 'bob/Apply': ['.data.b'] },
  },
  {
    name: 'a second applier changing an owned field conflicts',
    steps: [{ apply: cm({ a: '1' }), manager: 'alice' }, { apply: cm({ a: '2' }), manager: 'bob' }],
    conflict: /^Apply failed with 1 conflict: conflict with "alice" using v1: \.data\.a$/,
  },
  {
    name: 'force takes the field over',
    steps: [{ apply: cm({ a: '1', b: '1' }), manager: 'alice' }, { apply: cm({ a: '2' }), manager: 'bob', force: true }],
    want: { a: '2', b: '1' },
    owners: { 'alice/Apply': ['.data.b'], 'bob/Apply': ['.data.a'] },
  },
  {
    name: 'a field an updater set conflicts with an applier',
    steps: [{ update: cm({ a: '1' }), manager: 'kubectl-edit' }, { apply: cm({ a: '2' }), manager: 'alice' }],
    conflict: /conflict with "kubectl-edit" using v1: \.data\.a/,
  },
  {
    name: 'an update takes the fields it changes from the applier, who then does not remove them',
    steps: [{ apply: cm({ a: '1', b: '1' }), manager: 'alice' }, { update: cm({ a: '9', b: '1' }), manager: 'kubectl-edit' }, { apply: cm({ b: '1' }), manager: 'alice' }],
    want: { a: '9', b: '1' },
    owners: { 'alice/Apply': ['.data.b'], 'kubectl-edit/Update': ['.data.a'] },
  },
  {
    name: 'an empty map applied by two managers is no conflict (empty is the same as none)',
    steps: [{ apply: cm({ a: '1' }, {}), manager: 'alice' }, { apply: cm({ a: '1' }, {}), manager: 'bob' }],
    want: { a: '1' },
  },
  {
    name: 'several conflicts are listed per manager',
    steps: [{ apply: cm({ a: '1', b: '1' }), manager: 'alice' }, { apply: cm({ a: '2', b: '2' }), manager: 'bob' }],
    conflict: /^Apply failed with 2 conflicts: conflicts with "alice" using v1:\n- \.data\.a\n- \.data\.b$/,
  },
  {
    name: 'list-map: containers merge by name; each applier owns its own container',
    steps: [
      { apply: pod([{ name: 'a', image: 'nginx:1' }]), manager: 'alice' },
      { apply: pod([{ name: 'b', image: 'redis:7' }]), manager: 'bob' },
    ],
    want: [{ name: 'a', image: 'nginx:1' }, { name: 'b', image: 'redis:7' }],
  },
  {
    name: 'list-map: a container the manager stops applying goes; the other stays',
    steps: [
      { apply: pod([{ name: 'a', image: 'nginx:1' }, { name: 'b', image: 'redis:7' }]), manager: 'alice' },
      { apply: pod([{ name: 'a', image: 'nginx:1' }]), manager: 'alice' },
    ],
    want: [{ name: 'a', image: 'nginx:1' }],
  },
  {
    name: 'list-map: a conflict names the item by its key',
    steps: [{ apply: pod([{ name: 'a', image: 'nginx:1' }]), manager: 'alice' }, { apply: pod([{ name: 'a', image: 'nginx:2' }]), manager: 'bob' }],
    conflict: /conflict with "alice" using v1: \.spec\.containers\[name="a"\]\.image/,
  },
  {
    name: 'list-map with a composite key: ports by containerPort and protocol (protocol defaults to TCP)',
    steps: [
      { apply: pod([{ name: 'a', image: 'x', ports: [{ containerPort: 80 }] }]), manager: 'alice' },
      { apply: pod([{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 53, protocol: 'UDP' }] }]), manager: 'alice' },
    ],
    want: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 53, protocol: 'UDP' }] }],
  },
  {
    name: 'atomic list: args are replaced whole and owned as one field',
    steps: [{ apply: pod([{ name: 'a', image: 'x', args: ['1', '2'] }]), manager: 'alice' }, { apply: pod([{ name: 'a', image: 'x', args: ['3'] }]), manager: 'alice' }],
    want: [{ name: 'a', image: 'x', args: ['3'] }],
  },
  {
    name: 'set: finalizers are merged by value across appliers',
    steps: [
      { apply: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['x'] } } as KubeObject, manager: 'alice' },
      { apply: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['y'] } } as KubeObject, manager: 'bob' },
    ],
    want: undefined,
  },
];

describe('server-side apply (field manager)', () => {
  for (const c of CASES) {
    test(c.name, () => {
      if (c.conflict) {
        assert.throws(() => run(c.steps), (e: unknown) => e instanceof ApplyConflictError && c.conflict!.test(e.message));
        return;
      }
      const live = run(c.steps);
      if (c.name.startsWith('set:')) assert.deepEqual(live.metadata.finalizers, ['x', 'y']);
      else if ((live as any).spec) assert.deepEqual((live as any).spec.containers, c.want);
      else assert.deepEqual((live as any).data, c.want);
      if (c.owners) assert.deepEqual(owned(live), c.owners);
    });
  }

  test('the default manager comes from the User-Agent', () => {
    assert.equal(managerFromUserAgent('kubectl/v1.32.0 (linux/amd64) kubernetes/abc'), 'kubectl');
    assert.equal(managerFromUserAgent(undefined), 'unknown');
  });
});

describe('list-map keys', () => {
  /** keyed is the `k:` element as it was built before itemKey: a key object, its keys sorted, as JSON. */
  const keyed = (item: Record<string, unknown>, keys: readonly string[]) => {
    const k: Record<string, unknown> = {};
    for (const key of keys) {
      const v = item[key] ?? (key === 'protocol' ? 'TCP' : undefined);
      if (v !== undefined) k[key] = v;
    }
    return `k:${JSON.stringify(Object.fromEntries(Object.keys(k).sort().map((x) => [x, k[x]])))}`;
  };
  const cases: { item: Record<string, unknown>; keys: string[] }[] = [
    { item: { name: 'main', image: 'x' }, keys: ['name'] },
    { item: { name: 'a "quoted" \\ name\u2028' }, keys: ['name'] },
    { item: { containerPort: 80 }, keys: ['containerPort', 'protocol'] },
    { item: { containerPort: 80, protocol: null }, keys: ['containerPort', 'protocol'] },
    { item: { port: 53, protocol: 'UDP' }, keys: ['port', 'protocol'] },
    { item: { port: 53, protocol: 'UDP' }, keys: ['protocol', 'port'] },
    { item: { type: { nested: [1, 'x'] } }, keys: ['type'] },
    { item: { other: 1 }, keys: ['uid'] },
    { item: { b: 2, a: 1, c: null }, keys: ['c', 'b', 'a'] },
  ];
  for (const c of cases) {
    test(`itemKey(${JSON.stringify(c.item)}, ${c.keys.join(',')}) is the sorted key object as JSON`, () => {
      // itemKey is given sorted keys (the list kinds' are, as the next test pins).
      assert.equal(itemKey(c.item, [...c.keys].sort()), keyed(c.item, c.keys));
    });
  }

  test('list kinds are built once, and their keys are sorted', () => {
    for (const path of [['spec', 'containers'], ['spec', 'ports'], ['containers', 'ports'], ['x', 'volumeMounts'], ['metadata', 'ownerReferences'], ['status', 'conditions']]) {
      const lk = listKind(path);
      assert.equal(listKind(path), lk);
      assert.ok(lk.type === 'map');
      assert.deepEqual([...lk.keys], [...lk.keys].sort());
    }
  });

  test('a create owns every field it sets, list-map items by key, set members by value', () => {
    const [entry] = trackUpdate(undefined, pod([{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }], { volumes: [{ name: 'v', emptyDir: {} }] }), 'kubectl', 'v1');
    assert.deepEqual(entry.fieldsV1, {
      'f:spec': {
        'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } }, 'f:volumeMounts': { 'k:{"mountPath":"/v"}': { '.': {}, 'f:name': {}, 'f:mountPath': {} } } } },
        'f:volumes': { 'k:{"name":"v"}': { '.': {}, 'f:name': {}, 'f:emptyDir': {} } },
      },
    });
    const [meta] = trackUpdate(undefined, { ...cm({ a: 'b' }), metadata: { name: 'c', uid: 'u', finalizers: ['x', 'y'], labels: { l: 'v' } } } as KubeObject, 'm', 'v1');
    assert.deepEqual(meta.fieldsV1, { 'f:metadata': { 'f:finalizers': { '.': {}, 'v:"x"': {}, 'v:"y"': {} }, 'f:labels': { 'f:l': {} } }, 'f:data': { 'f:a': {} } });
  });
});

describe('server-side apply through the API and kubectl', needs(kubectlBinary), () => {
  let s: TestServer;
  let kc: string;
  const file = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n${data}`;

  before(async () => {
    s = await startServerProcess();
    kc = kubeconfigFor(s, 'admin', s.adminToken);
  });
  after(async () => { await s?.stop(); });

  test('apply --server-side records managedFields; a field dropped from the file is removed', () => {
    let r = kubectl(kc, ['apply', '--server-side', '-f', '-'], file('  a: "1"\n  b: "2"\n'));
    assert.equal(r.code, 0, r.stderr);
    r = kubectl(kc, ['apply', '--server-side', '-f', '-'], file('  a: "1"\n'));
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(kubectl(kc, ['get', 'cm', 'ssa', '-o', 'json', '--show-managed-fields']).stdout);
    assert.deepEqual(o.data, { a: '1' });
    const mine = o.metadata.managedFields.find((e: ManagedFieldsEntry) => e.manager === 'kubectl' && e.operation === 'Apply');
    assert.deepEqual(mine.fieldsV1, { 'f:data': { 'f:a': {} } });
  });

  test('a second manager conflicts (409 naming manager and field) until it forces', () => {
    const r = kubectl(kc, ['apply', '--server-side', '--field-manager', 'gitops', '-f', '-'], file('  a: "2"\n'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /conflict with "kubectl" using v1: \.data\.a/);
    const f = kubectl(kc, ['apply', '--server-side', '--field-manager', 'gitops', '--force-conflicts', '-f', '-'], file('  a: "2"\n'));
    assert.equal(f.code, 0, f.stderr);
    assert.equal(kubectl(kc, ['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}']).stdout, '2');
  });

  test('an edit through PUT/PATCH is recorded as an Update by its manager', async () => {
    const p = await api(s, 'PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=editor', { token: s.adminToken, body: { data: { c: '3' } }, contentType: 'application/merge-patch+json' });
    assert.equal(p.status, 200, p.text);
    const e = p.body.metadata.managedFields.find((x: ManagedFieldsEntry) => x.manager === 'editor');
    assert.equal(e.operation, 'Update');
    assert.deepEqual(e.fieldsV1, { 'f:data': { 'f:c': {} } });
  });

  test('apply needs a fieldManager; force is only for apply', async () => {
    const noManager = await api(s, 'PATCH', '/api/v1/namespaces/default/configmaps/ssa', { token: s.adminToken, body: file('  a: "2"\n'), contentType: 'application/apply-patch+yaml' });
    assert.equal(noManager.status, 422);
    assert.match(noManager.body.message, /fieldManager: Required value: is required for apply patch/);
    const forced = await api(s, 'PATCH', '/api/v1/namespaces/default/configmaps/ssa?force=true', { token: s.adminToken, body: { data: { x: '1' } }, contentType: 'application/merge-patch+json' });
    assert.equal(forced.status, 422);
    assert.match(forced.body.message, /force: Invalid value: true: may not be specified for non-apply patch/);
  });
});

describe('server-side apply is no oracle for secret values', () => {
  let s: TestServer;
  const DEV = 'dev-token-0123456789abcdef';
  const secret = (value: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: Buffer.from(value).toString('base64') } });

  before(async () => {
    s = await startServerProcess({ tokens: `${DEV},dev,u-dev,"devs"\n` });
    const as = (m: string, p: string, b: unknown) => api(s, m, p, { token: s.adminToken, body: b });
    assert.equal((await as('POST', '/api/v1/namespaces', { metadata: { name: 'ssa' } })).status, 201);
    assert.equal((await as('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/ssa/rolebindings', { metadata: { name: 'dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'developer' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dev' }] })).status, 201);
    const made = await api(s, 'PATCH', '/api/v1/namespaces/ssa/secrets/db?fieldManager=ops', { token: s.adminToken, body: JSON.stringify(secret('s3cret-canary')), contentType: 'application/apply-patch+yaml' });
    assert.equal(made.status, 201, made.text);
  });
  after(async () => { await s?.stop(); });

  test('a developer (patch, not get) gets the same answer whether the guess is right or wrong', async () => {
    const answers = [];
    for (const guess of ['s3cret-canary', 'wrong-guess']) {
      for (const dry of ['&dryRun=All', '']) {
        const r = await api(s, 'PATCH', `/api/v1/namespaces/ssa/secrets/db?fieldManager=dev${dry}`, { token: DEV, body: JSON.stringify(secret(guess)), contentType: 'application/apply-patch+yaml' });
        assert.doesNotMatch(r.text, /s3cret-canary|czNjcmV0LWNhbmFyeQ/);
        answers.push(`${r.status} ${r.body.message?.replace(guess, 'GUESS')}`);
      }
    }
    assert.equal(new Set(answers).size, 1, answers.join('\n'));
    assert.match(answers[0], /^409 Apply failed with 1 conflict: conflict with "ops" using v1: \.data\.password$/);
  });

  test('a developer\'s merge patch records the same ownership whatever the value', async () => {
    const owners = [];
    for (const guess of ['s3cret-canary', 'wrong-guess']) {
      const r = await api(s, 'PATCH', '/api/v1/namespaces/ssa/secrets/db?fieldManager=dev&dryRun=All', { token: DEV, body: { data: { password: Buffer.from(guess).toString('base64') } }, contentType: 'application/merge-patch+json' });
      assert.equal(r.status, 200, r.text);
      owners.push(JSON.stringify(r.body.metadata.managedFields.map((e: ManagedFieldsEntry) => [e.manager, e.operation, e.fieldsV1])));
    }
    assert.equal(owners[0], owners[1]);
  });
});
