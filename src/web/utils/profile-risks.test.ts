import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SecurityProfile } from '../../shared/api/security';
import { profileAllowances, profileRisks, runAsUserText } from './profile-risks';

const p = (fields: Partial<SecurityProfile>): SecurityProfile => ({ metadata: { name: 'p' }, ...fields });
const restricted = p({ allowedCapabilities: ['NET_BIND_SERVICE'], requiredDropCapabilities: ['ALL'], runAsUser: { type: 'MustRunAsRange' }, volumes: ['configMap', 'secret'] });

const cases: { name: string; input: SecurityProfile; expect: string[] }[] = [
  { name: 'restricted has no risky power', input: restricted, expect: [] },
  { name: 'privileged', input: p({ ...restricted, allowPrivilegedContainer: true }), expect: ['privileged'] },
  { name: 'host namespaces and ports', input: p({ ...restricted, allowHostNetwork: true, allowHostIPC: true, allowHostPorts: true }), expect: ['hostNamespaces', 'hostPorts'] },
  { name: 'any host path via *', input: p({ ...restricted, volumes: ['*'] }), expect: ['hostPaths'] },
  { name: 'limited host paths', input: p({ ...restricted, volumes: ['hostPath'], allowedHostPaths: [{ pathPrefix: '/var/log', readOnly: true }] }), expect: ['hostPaths'] },
  { name: 'baseline capabilities are not added powers', input: p({ ...restricted, allowedCapabilities: ['CHOWN', 'KILL'] }), expect: [] },
  { name: 'NET_ADMIN is', input: p({ ...restricted, allowedCapabilities: ['NET_ADMIN'] }), expect: ['capabilities'] },
  { name: 'default-added capabilities count', input: p({ ...restricted, defaultAddCapabilities: ['SYS_TIME'] }), expect: ['capabilities'] },
  { name: 'RunAsAny is root', input: p({ ...restricted, runAsUser: { type: 'RunAsAny' } }), expect: ['root'] },
  { name: 'no strategy is root', input: p({ ...restricted, runAsUser: undefined }), expect: ['root'] },
  { name: 'MustRunAs uid 0 is root', input: p({ ...restricted, runAsUser: { type: 'MustRunAs', uid: 0 } }), expect: ['root'] },
  { name: 'MustRunAsNonRoot is not', input: p({ ...restricted, runAsUser: { type: 'MustRunAsNonRoot' } }), expect: [] },
];
for (const c of cases) test(`profileRisks: ${c.name}`, () => assert.deepEqual(profileRisks(c.input).map((r) => r.id), c.expect));

test('profileRisks: details name the offenders', () => {
  const r = profileRisks(p({ ...restricted, allowHostNetwork: true, allowHostPID: true, allowedCapabilities: ['*'] }));
  assert.equal(r.find((x) => x.id === 'hostNamespaces')?.detail, 'host network, PID namespaces');
  assert.equal(r.find((x) => x.id === 'capabilities')?.detail, 'any capability');
});

test('runAsUserText', () => {
  assert.equal(runAsUserText(restricted), "The namespace's UID range");
  assert.equal(runAsUserText(p({ runAsUser: { type: 'MustRunAs', uid: 1000 } })), 'UID 1000');
});

test('profileAllowances marks risky lines', () => {
  const lines = profileAllowances(p({ ...restricted, allowPrivilegedContainer: true }));
  assert.equal(lines.find((l) => l.label === 'Privileged containers')?.risky, true);
  assert.equal(lines.find((l) => l.label === 'Host network')?.risky, false);
});
