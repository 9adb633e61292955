// Least privilege of the infrastructure users, with the real kubectl against a server running the
// built-in scheduler and two node agents: the credentials are the ones `gatehouse serve` wrote into
// its data dir (scheduler.kubeconfig, node-1.kubeconfig), so these are exactly the components' rights.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const NS = 'lp';

interface Case { name: string; args: string[]; input?: string; want?: RegExp }

describe('least privilege of the scheduler and node agents (kubectl)', needs(kubectlBinary), () => {
  let s: TestServer;
  let node1: string;
  let scheduler: string;
  const uid: Record<string, string> = {};
  const tokenOf = (file: string) => /token: (\S+)/.exec(fs.readFileSync(path.join(s.dataDir, file), 'utf8'))![1];
  const asAdmin = async (method: string, p: string, body: unknown) => {
    const r = await api(s, method, p, { token: s.adminToken, body });
    assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
    return r.body;
  };
  const pod = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec } });

  before(async () => {
    s = await startServerProcess({ args: ['--nodes', '2'] });
    for (const f of ['scheduler.kubeconfig', 'node-1.kubeconfig', 'node-2.kubeconfig']) {
      assert.equal(fs.statSync(path.join(s.dataDir, f)).mode & 0o777, 0o600, `${f} is 0600`);
    }
    node1 = kubeconfigFor(s, 'node-1', tokenOf('node-1.kubeconfig'), NS);
    scheduler = kubeconfigFor(s, 'scheduler', tokenOf('scheduler.kubeconfig'), NS);
    await asAdmin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    for (const sa of ['runner', 'other-sa']) await asAdmin('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } });
    for (const sec of ['s-mine', 's-theirs', 's-other']) await asAdmin('POST', `/api/v1/namespaces/${NS}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: sec }, stringData: { k: 'v' } });
    for (const cm of ['cm-mine', 'cm-other']) await asAdmin('POST', `/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm }, data: { k: 'v' } });
    const created = [
      pod('mine', { nodeName: 'node-1', serviceAccountName: 'runner', volumes: [{ name: 's', secret: { secretName: 's-mine' } }, { name: 'c', configMap: { name: 'cm-mine' } }] }),
      pod('mine-del', { nodeName: 'node-1' }),
      pod('theirs', { nodeName: 'node-2', serviceAccountName: 'runner', volumes: [{ name: 's', secret: { secretName: 's-theirs' } }] }),
      // Pods for another scheduler stay unbound.
      pod('unbound', { schedulerName: 'other-scheduler', serviceAccountName: 'other-sa', volumes: [{ name: 's', secret: { secretName: 's-other' } }] }),
      pod('unbound-2', { schedulerName: 'other-scheduler' }),
    ];
    for (const p of created) uid[p.metadata.name] = (await asAdmin('POST', `/api/v1/namespaces/${NS}/pods`, p)).metadata.uid;
  });
  after(async () => { await s?.stop(); });

  // `$uid:<pod>` in an argument stands for the pod's uid, known only once the server runs.
  const run = (kc: string, c: Case) => kubectl(kc, c.args.map((a) => a.replace(/^\$uid:(.+)$/, (_m, p: string) => uid[p])), c.input);
  const event = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: NS }, involvedObject: { kind: 'Pod', namespace: NS, name: 'mine' }, reason: 'Test', message: 'hello', type: 'Normal' });
  const binding = (pod: string, node: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: pod }, target: { kind: 'Node', name: node } });

  describe('node-1 may', () => {
    const cases: Case[] = [
      { name: 'get a pod bound to it', args: ['get', 'pod', 'mine', '-o', 'name'], want: /pod\/mine/ },
      { name: 'list its pods in all namespaces with spec.nodeName=node-1', args: ['get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-1', '-o', 'name'], want: /pod\/mine/ },
      { name: 'get a secret its pod mounts', args: ['get', 'secret', 's-mine', '-o', 'name'], want: /secret\/s-mine/ },
      { name: 'get a config map its pod mounts', args: ['get', 'configmap', 'cm-mine', '-o', 'name'], want: /configmap\/cm-mine/ },
      // The kubelet's single-object watch: list, then watch, with fieldSelector metadata.name=<name>.
      { name: 'list a config map its pod mounts, by name', args: ['get', 'configmaps', '--field-selector', 'metadata.name=cm-mine', '-o', 'name'], want: /configmap\/cm-mine/ },
      { name: 'watch a config map its pod mounts, by name', args: ['get', '--raw', `/api/v1/namespaces/${NS}/configmaps?fieldSelector=metadata.name%3Dcm-mine&watch=1&timeoutSeconds=1`], want: /"type":"ADDED".*"name":"cm-mine"/ },
      { name: 'request a token of its pod\'s service account bound to that pod', args: ['create', 'token', 'runner', '--bound-object-kind', 'Pod', '--bound-object-name', 'mine', '--bound-object-uid', '$uid:mine'], want: /^ey/ },
      { name: 'get its own Node', args: ['get', 'node', 'node-1', '-o', 'name'], want: /node\/node-1/ },
      { name: 'patch its own Node status', args: ['patch', 'node', 'node-1', '--subresource=status', '--type=merge', '-p', '{"status":{"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}}}}'], want: /patched/ },
      { name: 'patch the status of its pod', args: ['patch', 'pod', 'mine', '--subresource=status', '--type=merge', '-p', '{"status":{"message":"checked by node-1"}}'], want: /patched/ },
      { name: 'record an event', args: ['create', '-f', '-'], input: event('node-event'), want: /created/ },
      { name: 'delete its pod (the end of graceful deletion)', args: ['delete', 'pod', 'mine-del', '--grace-period=0', '--force', '--wait=false'], want: /deleted/ },
    ];
    for (const c of cases) {
      test(c.name, () => {
        const r = run(node1, c);
        assert.equal(r.code, 0, r.stderr);
        if (c.want) assert.match(r.stdout, c.want);
      });
    }
  });

  describe('node-1 may not', () => {
    const cases: Case[] = [
      { name: 'list all pods', args: ['get', 'pods', '-A'], want: /can only list\/watch pods with spec.nodeName field selector/ },
      { name: 'list the pods of a namespace', args: ['get', 'pods'] },
      { name: 'list another node\'s pods', args: ['get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-2'] },
      { name: 'get a pod bound to another node', args: ['get', 'pod', 'theirs'], want: /no relationship found between node 'node-1' and this object/ },
      { name: 'get an unbound pod', args: ['get', 'pod', 'unbound'] },
      { name: 'create a pod', args: ['run', 'sneaky', '--image=nginx:1.27', '--overrides={"spec":{"nodeName":"node-1"}}'] },
      { name: 'relabel its pod', args: ['label', 'pod', 'mine', 'tier=hacked'] },
      { name: 'annotate its pod', args: ['annotate', 'pod', 'mine', 'x=y'] },
      { name: 'update the status of another node\'s pod', args: ['patch', 'pod', 'theirs', '--subresource=status', '--type=merge', '-p', '{"status":{"message":"x"}}'] },
      { name: 'delete another node\'s pod', args: ['delete', 'pod', 'theirs', '--wait=false'] },
      { name: 'bind a pod', args: ['create', '--raw', `/api/v1/namespaces/${NS}/pods/unbound/binding`, '-f', '-'], input: binding('unbound', 'node-1') },
      { name: 'get a secret no pod of its references', args: ['get', 'secret', 's-other'] },
      { name: 'get a secret only another node\'s pod references', args: ['get', 'secret', 's-theirs'] },
      { name: 'list secrets', args: ['get', 'secrets'], want: /can only get individual resources of this type/ },
      { name: 'update a secret its pod mounts', args: ['label', 'secret', 's-mine', 'x=y'] },
      { name: 'create a secret', args: ['create', 'secret', 'generic', 'planted', '--from-literal=a=b'] },
      { name: 'get a config map no pod of its references', args: ['get', 'configmap', 'cm-other'] },
      { name: 'list config maps', args: ['get', 'configmaps'], want: /can only list\/watch individual config maps/ },
      { name: 'list a config map no pod of its references, by name', args: ['get', 'configmaps', '--field-selector', 'metadata.name=cm-other'], want: /no relationship found between node 'node-1' and this object/ },
      { name: 'watch a config map no pod of its references, by name', args: ['get', '--raw', `/api/v1/namespaces/${NS}/configmaps?fieldSelector=metadata.name%3Dcm-other&watch=1&timeoutSeconds=1`] },
      { name: 'watch config maps with a selector that also names its own', args: ['get', '--raw', `/api/v1/namespaces/${NS}/configmaps?fieldSelector=metadata.name%3Dcm-mine%2Cmetadata.name%21%3Dcm-other&watch=1&timeoutSeconds=1`] },
      { name: 'list config maps in all namespaces by the name of its own', args: ['get', 'configmaps', '-A', '--field-selector', 'metadata.name=cm-mine'] },
      { name: 'watch a secret its pod mounts, by name (secrets: get only)', args: ['get', '--raw', `/api/v1/namespaces/${NS}/secrets?fieldSelector=metadata.name%3Ds-mine&watch=1&timeoutSeconds=1`] },
      { name: 'request a token of a service account none of its pods runs as', args: ['create', 'token', 'other-sa'] },
      { name: 'request an unbound token of its pod\'s service account', args: ['create', 'token', 'runner'], want: /node requested token not bound to a pod/ },
      { name: 'request a token bound to another node\'s pod', args: ['create', 'token', 'runner', '--bound-object-kind', 'Pod', '--bound-object-name', 'theirs', '--bound-object-uid', '$uid:theirs'], want: /scheduled on a different node/ },
      { name: 'get service accounts', args: ['get', 'serviceaccounts'] },
      { name: 'get another Node', args: ['get', 'node', 'node-2'] },
      { name: 'list Nodes', args: ['get', 'nodes'] },
      { name: 'relabel another Node', args: ['label', 'node', 'node-2', 'x=y'] },
      { name: 'register another Node', args: ['create', '-f', '-'], input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-9' } }), want: /is not allowed to modify node "node-9"/ },
      { name: 'delete its own Node', args: ['delete', 'node', 'node-1', '--wait=false'] },
      { name: 'list events', args: ['get', 'events'] },
      { name: 'list namespaces', args: ['get', 'namespaces'] },
      { name: 'create a namespace', args: ['create', 'namespace', 'node-made'] },
      { name: 'read role bindings', args: ['get', 'rolebindings'] },
      { name: 'create a cluster role binding', args: ['create', 'clusterrolebinding', 'node-admin', '--clusterrole=cluster-admin', '--user=system:node:node-1'] },
      { name: 'list users', args: ['get', 'users.iam.gatehouse.dev'] },
      { name: 'impersonate a user', args: ['get', 'pods', '--as=alice'] },
    ];
    test('at least 20 denied cases', () => assert.ok(cases.length >= 20));
    for (const c of cases) {
      test(c.name, () => {
        const r = run(node1, c);
        assert.notEqual(r.code, 0, `should fail: ${r.stdout}`);
        assert.match(r.stderr, /Forbidden|forbidden/);
        // Authorization denials name the user; NodeRestriction's (admission) name what was wrong, as upstream's.
        assert.match(r.stderr, c.want ?? /system:node:node-1/);
      });
    }
  });

  describe('the scheduler may', () => {
    const cases: Case[] = [
      { name: 'list pods in all namespaces', args: ['get', 'pods', '-A', '-o', 'name'], want: /pod\/unbound/ },
      { name: 'list unscheduled pods', args: ['get', 'pods', '-A', '--field-selector', 'spec.nodeName=', '-o', 'name'], want: /pod\/unbound/ },
      { name: 'get a pod', args: ['get', 'pod', 'theirs', '-o', 'name'], want: /pod\/theirs/ },
      { name: 'list nodes', args: ['get', 'nodes', '-o', 'name'], want: /node\/node-1/ },
      { name: 'get a node', args: ['get', 'node', 'node-2', '-o', 'name'], want: /node\/node-2/ },
      { name: 'record an event', args: ['create', '-f', '-'], input: event('scheduler-event'), want: /created/ },
      { name: 'bind a pod', args: ['create', '--raw', `/api/v1/namespaces/${NS}/pods/unbound-2/binding`, '-f', '-'], input: binding('unbound-2', 'node-2'), want: /Success/ },
    ];
    for (const c of cases) {
      test(c.name, () => {
        const r = run(scheduler, c);
        assert.equal(r.code, 0, r.stderr);
        if (c.want) assert.match(r.stdout, c.want);
      });
    }
    test('the binding set spec.nodeName and PodScheduled; binding again is a conflict', async () => {
      const bound = await api(s, 'GET', `/api/v1/namespaces/${NS}/pods/unbound-2`, { token: s.adminToken });
      assert.equal(bound.body.spec.nodeName, 'node-2');
      assert.equal(bound.body.status.conditions.find((c: any) => c.type === 'PodScheduled')?.status, 'True');
      // A second binding of a bound pod is a conflict.
      const again = run(scheduler, { name: 'rebind', args: ['create', '--raw', `/api/v1/namespaces/${NS}/pods/unbound-2/binding`, '-f', '-'], input: binding('unbound-2', 'node-1') });
      assert.notEqual(again.code, 0);
      assert.match(again.stderr, /already assigned to node "node-2"/);
    });
  });

  describe('the scheduler may not', () => {
    const cases: Case[] = [
      { name: 'list secrets', args: ['get', 'secrets', '-A'] },
      { name: 'get a secret', args: ['get', 'secret', 's-mine'] },
      { name: 'list config maps', args: ['get', 'configmaps'] },
      { name: 'get a config map', args: ['get', 'configmap', 'cm-mine'] },
      { name: 'create a pod', args: ['run', 'sneaky', '--image=nginx:1.27'] },
      { name: 'delete a pod', args: ['delete', 'pod', 'theirs', '--wait=false'] },
      { name: 'relabel a pod', args: ['label', 'pod', 'theirs', 'x=y'] },
      { name: 'update a pod\'s status', args: ['patch', 'pod', 'theirs', '--subresource=status', '--type=merge', '-p', '{"status":{"message":"x"}}'] },
      { name: 'create a node', args: ['create', '-f', '-'], input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-9' } }) },
      { name: 'relabel a node', args: ['label', 'node', 'node-1', 'x=y'] },
      // (`kubectl cordon` exits 0 even when its PATCH is refused, so the patch is sent directly.)
      { name: 'cordon a node', args: ['patch', 'node', 'node-1', '--type=merge', '-p', '{"spec":{"unschedulable":true}}'] },
      { name: 'delete a node', args: ['delete', 'node', 'node-1', '--wait=false'] },
      { name: 'list namespaces', args: ['get', 'namespaces'] },
      { name: 'create a namespace', args: ['create', 'namespace', 'sched-made'] },
      { name: 'request a service-account token', args: ['create', 'token', 'runner'] },
      { name: 'list service accounts', args: ['get', 'serviceaccounts'] },
      { name: 'create a secret', args: ['create', 'secret', 'generic', 'planted', '--from-literal=a=b'] },
      { name: 'list events', args: ['get', 'events'] },
      { name: 'read role bindings', args: ['get', 'rolebindings'] },
      { name: 'read cluster roles', args: ['get', 'clusterroles'] },
      { name: 'create a cluster role binding', args: ['create', 'clusterrolebinding', 'sched-admin', '--clusterrole=cluster-admin', '--user=system:kube-scheduler'] },
      { name: 'list users', args: ['get', 'users.iam.gatehouse.dev'] },
      { name: 'impersonate a user', args: ['get', 'pods', '--as=alice'] },
    ];
    test('at least 20 denied cases', () => assert.ok(cases.length >= 20));
    for (const c of cases) {
      test(c.name, () => {
        const r = run(scheduler, c);
        assert.notEqual(r.code, 0, `should fail: ${r.stdout}`);
        assert.match(r.stderr, /Forbidden|forbidden/);
        assert.match(r.stderr, /system:kube-scheduler/);
      });
    }
  });
});
