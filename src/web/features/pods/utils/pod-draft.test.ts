import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDraft, emptyManifest, podDraftOf, updateDraft, volumeNameFor, type Manifest, type PodDraft } from './pod-draft';

const base = (): Manifest => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    tolerations: [{ key: 'gpu', operator: 'Exists' }],
    volumes: [{ name: 'cache', emptyDir: {} }, { name: 'creds', secret: { secretName: 'db', items: [{ key: 'password', path: 'pw.txt' }] } }],
    containers: [
      { name: 'main', image: 'nginx:1', livenessProbe: { httpGet: { path: '/', port: 80 } }, volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'creds', mountPath: '/etc/db', readOnly: true }] },
      { name: 'sidecar', image: 'envoy:1' },
    ],
  },
});

test('podDraftOf reads the first container, secret mounts and security fields', () => {
  const m = base();
  m.spec.containers[0].env = [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'user' } } }];
  m.spec.containers[0].securityContext = { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } };
  m.metadata.annotations = { 'security.gatehouse.dev/profile': 'baseline' };
  const d = podDraftOf(m);
  assert.equal(d.name, 'web');
  assert.equal(d.image, 'nginx:1');
  assert.deepEqual(d.env.map((e) => [e.name, e.source, e.value, e.secretName, e.secretKey]), [['A', 'value', '1', '', ''], ['B', 'secret', '', 'db', 'user']]);
  assert.deepEqual(d.mounts, [{ volumeName: 'creds', secretName: 'db', keys: ['password'], mountPath: '/etc/db' }]);
  assert.equal(d.security.privileged, true);
  assert.equal(d.security.addCapabilities, 'NET_ADMIN, SYS_TIME');
  assert.equal(d.profile, 'baseline');
});

test('applyDraft of an unchanged draft keeps the manifest as it was', () => {
  const m = base();
  assert.deepEqual(applyDraft(m, podDraftOf(m)), m);
});

test('applyDraft keeps what the form does not know and does not mutate its input', () => {
  const m = base();
  const frozen = structuredClone(m);
  const out = updateDraft(m, (d) => ({ ...d, image: 'nginx:2' }));
  assert.deepEqual(m, frozen);
  assert.equal(out.spec.containers[0].image, 'nginx:2');
  assert.deepEqual(out.spec.tolerations, frozen.spec.tolerations);
  assert.deepEqual(out.spec.containers[0].livenessProbe, frozen.spec.containers[0].livenessProbe);
  assert.deepEqual(out.spec.containers[1], frozen.spec.containers[1]);
  assert.deepEqual(out.metadata.labels, { app: 'web' });
});

