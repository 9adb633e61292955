import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveSecurity, groupsLabel, podMeta, uidLabel } from './pod-security';

const restricted = {
  securityContext: { runAsUser: 1000040000, runAsNonRoot: true, fsGroup: 1000040000, supplementalGroups: [1000040000], seLinuxOptions: { level: 's0:c1,c0' }, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'main', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
};

test('effectiveSecurity combines pod and container settings, the container winning', () => {
  const s = effectiveSecurity(restricted)!;
  assert.equal(s.container, 'main');
  assert.equal(s.runAsUser, 1000040000);
  assert.equal(s.fsGroup, 1000040000);
  assert.deepEqual(s.supplementalGroups, [1000040000]);
  assert.equal(s.seLinuxLevel, 's0:c1,c0');
  assert.equal(s.seccomp, 'RuntimeDefault');
  assert.deepEqual(s.capabilitiesDrop, ['ALL']);
  assert.equal(s.allowPrivilegeEscalation, false);
  const override = effectiveSecurity({ ...restricted, containers: [{ name: 'c', securityContext: { runAsUser: 5, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } }] })!;
  assert.equal(override.runAsUser, 5);
  assert.equal(override.seccomp, 'Localhost/p.json');
});

test('effectiveSecurity of a missing container or spec is undefined', () => {
  assert.equal(effectiveSecurity(undefined), undefined);
  assert.equal(effectiveSecurity({ containers: [] }), undefined);
  assert.equal(effectiveSecurity(restricted, 3), undefined);
});

const labels: { name: string; spec: unknown; uid: string; groups: string }[] = [
  { name: 'namespace range', spec: restricted, uid: '1000040000', groups: 'fsGroup 1000040000 · supplemental 1000040000' },
  { name: 'non-root, image UID', spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'c' }] }, uid: 'non-root (image)', groups: 'none set' },
  { name: 'nothing set', spec: { containers: [{ name: 'c' }] }, uid: 'image default', groups: 'none set' },
  { name: 'primary group', spec: { securityContext: { runAsGroup: 3 }, containers: [{ name: 'c', securityContext: { runAsUser: 0 } }] }, uid: '0', groups: 'group 3' },
];
for (const l of labels) {
  test(`uidLabel/groupsLabel: ${l.name}`, () => {
    const s = effectiveSecurity(l.spec);
    assert.equal(uidLabel(s), l.uid);
    assert.equal(groupsLabel(s), l.groups);
  });
}

test('podMeta reads the profile and creator annotations', () => {
  assert.deepEqual(podMeta({ annotations: { 'security.gatehouse.dev/profile': 'restricted', 'gatehouse.dev/created-by': 'alice' } }), { profile: 'restricted', creator: 'alice' });
  assert.deepEqual(podMeta({}), { profile: undefined, creator: undefined });
});
