/*
Windows pods offer the ability to run HostProcess containers, which enable
privileged access to the Windows node. Privileged access to the host is
disallowed in the baseline policy.

Restricted Fields:
  spec.securityContext.windowsOptions.hostProcess
  spec.containers[*].securityContext.windowsOptions.hostProcess
  spec.initContainers[*].securityContext.windowsOptions.hostProcess
  spec.ephemeralContainers[*].securityContext.windowsOptions.hostProcess

Allowed Values: false, undefined/null

Level: baseline. Versions: 1.0.
Mirrors k8s.io/pod-security-admission/policy/check_windowsHostProcess.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { badSetters, isSet } from '../helpers';
import { v } from '../level-version';

/** windowsHostProcessV1Dot0 rejects hostProcess=true on the pod or any container. */
export const windowsHostProcessV1Dot0: CheckPodFn = (_meta, spec) => {
  const bad = badSetters(spec, (c) => isSet(c.securityContext?.windowsOptions?.hostProcess), (s) => isSet(s.securityContext?.windowsOptions?.hostProcess));
  if (bad.who === '') return ALLOWED;
  return forbid('hostProcess', `${bad.who} must not set securityContext.windowsOptions.hostProcess=true`);
};

/** windowsHostProcess is the baseline `windowsHostProcess` check. */
export const windowsHostProcess = defineCheck({
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: windowsHostProcessV1Dot0 }],
});
