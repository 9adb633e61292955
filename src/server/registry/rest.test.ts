// Generic REST over the real app on an in-memory store (src/server/testing/in-process.ts): the verbs,
// pagination, optimistic concurrency, the four patch types, dry run and selectors, as kubectl uses them.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startInProcess, type InProcessServer } from '../testing/in-process';
import type { RequestContext } from '../http/context';
import type { KubeObject } from '../../shared/api/meta';
import { filterFor } from './rest';
import { MATCH_ALL } from './selectors';
import { fieldsAt, type Strategy } from './strategies';

let s: InProcessServer;
before(async () => { s = await startInProcess(); });
after(async () => { await s.close(); });

const NS = '/api/v1/namespaces/default';
const cm = (name: string, data: Record<string, string> = { k: 'v' }, labels?: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data,
});

describe('create and get', () => {
  test('create answers 201 with uid, resourceVersion and creationTimestamp; get returns the same object', async () => {
    const c = await s.request('POST', `${NS}/configmaps`, { body: cm('one') });
    assert.equal(c.status, 201, c.text);
    assert.ok(c.body.metadata.uid);
    assert.match(c.body.metadata.resourceVersion, /^\d+$/);
    assert.ok(c.body.metadata.creationTimestamp);
    const g = await s.request('GET', `${NS}/configmaps/one`);
    assert.equal(g.status, 200);
    assert.deepEqual(g.body.data, { k: 'v' });
    assert.equal(g.body.metadata.resourceVersion, c.body.metadata.resourceVersion);
  });

  test('a second create of the same name is 409 AlreadyExists', async () => {
    await s.request('POST', `${NS}/configmaps`, { body: cm('dup') });
    const r = await s.request('POST', `${NS}/configmaps`, { body: cm('dup') });
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'AlreadyExists');
  });

  test('get of a missing object is 404 NotFound, as a Status naming it', async () => {
    const r = await s.request('GET', `${NS}/configmaps/nope`);
    assert.equal(r.status, 404);
    assert.equal(r.body.kind, 'Status');
    assert.equal(r.body.reason, 'NotFound');
    assert.match(r.body.message, /nope/);
  });

  test('generateName makes a unique name', async () => {
    const r = await s.request('POST', `${NS}/configmaps`, { body: { ...cm(''), metadata: { generateName: 'gen-' } } });
    assert.equal(r.status, 201, r.text);
    assert.match(r.body.metadata.name, /^gen-[a-z0-9]{5}$/);
  });

  test('bad input is a 4xx Status naming the field, never a 500', async () => {
    const bad = await s.request('POST', `${NS}/configmaps`, { body: { ...cm('Bad_Name') } });
    assert.equal(bad.status, 422, bad.text);
    assert.equal(bad.body.reason, 'Invalid');
    assert.ok(bad.body.details.causes.some((c: { field: string }) => c.field === 'metadata.name'));
    const kind = await s.request('POST', `${NS}/configmaps`, { body: { ...cm('x'), kind: 'Secret' } });
    assert.equal(kind.status, 400);
    const notJson = await s.request('POST', `${NS}/configmaps`, { body: '{"metadata":', contentType: 'application/json' });
    assert.equal(notJson.status, 400);
  });

  test('an anonymous request to a resource is 401, a user without a grant 403', async () => {
    const anon = await s.request('GET', `${NS}/configmaps`, { as: { token: 'no-such-token' } });
    assert.equal(anon.status, 401);
    const alice = await s.request('GET', `${NS}/configmaps`, { as: 'alice' });
    assert.equal(alice.status, 403);
    assert.equal(alice.body.reason, 'Forbidden');
  });
});

