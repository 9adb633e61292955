/*
Profile field: allowHostNetwork (absent: false).

Pod fields checked:
  spec.hostNetwork
  spec.{initContainers,containers,ephemeralContainers}[*].{livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host
  spec.{initContainers,containers,ephemeralContainers}[*].lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host

Allowed values without allowHostNetwork: hostNetwork false or unset; probe and lifecycle `host`
unset or empty (a probe aimed at another host is the node reaching out on the pod's behalf, which
Pod Security baseline forbids for the same reason). No defaults are set.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, flagCheck, invalidValue, podFlag } from './types';

const HANDLERS: [string, string][] = [
  ['livenessProbe', ''], ['readinessProbe', ''], ['startupProbe', ''], ['lifecycle', 'postStart'], ['lifecycle', 'preStop'],
];

/** hostNetwork enforces `allowHostNetwork`. */
export const hostNetwork = flagCheck('host-network', 'allowHostNetwork', (pod) => {
  const out: ProfileReason[] = podFlag(pod, 'hostNetwork', 'host network is not allowed');
  for (const { c, path } of containersOf(pod.spec)) {
    for (const [outer, inner] of HANDLERS) {
      const h = inner ? c[outer]?.[inner] : c[outer];
      if (!h || typeof h !== 'object') continue;
      for (const kind of ['httpGet', 'tcpSocket']) {
        const host = h[kind]?.host;
        if (typeof host === 'string' && host !== '') {
          out.push(invalidValue(`${path}.${outer}${inner ? `.${inner}` : ''}.${kind}.host`, host, 'probes and lifecycle hooks may not target another host'));
        }
      }
    }
  }
  return out;
});
