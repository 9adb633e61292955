import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../http/status';
import { securityProfiles, usableBy, validateProfile } from './admission';
import { DEFAULT_PROFILES } from './defaults';
import { podRequest, testEnv, testPod, user } from '../../testing/admission';

const PROFILE = 'security.gatehouse.dev/profile';
const forbidden = (re: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 403 && re.test(e.message);

describe('security profile admission', () => {
  it('everyone authenticated may use restricted; nobody else without a grant', () => {
    const env = testEnv();
    assert.deepEqual(usableBy(env.authorizer, user('alice'), 'team-a', 'default', 'restricted'), ['user', 'serviceAccount']);
    assert.deepEqual(usableBy(env.authorizer, user('alice'), 'team-a', 'default', 'privileged'), []);
    assert.deepEqual(usableBy(env.authorizer, user('root', ['system:masters']), 'team-a', 'default', 'privileged'), ['user']);
  });

  it("the service account is asked about a profile only when the user may not use it", () => {
    const env = testEnv();
    const asked: string[] = [];
    const authorizer = { authorize: (a: Parameters<typeof env.authorizer.authorize>[0]) => { if (a.resource === 'securityprofiles') asked.push(`${a.user.username} ${a.name}`); return env.authorizer.authorize(a); } };
    securityProfiles({ authorizer }).admit!(podRequest(env, user('alice'), 'team-a', testPod('p')));
    assert.deepEqual(asked, ['alice restricted']);
    asked.length = 0;
    env.bind('system:serviceaccount:team-a:builder', 'gatehouse:use-securityprofile-baseline', 'team-a');
    const a = podRequest(env, user('alice'), 'team-a', testPod('p', { serviceAccountName: 'builder', securityContext: { runAsUser: 0 } }));
    securityProfiles({ authorizer }).admit!(a);
    assert.equal(a.object!.metadata.annotations![PROFILE], 'baseline');
    assert.ok(asked.includes('system:serviceaccount:team-a:builder baseline'));
    assert.ok(!asked.includes('system:serviceaccount:team-a:builder restricted'), 'alice may use restricted: her pod\'s service account is not asked');
  });

  it('a plain pod gets restricted, its defaults, and the annotation (also as an audit annotation)', () => {
    const env = testEnv();
    const a = podRequest(env, user('alice'), 'team-a', testPod('p'));
    securityProfiles({ authorizer: env.authorizer }).admit!(a);
    const pod = a.object as any;
    assert.equal(pod.metadata.annotations[PROFILE], 'restricted');
    assert.equal(a.annotations[PROFILE], 'restricted');
    assert.equal(pod.spec.securityContext.runAsUser, 1_000_200_000);
    assert.deepEqual(pod.spec.securityContext.seLinuxOptions, { level: 's0:c6,c5' });
  });

  it('a grant to the pod\'s service account counts, in that namespace only', () => {
    const env = testEnv();
    env.bind('system:serviceaccount:team-a:builder', 'gatehouse:use-securityprofile-baseline', 'team-a');
    const rootPod = () => testPod('p', { serviceAccountName: 'builder', securityContext: { runAsUser: 0 } });
    const a = podRequest(env, user('alice'), 'team-a', rootPod());
    securityProfiles({ authorizer: env.authorizer }).admit!(a);
    assert.equal(a.object!.metadata.annotations![PROFILE], 'baseline');
    assert.throws(() => securityProfiles({ authorizer: env.authorizer }).admit!(podRequest(env, user('alice'), 'team-b', rootPod())), forbidden(/unable to validate against any security profile: \[profile "restricted": spec\.securityContext\.runAsUser: Invalid value: 0/));
  });

  it('a requested profile is the only one tried and must admit the pod', () => {
    const env = testEnv();
    env.bind('alice', 'gatehouse:use-securityprofile-hostaccess', 'team-a');
    const a = podRequest(env, user('alice'), 'team-a', testPod('p', {}, { [PROFILE]: 'hostaccess' }));
    securityProfiles({ authorizer: env.authorizer }).admit!(a);
    assert.equal(a.object!.metadata.annotations![PROFILE], 'hostaccess');
    const bad = podRequest(env, user('alice'), 'team-a', testPod('p', { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] }, { [PROFILE]: 'hostaccess' }));
    assert.throws(() => securityProfiles({ authorizer: env.authorizer }).admit!(bad), (e: unknown) => e instanceof ApiError && e.code === 403
      && /unable to validate against security profile "hostaccess": profile "hostaccess": spec\.containers\[0\]\.securityContext\.privileged/.test(e.message)
      && e.details?.causes?.[0]?.field === 'spec.containers[0].securityContext.privileged');
  });

  it('updates keep the profile annotation; status writes are not re-admitted', () => {
    const env = testEnv();
    const plugin = securityProfiles({ authorizer: env.authorizer });
    const old = testPod('p', {}, { [PROFILE]: 'restricted' });
    const dropped = podRequest(env, user('alice'), 'team-a', testPod('p'), 'UPDATE', old);
    plugin.admit!(dropped);
    assert.equal(dropped.object!.metadata.annotations![PROFILE], 'restricted');
    assert.throws(() => plugin.admit!(podRequest(env, user('alice'), 'team-a', testPod('p', {}, { [PROFILE]: 'privileged' }), 'UPDATE', old)), (e: unknown) => e instanceof ApiError && e.code === 422);
    const status = podRequest(env, user('system:node:n1'), 'team-a', testPod('p', { hostPID: true }), 'UPDATE', old, 'status');
    plugin.admit!(status);
    assert.equal(status.object!.metadata.annotations, undefined, 'untouched');
  });

  it('with no usable profile at all, says so', () => {
    const env = testEnv();
    env.store.delete('rbac.authorization.k8s.io/clusterrolebindings', '', 'gatehouse:use-securityprofile-restricted');
    assert.throws(() => securityProfiles({ authorizer: env.authorizer }).admit!(podRequest(env, user('alice'), 'team-a', testPod('p'))),
      forbidden(/no security profile is usable by user "alice" or service account "team-a\/default" in namespace "team-a"/));
  });

  it('validates profile consistency beyond the schema', () => {
    for (const p of DEFAULT_PROFILES) assert.deepEqual(validateProfile(p), [], p.metadata.name);
    assert.deepEqual(validateProfile({ metadata: { name: 'x' }, runAsUser: { type: 'MustRunAs' }, fsGroup: { type: 'MustRunAs', ranges: [{ min: 5, max: 1 }] } }).map((c) => c.field), ['runAsUser', 'fsGroup.ranges[0].max']);
  });
});
