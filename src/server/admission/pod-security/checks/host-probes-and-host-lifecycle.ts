/*
The host field of probes and lifecycle handlers must not be set: it lets a pod
make the kubelet connect to arbitrary hosts (including the node itself).

Restricted Fields (for containers, initContainers and ephemeralContainers):
  livenessProbe.httpGet.host, readinessProbe.httpGet.host, startupProbe.httpGet.host
  livenessProbe.tcpSocket.host, readinessProbe.tcpSocket.host, startupProbe.tcpSocket.host
  lifecycle.postStart.httpGet.host, lifecycle.preStop.httpGet.host
  lifecycle.postStart.tcpSocket.host, lifecycle.preStop.tcpSocket.host
    (tcpSocket handlers are deprecated in lifecycle, still checked)

Allowed Values: "", undefined/null (localhost addresses such as 127.0.0.1 or ::1 are not allowed)

Level: baseline. Versions: 1.34.
Mirrors k8s.io/pod-security-admission/policy/check_hostProbesAndhostLifecycle.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { badSetters, isRecord, sortedSet, str, usesPhrase } from '../helpers';
import { v } from '../level-version';

/** addForbiddenHosts adds the non-empty httpGet/tcpSocket hosts of a probe or lifecycle handler to `hosts`. */
function addForbiddenHosts(handler: unknown, hosts: string[]): void {
  if (!isRecord(handler)) return;
  for (const key of ['httpGet', 'tcpSocket'] as const) {
    const action = handler[key];
    if (!isRecord(action)) continue;
    const host = action.host;
    if (host != null && host !== '') hosts.push(str(host));
  }
}

/** hostProbesAndHostLifecycleV1Dot34 rejects any probe or lifecycle handler that sets a host; names are a sorted set. */
export const hostProbesAndHostLifecycleV1Dot34: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => {
    const lifecycle = isRecord(c.lifecycle) ? c.lifecycle : undefined;
    const hosts: string[] = [];
    for (const handler of [c.livenessProbe, c.readinessProbe, c.startupProbe, lifecycle?.postStart, lifecycle?.preStop]) addForbiddenHosts(handler, hosts);
    return hosts;
  });
  if (bad.who === '') return ALLOWED;
  const containers = sortedSet(bad.containers);
  const hostList = sortedSet(bad.values);
  return forbid('probe or lifecycle host', usesPhrase(['container', 'containers'], containers, ['probe or lifecycle host', 'probe or lifecycle hosts'], hostList));
};

/** hostProbesAndHostLifecycle is the baseline `hostProbesAndHostLifecycle` check. */
export const hostProbesAndHostLifecycle = defineCheck({
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 34), check: hostProbesAndHostLifecycleV1Dot34 }],
});
