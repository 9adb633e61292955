// The pods' container subresources (containers.ts) over the real app on an in-memory store: an honest
// 400 naming the pod and its node, never "not found" for a pod that exists (`kubectl logs`, `exec`,
// `attach`, `port-forward`, `debug`). kubectl's own output is checked in ../fidelity.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startInProcess, type InProcessServer } from '../../testing/in-process';

let s: InProcessServer;
const PODS = '/api/v1/namespaces/default/pods';
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });

before(async () => {
  s = await startInProcess();
  for (const name of ['p1', 'unbound']) assert.equal((await s.request('POST', PODS, { body: pod(name) })).status, 201);
  const bound = await s.request('POST', `${PODS}/p1/binding`, { body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p1' }, target: { kind: 'Node', name: 'node-1' } } });
  assert.equal(bound.status, 201, bound.text);
});
after(async () => { await s.close(); });

describe('pods/log, exec, attach, portforward', () => {
  for (const [sub, method, what] of [['log', 'GET', 'logs are'], ['exec?command=ls&container=c&stdout=true', 'POST', 'exec is'], ['attach?container=c&stdout=true', 'POST', 'attach is'], ['portforward?ports=8080', 'POST', 'port-forward is']] as const) {
    test(`pods/${sub.split('?')[0]}: an honest 400 naming the pod and its node; a missing pod is 404`, async () => {
      const r = await s.request(method, `${PODS}/p1/${sub}`);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, 'BadRequest');
      assert.match(r.body.message, new RegExp(`^${what} not available for pod p1: it is on node "node-1", one of Gatehouse's built-in nodes, which run no containers$`));
      const unbound = await s.request(method, `${PODS}/unbound/${sub}`);
      assert.equal(unbound.status, 400, unbound.text);
      assert.equal(unbound.body.message, 'pod unbound does not have a host assigned');
      assert.equal((await s.request(method, `${PODS}/nope/${sub}`)).status, 404);
    });
  }
});

describe('pods/ephemeralcontainers (kubectl debug)', () => {
  test('adding one is an honest 400; reading it reads the pod; a missing pod is 404', async () => {
    const r = await s.request('PATCH', `${PODS}/p1/ephemeralcontainers`, {
      contentType: 'application/strategic-merge-patch+json', body: { spec: { ephemeralContainers: [{ name: 'dbg', image: 'busybox' }] } },
    });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.reason, 'BadRequest');
    assert.match(r.body.message, /^ephemeral containers are not available for pod p1: it is on node "node-1", one of Gatehouse's built-in nodes, which run no containers$/);
    const got = await s.request('GET', `${PODS}/p1/ephemeralcontainers`);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.body.kind, 'Pod');
    assert.equal(got.body.metadata.name, 'p1');
    assert.equal((await s.request('PATCH', `${PODS}/nope/ephemeralcontainers`, { contentType: 'application/merge-patch+json', body: {} })).status, 404);
  });

  test('another resource has no container subresources', async () => {
    assert.equal((await s.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } } })).status, 201);
    assert.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps/cm/log')).status, 404);
  });
});
