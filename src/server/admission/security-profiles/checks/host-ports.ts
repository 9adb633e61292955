/*
Profile field: allowHostPorts (absent: false).

Pod fields checked: spec.{initContainers,containers,ephemeralContainers}[*].ports[*].hostPort
Allowed values without allowHostPorts: 0, unset. No defaults.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, flagCheck, invalidValue } from './types';

/** hostPorts enforces `allowHostPorts`. */
export const hostPorts = flagCheck('host-ports', 'allowHostPorts', (pod) => {
  const out: ProfileReason[] = [];
  for (const { c, path } of containersOf(pod.spec)) {
    if (!Array.isArray(c.ports)) continue;
    c.ports.forEach((p: any, i: number) => {
      if (typeof p?.hostPort === 'number' && p.hostPort !== 0) out.push(invalidValue(`${path}.ports[${i}].hostPort`, p.hostPort, 'host ports are not allowed'));
    });
  }
  return out;
});
