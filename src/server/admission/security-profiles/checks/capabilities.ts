/*
Profile fields: allowedCapabilities (absent: none; `*` allows any), defaultAddCapabilities (absent:
none), requiredDropCapabilities (absent: none; `ALL` drops everything).

Pod fields checked and defaulted:
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add
  spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.drop

Defaults: every defaultAddCapabilities entry the container neither adds nor drops is appended to
`add`; every requiredDropCapabilities entry missing from `drop` is appended to `drop`.
Allowed values of `add`: allowedCapabilities and defaultAddCapabilities, except a capability that
requiredDropCapabilities names explicitly (dropping `ALL` still lets allowed capabilities be added
back, as the container runtime applies `drop` before `add`). Names compare exactly, as Pod Security
compares them (`chown` and `CAP_CHOWN` are not `CHOWN`).
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, containerSecurityContext, invalidValue, type ProfileCheck } from './types';

const has = (list: readonly string[], cap: string): boolean => list.some((x) => x === '*' || x === cap);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/** capabilities enforces `allowedCapabilities`, `defaultAddCapabilities` and `requiredDropCapabilities`. */
export const capabilities: ProfileCheck = {
  id: 'capabilities',
  fields: ['allowedCapabilities', 'defaultAddCapabilities', 'requiredDropCapabilities'],
  apply(profile, pod) {
    const allowed = profile.allowedCapabilities ?? [];
    const defaults = profile.defaultAddCapabilities ?? [];
    const required = profile.requiredDropCapabilities ?? [];
    const out: ProfileReason[] = [];
    for (const { c, path } of containersOf(pod.spec)) {
      const existing = containerSecurityContext(c)?.capabilities;
      let add = strings(existing?.add);
      const drop = strings(existing?.drop);
      const addDefaults = defaults.filter((d) => !add.some((a) => a === d) && !drop.some((x) => x === d));
      const dropRequired = required.filter((r) => !drop.some((x) => x === r));
      if (addDefaults.length > 0 || dropRequired.length > 0) {
        const caps = containerSecurityContext(c, true).capabilities ??= {};
        if (addDefaults.length > 0) caps.add = add = [...add, ...addDefaults];
        if (dropRequired.length > 0) caps.drop = [...drop, ...dropRequired];
      }
      add.forEach((cap, i) => {
        const field = `${path}.securityContext.capabilities.add[${i}]`;
        const named = required.filter((r) => r !== 'ALL');
        if (named.some((r) => r === cap)) out.push(invalidValue(field, cap, 'capability is required to be dropped'));
        else if (!has(allowed, cap) && !has(defaults, cap)) {
          out.push(invalidValue(field, cap, allowed.length === 0 ? 'adding capabilities is not allowed' : `capability may not be added (allowed: ${allowed.join(', ')})`));
        }
      });
    }
    return out;
  },
};
