// The pod-admission scenario of issue 4, through the real kubectl against a server process with
// static-token users: alice holds `developer` in team-a and team-b; bob holds only a custom role
// in team-a that lets him create pods and secrets but not `use` secrets. Every step is what a user
// would type; assertions read what the server stored.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { api, kubeconfigFor, kubectl, startServerProcess, type TestServer } from '../testing/server-process';
import { kubectlBinary, needs } from '../testing/prerequisites';

const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdef';
const PROFILE = 'security.gatehouse.dev/profile';
const CREATED_BY = 'gatehouse.dev/created-by';
const UID_RANGE = 'security.gatehouse.dev/uid-range';

const pod = (name: string, opts: { annotations?: Record<string, string>; securityContext?: Record<string, unknown>; spec?: Record<string, unknown> } = {}): string => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...(opts.securityContext ? { securityContext: opts.securityContext } : {}) }], ...(opts.spec ?? {}) },
});

const secretPod = (name: string, secret: string): string => pod(name, {
  spec: { volumes: [{ name: 'creds', secret: { secretName: secret } }], containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'creds', mountPath: '/creds', readOnly: true }] }] },
});

describe('pod admission scenario (kubectl)', needs(kubectlBinary), () => {
  let s: TestServer;
  let admin: string;
  let alice: string;
  let bob: string;
  const run = (kc: string, args: string[], input?: string) => kubectl(kc, args, input);
  const ok = (kc: string, args: string[], input?: string) => {
    const r = kubectl(kc, args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const getJson = (kc: string, args: string[]) => JSON.parse(ok(kc, [...args, '-o', 'json']));
  const firstUid = (ns: string): number => Number(String(getJson(admin, ['get', 'ns', ns]).metadata.annotations[UID_RANGE]).split('/')[0]);

  before(async () => {
    s = await startServerProcess({ tokens: `${ALICE},alice,u-alice,"devs"\n${BOB},bob,u-bob,"testers"\n` });
    admin = kubeconfigFor(s, 'admin', s.adminToken);
    alice = kubeconfigFor(s, 'alice', ALICE, 'team-a');
    bob = kubeconfigFor(s, 'bob', BOB, 'team-a');
    for (const ns of ['team-a', 'team-b']) {
      ok(admin, ['create', 'ns', ns]);
      ok(admin, ['create', 'rolebinding', 'alice-developer', '--clusterrole=developer', '--user=alice', '-n', ns]);
    }
    ok(admin, ['create', 'role', 'pod-maker', '--verb=create,get,list', '--resource=pods,secrets', '-n', 'team-a']);
    ok(admin, ['create', 'rolebinding', 'bob-pod-maker', '--role=pod-maker', '--user=bob', '-n', 'team-a']);
  });
  after(async () => { await s?.stop(); });

  it('a developer\'s plain pod runs under restricted as the namespace\'s first UID, dropping ALL, with RuntimeDefault seccomp', () => {
    assert.match(ok(alice, ['run', 'web', '--image=nginx:1.27']), /pod\/web created/);
    const p = getJson(alice, ['get', 'pod', 'web']);
    assert.equal(p.metadata.annotations[PROFILE], 'restricted');
    assert.equal(p.metadata.annotations[CREATED_BY], 'alice');
    assert.equal(p.spec.securityContext.runAsUser, firstUid('team-a'));
    assert.equal(p.spec.securityContext.runAsNonRoot, true);
    assert.deepEqual(p.spec.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(p.spec.securityContext.fsGroup, firstUid('team-a'));
    assert.match(p.spec.securityContext.seLinuxOptions.level, /^s0:c\d+,c\d+$/);
    assert.deepEqual(p.spec.containers[0].securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('two pods in one namespace share the UID; another namespace gives another', () => {
    ok(alice, ['run', 'web2', '--image=nginx:1.27']);
    ok(alice, ['run', 'web', '--image=nginx:1.27', '-n', 'team-b']);
    const a1 = getJson(alice, ['get', 'pod', 'web']).spec.securityContext.runAsUser;
    const a2 = getJson(alice, ['get', 'pod', 'web2']).spec.securityContext.runAsUser;
    const b1 = getJson(alice, ['get', 'pod', 'web', '-n', 'team-b']).spec.securityContext.runAsUser;
    assert.equal(a1, a2);
    assert.notEqual(a1, b1);
    assert.equal(b1, firstUid('team-b'));
  });

  it('a privileged pod is refused with reasons per profile, and not stored', () => {
    const r = run(alice, ['create', '-f', '-'], pod('priv', { securityContext: { privileged: true } }));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error from server \(Forbidden\): error when creating "STDIN": pods "priv" is forbidden: unable to validate against any security profile: \[profile "restricted": spec\.containers\[0\]\.securityContext\.privileged: Invalid value: true: privileged containers are not allowed\]/);
    assert.match(run(alice, ['get', 'pod', 'priv']).stderr, /NotFound/);
  });

  it('naming a profile the user may not use is refused', () => {
    const r = run(alice, ['create', '-f', '-'], pod('hosty', { annotations: { [PROFILE]: 'hostaccess' } }));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pods "hosty" is forbidden: security profile "hostaccess" is not usable by user "alice" or service account "team-a\/default" in namespace "team-a"/);
    const missing = run(alice, ['create', '-f', '-'], pod('nope', { annotations: { [PROFILE]: 'no-such-profile' } }));
    assert.match(missing.stderr, /security profile "no-such-profile" does not exist/);
  });

  it('a client-set created-by is replaced with the real user, and cannot be changed later', () => {
    ok(alice, ['create', '-f', '-'], pod('forged', { annotations: { [CREATED_BY]: 'mallory' } }));
    assert.equal(getJson(alice, ['get', 'pod', 'forged']).metadata.annotations[CREATED_BY], 'alice');
    ok(alice, ['annotate', '--overwrite', 'pod', 'forged', `${CREATED_BY}=mallory`]);
    assert.equal(getJson(alice, ['get', 'pod', 'forged']).metadata.annotations[CREATED_BY], 'alice');
    // The profile annotation is immutable too.
    const r = run(alice, ['annotate', '--overwrite', 'pod', 'forged', `${PROFILE}=privileged`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /metadata\.annotations\[security\.gatehouse\.dev\/profile\]: Invalid value: "privileged": field is immutable/);
  });

  it('after an admin grants use of privileged in team-a, the privileged pod is admitted there and refused in team-b', () => {
    ok(admin, ['create', 'rolebinding', 'alice-privileged', '--clusterrole=gatehouse:use-securityprofile-privileged', '--user=alice', '-n', 'team-a']);
    ok(alice, ['create', '-f', '-'], pod('priv', { securityContext: { privileged: true } }));
    const p = getJson(alice, ['get', 'pod', 'priv']);
    assert.equal(p.metadata.annotations[PROFILE], 'privileged');
    assert.deepEqual(p.spec.containers[0].securityContext, { privileged: true }, 'privileged mutates nothing');
    assert.equal(p.spec.securityContext.runAsUser, undefined);
    const r = run(alice, ['create', '-n', 'team-b', '-f', '-'], pod('priv', { securityContext: { privileged: true } }));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pods "priv" is forbidden: unable to validate against any security profile/);
    // A plain pod still gets the most restrictive profile, not privileged.
    ok(alice, ['run', 'plain', '--image=nginx:1.27']);
    assert.equal(getJson(alice, ['get', 'pod', 'plain']).metadata.annotations[PROFILE], 'restricted');
  });

  it('mounting a secret needs `use` on that secret; use on one does not cover another', () => {
    ok(alice, ['create', 'secret', 'generic', 'db-a', '--from-literal=password=canary-a-7f3e']);
    ok(alice, ['create', 'secret', 'generic', 'db-b', '--from-literal=password=canary-b-7f3e']);
    // alice (developer) holds `use` on secrets.
    ok(alice, ['create', '-f', '-'], secretPod('alice-db', 'db-a'));
    // bob's custom role can create pods and secrets but not use them.
    const r = run(bob, ['create', '-f', '-'], secretPod('bob-db', 'db-a'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /pods "bob-db" is forbidden: User "bob" and service account "team-a\/default" cannot use secret "db-a" in the namespace "team-a": mounting a secret requires verb "use" on it/);
    assert.match(run(admin, ['get', 'pod', 'bob-db']).stderr, /NotFound/);
    for (const ref of [{ envFrom: [{ secretRef: { name: 'db-a' } }] }, { env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db-a', key: 'password' } } }] }]) {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bob-env' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...ref }] } });
      assert.match(run(bob, ['create', '-f', '-'], body).stderr, /cannot use secret "db-a"/);
    }
    // (`kubectl create role --verb=use` refuses verbs discovery does not list, so the Role is written out.)
    ok(admin, ['create', '-n', 'team-a', '-f', '-'], JSON.stringify({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'use-db-a' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db-a'], verbs: ['use'] }],
    }));
    ok(admin, ['create', 'rolebinding', 'bob-use-db-a', '--role=use-db-a', '--user=bob', '-n', 'team-a']);
    ok(bob, ['create', '-f', '-'], secretPod('bob-db', 'db-a'));
    const other = run(bob, ['create', '-f', '-'], secretPod('bob-db-b', 'db-b'));
    assert.equal(other.code, 1);
    assert.match(other.stderr, /cannot use secret "db-b"/);
  });

  it('secretsummaries show keys, creator and mounting pods, never a value', () => {
    const out = ok(alice, ['get', 'secretsummaries', '-o', 'json']);
    assert.doesNotMatch(out, /canary|Y2FuYXJ5/);
    const items = JSON.parse(out).items as { metadata: { name: string }; keys: string[]; creator: string; mountedBy: { pod: string; via: string[] }[] }[];
    const a = items.find((i) => i.metadata.name === 'db-a');
    assert.ok(a);
    assert.deepEqual(a.keys, ['password']);
    assert.equal(a.creator, 'alice');
    assert.deepEqual(a.mountedBy, [{ pod: 'alice-db', via: ['volume'] }, { pod: 'bob-db', via: ['volume'] }]);
    assert.match(ok(alice, ['get', 'secretsummaries']), /^db-a\s+Opaque\s+password\s+alice-db,bob-db\s+/m);
    // alice (developer) cannot read the secret itself.
    assert.match(run(alice, ['get', 'secret', 'db-a']).stderr, /Forbidden/);
  });

  it('a secretsummaries watch sees a new pod that mounts a secret', async () => {
    const child = spawn('kubectl', ['--kubeconfig', alice, '--cache-dir', `${alice}.cache`, 'get', 'secretsummaries', '-w', '--output-watch-events', '-o', 'jsonpath={.type} {.object.metadata.name} {.object.mountedBy[*].pod}{"\\n"}', '--request-timeout', '20s']);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    const until = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(out); i += 1) await new Promise((r) => setTimeout(r, 100));
      assert.match(out, re);
    };
    try {
      await until(/^ADDED db-b\s*$/m);
      ok(alice, ['create', '-f', '-'], secretPod('alice-db-b', 'db-b'));
      await until(/^MODIFIED db-b alice-db-b$/m);
    } finally {
      child.kill();
    }
  });

  it('a review answers per usable profile, with reasons and the spec admission would store', () => {
    const review = (ns: string, spec: unknown, serviceAccountName?: string) => JSON.parse(ok(alice, ['create', '-n', ns, '-o', 'json', '-f', '-'], JSON.stringify({
      apiVersion: 'security.gatehouse.dev/v1', kind: 'SecurityProfileReview', metadata: { name: 'check' },
      spec: { template: { spec }, ...(serviceAccountName ? { serviceAccountName } : {}) },
    }))).status as { selected?: string; profiles: { name: string; allowed: boolean; usableBy: string[]; reasons: { field: string; message: string }[]; podSpec?: any }[] };
    const privSpec = { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] };
    const inA = review('team-a', privSpec);
    assert.deepEqual(inA.profiles.map((p) => [p.name, p.allowed, p.usableBy.join('+')]), [['restricted', false, 'user+serviceAccount'], ['privileged', true, 'user']]);
    assert.equal(inA.selected, 'privileged');
    assert.deepEqual(inA.profiles[0].reasons, [{ field: 'spec.containers[0].securityContext.privileged', message: 'Invalid value: true: privileged containers are not allowed' }]);
    assert.deepEqual(inA.profiles[1].podSpec.containers[0].securityContext, { privileged: true });
    const inB = review('team-b', { containers: [{ name: 'app', image: 'nginx:1.27' }] });
    assert.deepEqual(inB.profiles.map((p) => [p.name, p.allowed]), [['restricted', true]]);
    assert.equal(inB.profiles[0].podSpec.securityContext.runAsUser, firstUid('team-b'));
    assert.deepEqual(inB.profiles[0].podSpec.containers[0].securityContext.capabilities, { drop: ['ALL'] });
  });

  it('12 namespaces created in parallel get 12 distinct, non-overlapping ranges', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `par-${i}`);
    const results = await Promise.all(names.map((n) => new Promise<number>((resolve) => {
      const p = spawn('kubectl', ['--kubeconfig', admin, '--cache-dir', `${admin}.cache`, 'create', 'ns', n], { stdio: 'ignore' });
      p.on('close', (code) => resolve(code ?? -1));
    })));
    assert.deepEqual(results, names.map(() => 0));
    const all = getJson(admin, ['get', 'ns']).items as { metadata: { name: string; annotations: Record<string, string> } }[];
    const ranges = all.map((n) => {
      const [start, size] = n.metadata.annotations[UID_RANGE].split('/').map(Number);
      return { name: n.metadata.name, start, end: start + size - 1, mcs: n.metadata.annotations['security.gatehouse.dev/mcs'], sg: n.metadata.annotations['security.gatehouse.dev/supplemental-groups'] };
    }).sort((x, y) => x.start - y.start);
    assert.equal(ranges.filter((r) => r.name.startsWith('par-')).length, 12);
    for (let i = 1; i < ranges.length; i += 1) assert.ok(ranges[i].start > ranges[i - 1].end, `${ranges[i - 1].name} and ${ranges[i].name} overlap`);
    assert.equal(new Set(ranges.map((r) => r.mcs)).size, ranges.length, 'MCS levels are unique');
    assert.equal(new Set(ranges.map((r) => r.sg)).size, ranges.length, 'group blocks are unique');
    // Only cluster admins may change a range.
    const denied = await api(s, 'PATCH', '/api/v1/namespaces/par-0', { token: ALICE, body: { metadata: { annotations: { [UID_RANGE]: '5000/100' } } }, contentType: 'application/merge-patch+json' });
    assert.equal(denied.status, 403);
  });
});
