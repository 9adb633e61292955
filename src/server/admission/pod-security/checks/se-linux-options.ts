/*
Setting the SELinux type is restricted, and setting a custom SELinux user or
role option is forbidden.

Restricted Fields:
  spec.securityContext.seLinuxOptions.type
  spec.containers[*].securityContext.seLinuxOptions.type
  spec.initContainers[*].securityContext.seLinuxOptions.type
  spec.ephemeralContainers[*].securityContext.seLinuxOptions.type
Allowed Values:
  undefined/empty, container_t, container_init_t, container_kvm_t
  container_engine_t (from 1.31)

Restricted Fields:
  spec.securityContext.seLinuxOptions.user / .role
  spec.containers[*].securityContext.seLinuxOptions.user / .role
  spec.initContainers[*].securityContext.seLinuxOptions.user / .role
  spec.ephemeralContainers[*].securityContext.seLinuxOptions.user / .role
Allowed Values: undefined/empty

Level: baseline. Versions: 1.0, 1.31.
Mirrors k8s.io/pod-security-admission/policy/check_seLinuxOptions.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { badSetters, counted, sortedSet, str } from '../helpers';
import { v } from '../level-version';
import type { Maybe, SELinuxOptionsLike } from '../types';

const allowedTypes1Dot0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const allowedTypes1Dot31: ReadonlySet<string> = new Set([...allowedTypes1Dot0, 'container_engine_t']);

function seLinuxOptions(allowedTypes: ReadonlySet<string>): CheckPodFn {
  return (_meta, spec) => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;

    const forbidden = (opts: Maybe<SELinuxOptionsLike>): boolean => {
      if (opts == null) return false;
      let bad = false;
      const t = opts.type == null ? '' : str(opts.type);
      if (!allowedTypes.has(t)) {
        bad = true;
        badTypes.push(t);
      }
      if (opts.user != null && str(opts.user).length > 0) {
        bad = true;
        setUser = true;
      }
      if (opts.role != null && str(opts.role).length > 0) {
        bad = true;
        setRole = true;
      }
      return bad;
    };

    const bad = badSetters(spec, (c) => forbidden(c.securityContext?.seLinuxOptions), (s) => forbidden(s.securityContext?.seLinuxOptions));
    if (bad.who === '') return ALLOWED;
    const badData: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) badData.push(counted('type', 'types', types));
    if (setUser) badData.push('user may not be set');
    if (setRole) badData.push('role may not be set');
    return forbid('seLinuxOptions', `${bad.who} set forbidden securityContext.seLinuxOptions: ${badData.join('; ')}`);
  };
}

/** seLinuxOptionsV1Dot0 allows types "", container_t, container_init_t and container_kvm_t. */
export const seLinuxOptionsV1Dot0: CheckPodFn = seLinuxOptions(allowedTypes1Dot0);
/** seLinuxOptionsV1Dot31 also allows container_engine_t. */
export const seLinuxOptionsV1Dot31: CheckPodFn = seLinuxOptions(allowedTypes1Dot31);

/** seLinuxOptionsCheck is the baseline `seLinuxOptions` check. */
export const seLinuxOptionsCheck = defineCheck({
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minimumVersion: v(1, 0), check: seLinuxOptionsV1Dot0 },
    { minimumVersion: v(1, 31), check: seLinuxOptionsV1Dot31 },
  ],
});