const cases: { name: string; change: (d: PodDraft) => PodDraft; expect: (m: Manifest) => void }[] = [
  {
    name: 'command and args are one argument per line; blank lines dropped',
    change: (d) => ({ ...d, command: 'sh\n-c\n', args: '\n echo hi \n' }),
    expect: (m) => { assert.deepEqual(m.spec.containers[0].command, ['sh', '-c']); assert.deepEqual(m.spec.containers[0].args, ['echo hi']); },
  },
  {
    name: 'an env var from a secret key is a reference, never a value',
    change: (d) => ({ ...d, env: [{ name: 'PW', source: 'secret', value: 'ignored', secretName: 'db', secretKey: 'password' }] }),
    expect: (m) => assert.deepEqual(m.spec.containers[0].env, [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }]),
  },
  {
    name: 'ports keep a typed number as a number, TCP is left implicit',
    change: (d) => ({ ...d, ports: [{ containerPort: '8080', protocol: 'TCP', name: 'http' }, { containerPort: '53', protocol: 'UDP', name: '' }] }),
    expect: (m) => assert.deepEqual(m.spec.containers[0].ports, [{ name: 'http', containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }]),
  },
  {
    name: 'a port that is not a number stays as typed (the schema names it)',
    change: (d) => ({ ...d, ports: [{ containerPort: '80a', protocol: 'TCP', name: '' }] }),
    expect: (m) => assert.deepEqual(m.spec.containers[0].ports, [{ containerPort: '80a' }]),
  },
  {
    name: 'empty resources are removed entirely',
    change: (d) => ({ ...d, resources: { cpuRequest: '', memoryRequest: '', cpuLimit: '', memoryLimit: '' } }),
    expect: (m) => assert.equal(m.spec.containers[0].resources, undefined),
  },
  {
    name: 'resources are set where typed',
    change: (d) => ({ ...d, resources: { cpuRequest: '250m', memoryRequest: '', cpuLimit: '', memoryLimit: '1Gi' } }),
    expect: (m) => assert.deepEqual(m.spec.containers[0].resources, { requests: { cpu: '250m' }, limits: { memory: '1Gi' } }),
  },
  {
    name: 'a new secret mount adds a volume named after the secret and a read-only mount',
    change: (d) => ({ ...d, mounts: [...d.mounts, { volumeName: '', secretName: 'Api.Token', keys: ['token'], mountPath: '/var/run/api' }] }),
    expect: (m) => {
      assert.deepEqual(m.spec.volumes.at(-1), { name: 'secret-api-token', secret: { secretName: 'Api.Token', items: [{ key: 'token', path: 'token' }] } });
      assert.deepEqual(m.spec.containers[0].volumeMounts.at(-1), { name: 'secret-api-token', mountPath: '/var/run/api', readOnly: true });
    },
  },
  {
    name: 'removing a secret mount removes its volume and mount, keeps the others; item paths survive edits',
    change: (d) => ({ ...d, mounts: [] }),
    expect: (m) => {
      assert.deepEqual(m.spec.volumes, [{ name: 'cache', emptyDir: {} }]);
      assert.deepEqual(m.spec.containers[0].volumeMounts, [{ name: 'cache', mountPath: '/cache' }]);
    },
  },
  {
    name: 'editing a mount keeps custom item paths of keys still mounted',
    change: (d) => ({ ...d, mounts: [{ ...d.mounts[0], keys: ['password', 'user'], mountPath: '/etc/db2' }] }),
    expect: (m) => {
      assert.deepEqual(m.spec.volumes[1], { name: 'creds', secret: { secretName: 'db', items: [{ key: 'password', path: 'pw.txt' }, { key: 'user', path: 'user' }] } });
      assert.equal(m.spec.containers[0].volumeMounts[1].mountPath, '/etc/db2');
    },
  },
  {
    name: 'security: privileged, capabilities, host network and UID',
    change: (d) => ({ ...d, security: { runAsUser: '1000', privileged: true, addCapabilities: 'NET_ADMIN SYS_TIME,', hostNetwork: true, readOnlyRootFilesystem: true } }),
    expect: (m) => {
      assert.deepEqual(m.spec.containers[0].securityContext, { privileged: true, readOnlyRootFilesystem: true, runAsUser: 1000, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } });
      assert.equal(m.spec.hostNetwork, true);
    },
  },
  {
    name: 'the profile is the annotation; automatic removes it (and an empty annotations map)',
    change: (d) => ({ ...d, profile: '' }),
    expect: (m) => assert.equal(m.metadata.annotations, undefined),
  },
  {
    name: 'choosing a profile sets the annotation',
    change: (d) => ({ ...d, profile: 'nonroot' }),
    expect: (m) => assert.deepEqual(m.metadata.annotations, { 'security.gatehouse.dev/profile': 'nonroot' }),
  },
];
for (const c of cases) test(`applyDraft: ${c.name}`, () => c.expect(updateDraft(base(), c.change)));

test('applyDraft puts a UID where it was: a pod-level UID stays pod-level', () => {
  const m = base();
  m.spec.securityContext = { runAsUser: 1000, fsGroup: 2000 };
  const out = updateDraft(m, (d) => ({ ...d, security: { ...d.security, runAsUser: '1001' } }));
  assert.deepEqual(out.spec.securityContext, { runAsUser: 1001, fsGroup: 2000 });
  assert.equal(out.spec.containers[0].securityContext, undefined);
});

test('applyDraft repairs a manifest that lost its containers', () => {
  const out = applyDraft({ metadata: { name: 'x' } }, { ...podDraftOf(emptyManifest()), image: 'busybox' });
  assert.equal(out.kind, 'Pod');
  assert.deepEqual(out.spec.containers, [{ name: 'main', image: 'busybox' }]);
});

test('volumeNameFor makes DNS-1123 names, unique among the taken ones', () => {
  assert.equal(volumeNameFor('db', new Set()), 'secret-db');
  assert.equal(volumeNameFor('db', new Set(['secret-db'])), 'secret-db-2');
  assert.equal(volumeNameFor('My_Secret!', new Set()), 'secret-my-secret');
  assert.ok(volumeNameFor('x'.repeat(100), new Set()).length <= 63);
});

test('a generated volume name follows the secret chosen later', () => {
  let m = updateDraft(emptyManifest(), (d) => ({ ...d, mounts: [{ volumeName: '', secretName: '', keys: [], mountPath: '/s' }] }));
  assert.equal(m.spec.volumes[0].name, 'secret');
  m = updateDraft(m, (d) => ({ ...d, mounts: [{ ...d.mounts[0], secretName: 'db' }] }));
  assert.deepEqual(m.spec.volumes, [{ name: 'secret-db', secret: { secretName: 'db' } }]);
  assert.deepEqual(m.spec.containers[0].volumeMounts, [{ name: 'secret-db', mountPath: '/s', readOnly: true }]);
});
