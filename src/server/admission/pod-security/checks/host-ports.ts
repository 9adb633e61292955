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
import { arrayOf, badSetters, isRecord, pluralize, sortedSet, str } from '../helpers';
import { v } from '../level-version';

/**
 * hostPortsV1Dot0 rejects any non-zero hostPort. Ports are listed as a sorted
 * string set (so "12345" sorts before "9100"), exactly as upstream.
 */
export const hostPortsV1Dot0: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => {
    const ports: string[] = [];
    for (const p of arrayOf(c.ports)) if (isRecord(p) && p.hostPort != null && p.hostPort !== 0) ports.push(str(p.hostPort));
    return ports;
  });
  if (bad.who === '') return ALLOWED;
  const hostPorts = sortedSet(bad.values);
  const n = bad.containers.length;
  return forbid('hostPort', `${bad.who} ${pluralize('uses', 'use', n)} ${pluralize('hostPort', 'hostPorts', hostPorts.length)} ${hostPorts.join(', ')}`);
};

/** hostPorts is the baseline `hostPorts` check. */
export const hostPorts = defineCheck({
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: hostPortsV1Dot0 }],
});
