// The scale subresource (scale.ts) over the real app on an in-memory store: the Scale kubectl reads, the
// writes it sends (merge patch, PUT) and what is refused. Scaling a running Deployment end to end (the
// controllers, `kubectl scale`) is in ../components/workloads.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startInProcess, type InProcessServer } from '../testing/in-process';

let s: InProcessServer;
const APPS = '/apis/apps/v1/namespaces/default';
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
const workload = (kind: string, name: string, replicas: number) => ({ apiVersion: 'apps/v1', kind, metadata: { name }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, template } });

before(async () => {
  s = await startInProcess();
  assert.equal((await s.request('POST', `${APPS}/deployments`, { body: workload('Deployment', 'web', 2) })).status, 201);
  assert.equal((await s.request('POST', `${APPS}/replicasets`, { body: workload('ReplicaSet', 'rs', 1) })).status, 201);
});
after(async () => { await s.close(); });

const merge = (p: string, body: unknown) => s.request('PATCH', p, { body, contentType: 'application/merge-patch+json' });

describe('scale subresource', () => {
  test('GET answers the autoscaling/v1 Scale with the selector as a string', async () => {
    const r = await s.request('GET', `${APPS}/deployments/web/scale`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.kind, 'Scale');
    assert.equal(r.body.apiVersion, 'autoscaling/v1');
    assert.equal(r.body.metadata.name, 'web');
    assert.equal(r.body.spec.replicas, 2);
    assert.equal(r.body.status.selector, 'app=web');
  });

  test('a merge patch (what kubectl scale sends) changes spec.replicas only, and moves the generation on', async () => {
    const before = (await s.request('GET', `${APPS}/deployments/web`)).body;
    const r = await merge(`${APPS}/deployments/web/scale`, { spec: { replicas: 4 } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.kind, 'Scale');
    assert.equal(r.body.spec.replicas, 4);
    const after = (await s.request('GET', `${APPS}/deployments/web`)).body;
    assert.equal(after.spec.replicas, 4);
    assert.deepEqual(after.spec.template, before.spec.template);
    assert.equal(after.metadata.generation, before.metadata.generation + 1);
  });

  test('PUT of a Scale, with a stale resourceVersion a 409', async () => {
    const cur = (await s.request('GET', `${APPS}/replicasets/rs/scale`)).body;
    const r = await s.request('PUT', `${APPS}/replicasets/rs/scale`, { body: { ...cur, spec: { replicas: 3 } } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await s.request('GET', `${APPS}/replicasets/rs`)).body.spec.replicas, 3);
    const stale = await s.request('PUT', `${APPS}/replicasets/rs/scale`, { body: { ...cur, spec: { replicas: 5 } } });
    assert.equal(stale.status, 409, stale.text);
  });

  test('bad input is a 4xx Status naming the field; apply is 415; other verbs 405; a missing object 404', async () => {
    const neg = await merge(`${APPS}/deployments/web/scale`, { spec: { replicas: -1 } });
    assert.equal(neg.status, 422, neg.text);
    assert.equal(neg.body.details.causes[0].field, 'spec.replicas');
    const apply = await s.request('PATCH', `${APPS}/deployments/web/scale?fieldManager=me`, { body: { spec: { replicas: 1 } }, contentType: 'application/apply-patch+yaml' });
    assert.equal(apply.status, 415, apply.text);
    assert.equal((await s.request('DELETE', `${APPS}/deployments/web/scale`)).status, 405);
    assert.equal((await s.request('GET', `${APPS}/deployments/nope/scale`)).status, 404);
  });

  test('a resource whose table entry has no scale subresource has none', async () => {
    assert.equal((await s.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } } })).status, 201);
    assert.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps/cm/scale')).status, 404);
  });
});
