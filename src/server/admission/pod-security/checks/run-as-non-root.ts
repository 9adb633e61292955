/*
Containers must be required to run as non-root users.

Restricted Fields:
  spec.securityContext.runAsNonRoot
  spec.containers[*].securityContext.runAsNonRoot
  spec.initContainers[*].securityContext.runAsNonRoot
  spec.ephemeralContainers[*].securityContext.runAsNonRoot

Allowed Values:
  true
  undefined/null at container level if the pod level is set to true
  anything when spec.hostUsers is false (from 1.35: a user-namespace pod's root is not the host's root)

Level: restricted. Versions: 1.0, 1.35.
Mirrors k8s.io/pod-security-admission/policy/check_runAsNonRoot.go.
*/

import { ALLOWED, defineCheck, forbid, withExemption, type CheckPodFn } from '../check';
import { counted, relaxForUserNamespace, requireSetting } from '../helpers';
import { v } from '../level-version';

/** runAsNonRootV1Dot0 requires runAsNonRoot=true on the pod or on every container, and false nowhere. */
export const runAsNonRootV1Dot0: CheckPodFn = (_meta, spec) => {
  const setting = requireSetting(spec, (sc) => sc?.runAsNonRoot, (value) => value === true);
  if (setting.who !== '') return forbid('runAsNonRoot != true', `${setting.who} must not set securityContext.runAsNonRoot=false`);
  if (setting.unset.length > 0) {
    return forbid('runAsNonRoot != true', `pod or ${counted('container', 'containers', setting.unset)} must set securityContext.runAsNonRoot=true`);
  }
  return ALLOWED;
};

/** runAsNonRoot is the restricted `runAsNonRoot` check; from 1.35 user-namespace pods (hostUsers: false) are not checked. */
export const runAsNonRoot = defineCheck({
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: withExemption({ minimumVersion: v(1, 0), check: runAsNonRootV1Dot0 }, v(1, 35), relaxForUserNamespace),
});
