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
import { containerName, isRecord, joinQuote, pluralize, sortedSet, str, visitContainers } from '../helpers';
import { v } from '../level-version';

/** forbiddenHosts returns the non-empty httpGet/tcpSocket hosts of a probe or lifecycle handler. */
function forbiddenHosts(handler: unknown): string[] {
  if (!isRecord(handler)) return [];
  const hosts: string[] = [];
  for (const key of ['httpGet', 'tcpSocket'] as const) {
    const action = handler[key];
    if (!isRecord(action)) continue;
    const host = action.host;
    if (host != null && host !== '') hosts.push(str(host));
  }
  return hosts;
}

/** hostProbesAndHostLifecycleV1Dot34 rejects any probe or lifecycle handler that sets a host; names are a sorted set. */
export const hostProbesAndHostLifecycleV1Dot34: CheckPodFn = (_meta, spec) => {
  const badContainers: string[] = [];
  const hosts: string[] = [];
  visitContainers(spec, (c) => {
    const lifecycle = isRecord(c.lifecycle) ? c.lifecycle : undefined;
    for (const handler of [c.livenessProbe, c.readinessProbe, c.startupProbe, lifecycle?.postStart, lifecycle?.preStop]) {
      const bad = forbiddenHosts(handler);
      if (bad.length > 0) {
        badContainers.push(containerName(c));
        hosts.push(...bad);
      }
    }
  });
  if (badContainers.length === 0) return ALLOWED;
  const containers = sortedSet(badContainers);
  const hostList = sortedSet(hosts);
  return forbid(
    'probe or lifecycle host',
    `${pluralize('container', 'containers', containers.length)} ${joinQuote(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hostList.length)} ${joinQuote(hostList)}`,
  );
};

/** hostProbesAndHostLifecycle is the baseline `hostProbesAndHostLifecycle` check. */
export const hostProbesAndHostLifecycle = defineCheck({
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 34), check: hostProbesAndHostLifecycleV1Dot34 }],
});
