/*
Containers must drop ALL capabilities, and are only permitted to add back the
NET_BIND_SERVICE capability.

Restricted Fields:
  spec.containers[*].securityContext.capabilities.drop
  spec.initContainers[*].securityContext.capabilities.drop
  spec.ephemeralContainers[*].securityContext.capabilities.drop
Allowed Values: must include "ALL" (exact, case-sensitive)

Restricted Fields:
  spec.containers[*].securityContext.capabilities.add
  spec.initContainers[*].securityContext.capabilities.add
  spec.ephemeralContainers[*].securityContext.capabilities.add
Allowed Values: undefined/empty, "NET_BIND_SERVICE"

Exemption: from 1.25, pods with spec.os.name == "windows" are exempt.

Level: restricted. Versions: 1.22, 1.25. Overrides capabilities_baseline.
Mirrors k8s.io/pod-security-admission/policy/check_capabilities_restricted.go.
*/

import { ALLOWED, defineCheck, forbid, withExemption, type CheckPodFn } from '../check';
import { arrayOf, badSetters, isWindowsPod, joinQuote, sortedSet, str } from '../helpers';
import { v } from '../level-version';
import { CAPABILITIES_BASELINE_ID } from './capabilities-baseline';

/** capabilitiesRestrictedV1Dot22 requires drop ["ALL"] and allows only NET_BIND_SERVICE in add. */
export const capabilitiesRestrictedV1Dot22: CheckPodFn = (_meta, spec) => {
  const missingDropAll = badSetters(spec, (c) => {
    const caps = c.securityContext?.capabilities;
    return caps == null || !arrayOf(caps.drop).some((d) => d === 'ALL');
  });
  const addingForbidden = badSetters(spec, (c) => {
    const caps: string[] = [];
    for (const cap of arrayOf(c.securityContext?.capabilities?.add)) if (cap !== 'NET_BIND_SERVICE') caps.push(str(cap));
    return caps;
  });
  const details: string[] = [];
  if (missingDropAll.who !== '') details.push(`${missingDropAll.who} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.who !== '') {
    details.push(`${addingForbidden.who} must not include ${joinQuote(sortedSet(addingForbidden.values))} in securityContext.capabilities.add`);
  }
  if (details.length === 0) return ALLOWED;
  return forbid('unrestricted capabilities', details.join('; '));
};

/** capabilitiesRestricted is the restricted `capabilities_restricted` check; from 1.25 Windows pods are exempt. */
export const capabilitiesRestricted = defineCheck({
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: withExemption({ minimumVersion: v(1, 22), check: capabilitiesRestrictedV1Dot22, overrides: [CAPABILITIES_BASELINE_ID] }, v(1, 25), isWindowsPod),
});