describe('list and continue', () => {
  before(async () => {
    await s.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paged' } } });
    for (let i = 0; i < 7; i++) {
      const r = await s.request('POST', '/api/v1/namespaces/paged/configmaps', { body: cm(`item-${i}`, { i: String(i) }, { parity: i % 2 ? 'odd' : 'even' }) });
      assert.equal(r.status, 201, r.text);
    }
  });

  test('limit pages through every item once, in name order, at one resourceVersion', async () => {
    const names: string[] = [];
    let cont = '';
    const rvs = new Set<string>();
    let pages = 0;
    do {
      const r = await s.request('GET', `/api/v1/namespaces/paged/configmaps?limit=3${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.kind, 'ConfigMapList');
      names.push(...r.body.items.map((o: any) => o.metadata.name));
      rvs.add(r.body.metadata.resourceVersion);
      if (r.body.metadata.continue) assert.equal(typeof r.body.metadata.remainingItemCount, 'number');
      cont = r.body.metadata.continue ?? '';
      pages += 1;
      // A write between pages must not move the snapshot the pages report.
      if (pages === 1) await s.request('POST', '/api/v1/namespaces/default/configmaps', { body: cm('between-pages') });
    } while (cont && pages < 20);
    assert.equal(cont, '', 'paging ends');
    // kube-root-ca.crt (namespace defaults) is in the namespace too.
    assert.deepEqual(names.filter((n) => n.startsWith('item-')), [0, 1, 2, 3, 4, 5, 6].map((i) => `item-${i}`));
    assert.equal(new Set(names).size, names.length);
    assert.equal(rvs.size, 1);
    assert.ok(pages >= 3);
  });

  test('a malformed continue token is 400', async () => {
    const r = await s.request('GET', '/api/v1/namespaces/paged/configmaps?limit=2&continue=%25%25garbage');
    assert.equal(r.status, 400);
    assert.match(r.body.message, /continue/);
  });

  test('label selectors filter, and page across filtered items', async () => {
    const r = await s.request('GET', '/api/v1/namespaces/paged/configmaps?labelSelector=parity%3Dodd');
    assert.deepEqual(r.body.items.map((o: any) => o.metadata.name), ['item-1', 'item-3', 'item-5']);
    const p1 = await s.request('GET', '/api/v1/namespaces/paged/configmaps?labelSelector=parity%3Deven&limit=2');
    assert.equal(p1.body.items.length, 2);
    assert.equal(p1.body.metadata.remainingItemCount, undefined);
    const p2 = await s.request('GET', `/api/v1/namespaces/paged/configmaps?labelSelector=parity%3Deven&limit=2&continue=${encodeURIComponent(p1.body.metadata.continue)}`);
    assert.deepEqual(p2.body.items.map((o: any) => o.metadata.name), ['item-4', 'item-6']);
  });

  test('field selectors on metadata.name and metadata.namespace; an unknown field is 400', async () => {
    const byName = await s.request('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Ditem-2');
    assert.deepEqual(byName.body.items.map((o: any) => `${o.metadata.namespace}/${o.metadata.name}`), ['paged/item-2']);
    const notNs = await s.request('GET', '/api/v1/configmaps?fieldSelector=metadata.namespace!%3Dpaged,metadata.name%3Dbetween-pages');
    assert.deepEqual(notNs.body.items.map((o: any) => o.metadata.name), ['between-pages']);
    const bad = await s.request('GET', '/api/v1/configmaps?fieldSelector=spec.nothing%3Dx');
    assert.equal(bad.status, 400, bad.text);
  });

  test('pods have their own field selectors (spec.nodeName, status.phase)', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fs-pod' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    const c = await s.request('POST', `${NS}/pods`, { body: pod });
    assert.equal(c.status, 201, c.text);
    const unscheduled = await s.request('GET', `${NS}/pods?fieldSelector=spec.nodeName%3D`);
    assert.deepEqual(unscheduled.body.items.map((o: any) => o.metadata.name), ['fs-pod']);
    const onNode = await s.request('GET', `${NS}/pods?fieldSelector=spec.nodeName%3Dnode-1`);
    assert.deepEqual(onNode.body.items, []);
    const pending = await s.request('GET', `${NS}/pods?fieldSelector=status.phase%3DPending`);
    assert.deepEqual(pending.body.items.map((o: any) => o.metadata.name), ['fs-pod']);
  });

  test('cluster-wide list spans namespaces', async () => {
    const r = await s.request('GET', '/api/v1/configmaps?labelSelector=parity');
    assert.equal(r.body.items.length, 7);
    assert.ok(r.body.items.every((o: any) => o.metadata.namespace === 'paged'));
  });
});

describe('update and optimistic concurrency', () => {
  test('an update with the current resourceVersion bumps it; a stale one is 409 Conflict', async () => {
    const c = await s.request('POST', `${NS}/configmaps`, { body: cm('occ') });
    const first = { ...c.body, data: { k: 'v2' } };
    const u1 = await s.request('PUT', `${NS}/configmaps/occ`, { body: first });
    assert.equal(u1.status, 200, u1.text);
    assert.ok(Number(u1.body.metadata.resourceVersion) > Number(c.body.metadata.resourceVersion));
    const stale = await s.request('PUT', `${NS}/configmaps/occ`, { body: { ...c.body, data: { k: 'lost update' } } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal((await s.request('GET', `${NS}/configmaps/occ`)).body.data.k, 'v2');
  });

  test('an update without resourceVersion is unconditional; a name mismatch is 400', async () => {
    await s.request('POST', `${NS}/configmaps`, { body: cm('uncond') });
    const u = await s.request('PUT', `${NS}/configmaps/uncond`, { body: cm('uncond', { k: 'forced' }) });
    assert.equal(u.status, 200, u.text);
    const mismatch = await s.request('PUT', `${NS}/configmaps/uncond`, { body: cm('other') });
    assert.equal(mismatch.status, 400, mismatch.text);
  });

  test('uid and creationTimestamp cannot be changed by an update', async () => {
    const c = await s.request('POST', `${NS}/configmaps`, { body: cm('keep-uid') });
    const u = await s.request('PUT', `${NS}/configmaps/keep-uid`, { body: { ...c.body, metadata: { ...c.body.metadata, uid: 'forged', creationTimestamp: '2000-01-01T00:00:00Z' } } });
    assert.equal(u.body.metadata?.uid ?? c.body.metadata.uid, c.body.metadata.uid);
    const g = await s.request('GET', `${NS}/configmaps/keep-uid`);
    assert.equal(g.body.metadata.uid, c.body.metadata.uid);
    assert.equal(g.body.metadata.creationTimestamp, c.body.metadata.creationTimestamp);
  });
});

describe('write answers', () => {
  /** serializations counts JSON.stringify calls on a ConfigMap named `name` while `fn` runs. */
  async function serializations(name: string, fn: () => Promise<void>): Promise<number> {
    const stringify = JSON.stringify;
    let n = 0;
    JSON.stringify = ((v: any, ...rest: any[]) => {
      if (v && v.kind === 'ConfigMap' && v.metadata?.name === name) n += 1;
      return (stringify as any)(v, ...rest);
    }) as typeof JSON.stringify;
    try { await fn(); } finally { JSON.stringify = stringify; }
    return n;
  }

  test('create and update answer with the JSON the store wrote (serialized once), the same bytes a get returns', async () => {
    let c: Awaited<ReturnType<typeof s.request>> | undefined;
    // Bodies are sent as text so the only serializations counted are the server's.
    const body = JSON.stringify(cm('bytes'));
    assert.equal(await serializations('bytes', async () => { c = await s.request('POST', `${NS}/configmaps`, { body, contentType: 'application/json' }); }), 1);
    assert.equal(c!.status, 201, c!.text);
    assert.equal(c!.text, (await s.request('GET', `${NS}/configmaps/bytes`)).text);
    let u: Awaited<ReturnType<typeof s.request>> | undefined;
    const put = JSON.stringify({ ...c!.body, data: { k: 'v2' } });
    assert.equal(await serializations('bytes', async () => { u = await s.request('PUT', `${NS}/configmaps/bytes`, { body: put, contentType: 'application/json' }); }), 1);
    assert.equal(u!.status, 200, u!.text);
    assert.equal(u!.text, (await s.request('GET', `${NS}/configmaps/bytes`)).text);
    // A dry run stores nothing: its answer is serialized from the object.
    const dry = await s.request('POST', `${NS}/configmaps?dryRun=All`, { body: cm('bytes-dry') });
    assert.equal(dry.status, 201, dry.text);
    assert.equal(dry.body.metadata.name, 'bytes-dry');
    assert.equal(dry.body.kind, 'ConfigMap');
  });
});

describe('patch', () => {
  before(async () => {
    await s.request('POST', `${NS}/configmaps`, { body: cm('p', { a: '1', b: '2' }, { app: 'x' }) });
  });

  test('merge patch sets and removes keys (null deletes)', async () => {
    const r = await s.request('PATCH', `${NS}/configmaps/p`, { body: { data: { a: '10', b: null } }, contentType: 'application/merge-patch+json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.data, { a: '10' });
  });

  test('JSON patch applies operations in order; a failed test op is 422 and changes nothing', async () => {
    const r = await s.request('PATCH', `${NS}/configmaps/p`, { body: [{ op: 'add', path: '/data/c', value: '3' }, { op: 'replace', path: '/data/a', value: '11' }], contentType: 'application/json-patch+json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.data, { a: '11', c: '3' });
    const failed = await s.request('PATCH', `${NS}/configmaps/p`, { body: [{ op: 'replace', path: '/data/a', value: 'no' }, { op: 'test', path: '/data/c', value: 'wrong' }], contentType: 'application/json-patch+json' });
    assert.equal(failed.status, 422, failed.text);
    assert.equal((await s.request('GET', `${NS}/configmaps/p`)).body.data.a, '11');
  });

  test('strategic merge patch merges containers by name', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'smp' }, spec: { containers: [{ name: 'a', image: 'one' }, { name: 'b', image: 'two' }] } };
    assert.equal((await s.request('POST', `${NS}/pods`, { body: pod })).status, 201);
    const r = await s.request('PATCH', `${NS}/pods/smp`, { body: { spec: { containers: [{ name: 'b', image: 'three' }] } }, contentType: 'application/strategic-merge-patch+json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['a=one', 'b=three']);
  });

  test('server-side apply creates, records the manager, and reports a conflict with another manager', async () => {
    const applied = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { owned: 'by-one' } };
    const c = await s.request('PATCH', `${NS}/configmaps/ssa?fieldManager=one`, { body: applied, contentType: 'application/apply-patch+yaml' });
    assert.equal(c.status, 201, c.text);
    assert.ok(c.body.metadata.managedFields.some((m: any) => m.manager === 'one' && m.operation === 'Apply'));
    const conflict = await s.request('PATCH', `${NS}/configmaps/ssa?fieldManager=two`, { body: { ...applied, data: { owned: 'by-two' } }, contentType: 'application/apply-patch+yaml' });
    assert.equal(conflict.status, 409, conflict.text);
    assert.equal(conflict.body.reason, 'Conflict');
    const forced = await s.request('PATCH', `${NS}/configmaps/ssa?fieldManager=two&force=true`, { body: { ...applied, data: { owned: 'by-two' } }, contentType: 'application/apply-patch+yaml' });
    assert.equal(forced.status, 200, forced.text);
    assert.equal(forced.body.data.owned, 'by-two');
  });

  test('an unsupported patch content type is 415; a patch of a missing object 404', async () => {
    const r = await s.request('PATCH', `${NS}/configmaps/p`, { body: { data: {} }, contentType: 'text/plain' });
    assert.equal(r.status, 415, r.text);
    const missing = await s.request('PATCH', `${NS}/configmaps/absent`, { body: { data: {} }, contentType: 'application/merge-patch+json' });
    assert.equal(missing.status, 404);
  });
});

describe('dry run', () => {
  test('dryRun=All on create, update, patch and delete validates and answers but stores nothing', async () => {
    const rv0 = s.app.store.revision();
    const c = await s.request('POST', `${NS}/configmaps?dryRun=All`, { body: cm('dry') });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.metadata.name, 'dry');
    assert.equal((await s.request('GET', `${NS}/configmaps/dry`)).status, 404);
    await s.request('POST', `${NS}/configmaps`, { body: cm('dry-real') });
    const rv1 = s.app.store.revision();
    assert.equal(rv1, rv0 + 1);
    const u = await s.request('PUT', `${NS}/configmaps/dry-real?dryRun=All`, { body: cm('dry-real', { k: 'changed' }) });
    assert.equal(u.status, 200, u.text);
    assert.equal(u.body.data.k, 'changed');
    const p = await s.request('PATCH', `${NS}/configmaps/dry-real?dryRun=All`, { body: { data: { k: 'patched' } }, contentType: 'application/merge-patch+json' });
    assert.equal(p.body.data.k, 'patched');
    const d = await s.request('DELETE', `${NS}/configmaps/dry-real`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] } });
    assert.equal(d.status, 200, d.text);
    assert.equal(s.app.store.revision(), rv1);
    assert.equal((await s.request('GET', `${NS}/configmaps/dry-real`)).body.data.k, 'v');
  });

  test('dry run still validates (422) and an unknown dryRun value is 400', async () => {
    const bad = await s.request('POST', `${NS}/configmaps?dryRun=All`, { body: cm('BAD') });
    assert.equal(bad.status, 422);
    const value = await s.request('POST', `${NS}/configmaps?dryRun=Some`, { body: cm('x') });
    assert.equal(value.status, 400);
  });
});

describe('delete', () => {
  test('delete answers the object (or Status), then get is 404; a stale precondition is 409', async () => {
    const c = await s.request('POST', `${NS}/configmaps`, { body: cm('gone') });
    const stale = await s.request('DELETE', `${NS}/configmaps/gone`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: '1' } } });
    assert.equal(stale.status, 409, stale.text);
    const wrongUid = await s.request('DELETE', `${NS}/configmaps/gone`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'other' } } });
    assert.equal(wrongUid.status, 409, wrongUid.text);
    const d = await s.request('DELETE', `${NS}/configmaps/gone`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: c.body.metadata.uid } } });
    assert.equal(d.status, 200, d.text);
    assert.equal((await s.request('GET', `${NS}/configmaps/gone`)).status, 404);
    assert.equal((await s.request('DELETE', `${NS}/configmaps/gone`)).status, 404);
  });

  test('deletecollection with a label selector removes only the matching objects', async () => {
    await s.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sweep' } } });
    for (const [n, l] of [['a', 'x'], ['b', 'x'], ['c', 'y']]) await s.request('POST', '/api/v1/namespaces/sweep/configmaps', { body: cm(n, {}, { l }) });
    const r = await s.request('DELETE', '/api/v1/namespaces/sweep/configmaps?labelSelector=l%3Dx');
    assert.equal(r.status, 200, r.text);
    const left = await s.request('GET', '/api/v1/namespaces/sweep/configmaps?labelSelector=l');
    assert.deepEqual(left.body.items.map((o: any) => o.metadata.name), ['c']);
  });
});

describe('routing', () => {
  test('an unknown resource is 404, a namespaced resource named without namespace is 404', async () => {
    assert.equal((await s.request('GET', '/api/v1/widgets')).status, 404);
    assert.equal((await s.request('GET', '/api/v1/configmaps/one')).status, 404);
  });

  test('a Table is served when kubectl asks for one', async () => {
    const r = await s.request('GET', `${NS}/configmaps`, { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    assert.equal(r.body.kind, 'Table');
    assert.ok(r.body.columnDefinitions.some((c: any) => c.name === 'Name'));
    assert.ok(r.body.rows.length > 0);
  });
});

describe('filterFor', () => {
  // A strategy whose selectable fields count how often they are computed.
  let computed = 0;
  const strategy = { fields: (o: KubeObject) => { computed++; return fieldsAt(o, ['metadata.name', 'spec.nodeName']); } } as unknown as Strategy;
  const filter = (query: string) => filterFor({ query: new URLSearchParams(query) } as RequestContext, strategy);
  const pod = (nodeName: string, labels: Record<string, string> = {}) => ({ metadata: { name: 'p', labels }, spec: { nodeName } }) as unknown as KubeObject;

  test('without selectors it is MATCH_ALL, and looks at no fields', () => {
    assert.equal(filter(''), MATCH_ALL);
    const labelsOnly = filter('labelSelector=app%3Dweb');
    computed = 0;
    assert.equal(labelsOnly(pod('n1', { app: 'web' })), true);
    assert.equal(labelsOnly(pod('n1', { app: 'db' })), false);
    assert.equal(computed, 0);
  });

  test('an object\'s fields are computed once however many watchers test it', () => {
    const onN1 = filter('fieldSelector=spec.nodeName%3Dn1');
    const notN1 = filter('fieldSelector=spec.nodeName!%3Dn1');
    const shared = pod('n1');
    computed = 0;
    assert.deepEqual([onN1(shared), notN1(shared), onN1(shared), notN1(shared)], [true, false, true, false]);
    assert.equal(computed, 1);
    assert.deepEqual([onN1(pod('n2')), notN1(pod('n2'))], [false, true]);
    assert.equal(computed, 3);
  });
});

describe('status writes', () => {
  test('a status patch that keeps the stored spec does not check it again (as upstream); one that changes spec is checked', async () => {
    const c = await s.request('POST', `${NS}/pods`, { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'st' }, spec: { containers: [{ name: 'c', image: 'registry.example.com/c:1' }] } } });
    assert.equal(c.status, 201, c.text);
    // A spec the current schema refuses (as one written by an older version could be), stored past the API.
    const stored = s.app.store.get('/pods', 'default', 'st') as any;
    s.app.store.update('/pods', 'default', 'st', { ...stored, spec: { ...stored.spec, containers: [{ ...stored.spec.containers[0], name: 5 }] } });
    const merge = 'application/merge-patch+json';
    const ok = await s.request('PATCH', `${NS}/pods/st/status`, { body: { status: { phase: 'Running' } }, contentType: merge });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status.phase, 'Running');
    const badStatus = await s.request('PATCH', `${NS}/pods/st/status`, { body: { status: { phase: 'Dancing' } }, contentType: merge });
    assert.equal(badStatus.status, 422, badStatus.text);
    const badSpec = await s.request('PATCH', `${NS}/pods/st/status`, { body: { spec: { containers: [{ name: 6 }] }, status: { phase: 'Failed' } }, contentType: merge });
    assert.equal(badSpec.status, 422, badSpec.text);
  });
});

describe('read paths of the components\' writes', () => {
  test('a binding, a pod-bound TokenRequest and a pod status patch read pod, node and service account from the shared cache, decoding none of their own', async () => {
    const node = await s.request('POST', '/api/v1/nodes', { body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cache-node' } } });
    assert.equal(node.status, 201, node.text);
    const sa = await s.request('POST', `${NS}/serviceaccounts`, { body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'runner' } } });
    assert.equal(sa.status, 201, sa.text);
    const pod = await s.request('POST', `${NS}/pods`, { body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cached' }, spec: { serviceAccountName: 'runner', automountServiceAccountToken: false, containers: [{ name: 'c', image: 'registry.example.com/c:1' }] } } });
    assert.equal(pod.status, 201, pod.text);
    const { store } = s.app;
    const get = store.get;
    const decoded: string[] = [];
    store.get = (res, ns, name) => { decoded.push(`${res} ${name}`); return get(res, ns, name); };
    try {
      const bound = await s.request('POST', `${NS}/pods/cached/binding`, { body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'cached' }, target: { apiVersion: 'v1', kind: 'Node', name: 'cache-node' } } });
      assert.equal(bound.status, 201, bound.text);
      const token = await s.request('POST', `${NS}/serviceaccounts/runner/token`, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'cached', uid: pod.body.metadata.uid } } } });
      assert.equal(token.status, 201, token.text);
      assert.ok(token.body.status.token);
      const status = await s.request('PATCH', `${NS}/pods/cached/status`, { body: { status: { phase: 'Running' } }, contentType: 'application/merge-patch+json' });
      assert.equal(status.status, 200, status.text);
    } finally { store.get = get; }
    assert.deepEqual(decoded.filter((d) => /^\/(pods|nodes|serviceaccounts) /.test(d)), []);
    const after = await s.request('GET', `${NS}/pods/cached`);
    assert.equal(after.body.spec.nodeName, 'cache-node');
    assert.equal(after.body.status.conditions.find((c: any) => c.type === 'PodScheduled')?.status, 'True');
    assert.equal(after.body.status.phase, 'Running');
  });
});
