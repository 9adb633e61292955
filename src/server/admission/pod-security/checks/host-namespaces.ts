/*
Sharing the host namespaces must be disallowed.

Restricted Fields:
  spec.hostNetwork
  spec.hostPID
  spec.hostIPC

Allowed Values: false, undefined/null

Level: baseline. Versions: 1.0.
Mirrors k8s.io/pod-security-admission/policy/check_hostNamespaces.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { isSet, sortedSet } from '../helpers';
import { v } from '../level-version';

/** hostNamespacesV1Dot0 rejects hostNetwork, hostPID or hostIPC; the detail lists them sorted, as upstream's set. */
export const hostNamespacesV1Dot0: CheckPodFn = (_meta, spec) => {
  const used: string[] = [];
  if (isSet(spec.hostNetwork)) used.push('hostNetwork=true');
  if (isSet(spec.hostPID)) used.push('hostPID=true');
  if (isSet(spec.hostIPC)) used.push('hostIPC=true');
  if (used.length === 0) return ALLOWED;
  return forbid('host namespaces', sortedSet(used).join(', '));
};

/** hostNamespaces is the baseline `hostNamespaces` check. */
export const hostNamespaces = defineCheck({
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: hostNamespacesV1Dot0 }],
});
