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
import { containerName, joinQuote, pluralize, sortedSet, str, visitContainers } from '../helpers';
import { v } from '../level-version';
import type { SELinuxOptionsLike } from '../types';

const allowedTypes1Dot0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const allowedTypes1Dot31: ReadonlySet<string> = new Set([...allowedTypes1Dot0, 'container_engine_t']);

function seLinuxOptions(allowedTypes: ReadonlySet<string>): CheckPodFn {
  return (_meta, spec) => {
    const badSetters: string[] = [];
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;

    const valid = (opts: SELinuxOptionsLike): boolean => {
      let ok = true;
      const t = opts.type == null ? '' : str(opts.type);
      if (!allowedTypes.has(t)) {
        ok = false;
        badTypes.push(t);
      }
      if (opts.user != null && str(opts.user).length > 0) {
        ok = false;
        setUser = true;
      }
      if (opts.role != null && str(opts.role).length > 0) {
        ok = false;
        setRole = true;
      }
      return ok;
    };

    const podOpts = spec.securityContext?.seLinuxOptions;
    if (podOpts != null && !valid(podOpts)) badSetters.push('pod');

    const badContainers: string[] = [];
    visitContainers(spec, (c) => {
      const opts = c.securityContext?.seLinuxOptions;
      if (opts != null && !valid(opts)) badContainers.push(containerName(c));
    });
    if (badContainers.length > 0) {
      badSetters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
    }

    if (badSetters.length === 0) return ALLOWED;
    const badData: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) badData.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) badData.push('user may not be set');
    if (setRole) badData.push('role may not be set');
    return forbid('seLinuxOptions', `${badSetters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${badData.join('; ')}`);
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
