/*
HostPorts should be disallowed entirely.

Restricted Fields:
  spec.containers[*].ports[*].hostPort
  spec.initContainers[*].ports[*].hostPort
  spec.ephemeralContainers[*].ports[*].hostPort

Allowed Values: undefined/null, 0

Level: baseline. Versions: 1.0.
Mirrors k8s.io/pod-security-admission/policy/check_hostPorts.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { arrayOf, containerName, isRecord, joinQuote, pluralize, sortedSet, str, visitContainers } from '../helpers';
import { v } from '../level-version';

/**
 * hostPortsV1Dot0 rejects any non-zero hostPort. Ports are listed as a sorted
 * string set (so "12345" sorts before "9100"), exactly as upstream.
 */
export const hostPortsV1Dot0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const ports: string[] = [];
  visitContainers(spec, (c) => {
    let valid = true;
    for (const p of arrayOf(c.ports)) {
      if (!isRecord(p)) continue;
      const hp = p.hostPort;
      if (hp != null && hp !== 0) {
        valid = false;
        ports.push(str(hp));
      }
    }
    if (!valid) bad.push(containerName(c));
  });
  if (bad.length === 0) return ALLOWED;
  const hostPorts = sortedSet(ports);
  return forbid(
    'hostPort',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', hostPorts.length)} ${hostPorts.join(', ')}`,
  );
};

/** hostPorts is the baseline `hostPorts` check. */
export const hostPorts = defineCheck({
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: hostPortsV1Dot0 }],
});
