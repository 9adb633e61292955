import { ct, runProfileCheckTable } from './testing';
import { hostPaths, underPrefix } from './host-paths';
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('underPrefix is segment-wise', () => {
  const cases: [string, string, boolean][] = [['/var/log', '/var/log', true], ['/var/log/app', '/var/log', true], ['/var/logs', '/var/log', false], ['/var/log/', '/var/log', true], ['/etc', '/', true], ['/var/log', '/var/log/', true]];
  for (const [p, pre, want] of cases) assert.equal(underPrefix(p, pre), want, `${p} under ${pre}`);
});

runProfileCheckTable(hostPaths, [
  { name: 'empty list: any path', profile: { allowedHostPaths: [] }, pod: { spec: { containers: [ct('a')], volumes: [{ name: 'h', hostPath: { path: '/etc' } }] } }, unchanged: true },
  {
    name: 'a path outside every prefix is refused',
    profile: { allowedHostPaths: [{ pathPrefix: '/var/log' }] },
    pod: { spec: { containers: [ct('a')], volumes: [{ name: 'ok', hostPath: { path: '/var/log/app' } }, { name: 'bad', hostPath: { path: '/var/logs' } }] } },
    expectReasons: ['spec.volumes[1].hostPath.path: Invalid value: "/var/logs": is not under an allowed host path (/var/log)'],
  },
  {
    name: 'a read-only prefix requires read-only mounts',
    profile: { allowedHostPaths: [{ pathPrefix: '/data', readOnly: true }] },
    pod: { spec: { containers: [ct('a', undefined, { volumeMounts: [{ name: 'h', mountPath: '/d', readOnly: true }] }), ct('b', undefined, { volumeMounts: [{ name: 'h', mountPath: '/d' }] })], volumes: [{ name: 'h', hostPath: { path: '/data/x' } }] } },
    expectReasons: ['spec.containers[1].volumeMounts[0].readOnly: Invalid value: false: must be true for this host path'],
  },
]);
