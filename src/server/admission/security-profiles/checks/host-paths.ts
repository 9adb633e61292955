/*
Profile field: allowedHostPaths (absent or empty: any path, when `volumes` allows hostPath).

Pod fields checked:
  spec.volumes[*].hostPath.path — must equal a pathPrefix or lie under it (segment-wise: `/var/log`
    covers `/var/log/app` but not `/var/logs`);
  spec.{initContainers,containers,ephemeralContainers}[*].volumeMounts[*].readOnly — must be true
    for a volume whose matching prefixes all say readOnly.
No defaults.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { containersOf, invalidValue, type ProfileCheck } from './types';

/** underPrefix is a segment-wise path prefix test (`/a/b` is under `/a`, `/ab` is not). */
export function underPrefix(path: string, prefix: string): boolean {
  const clean = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const [p, pre] = [clean(path), clean(prefix)];
  return pre === '/' ? p.startsWith('/') : p === pre || p.startsWith(`${pre}/`);
}

/** hostPaths enforces `allowedHostPaths`. */
export const hostPaths: ProfileCheck = {
  id: 'host-paths',
  fields: ['allowedHostPaths'],
  apply(profile, pod) {
    const allowed = profile.allowedHostPaths ?? [];
    if (allowed.length === 0 || !Array.isArray(pod.spec.volumes)) return [];
    const out: ProfileReason[] = [];
    const readOnlyVolumes = new Set<string>();
    pod.spec.volumes.forEach((v: any, i: number) => {
      const path = v?.hostPath?.path;
      if (typeof path !== 'string') return;
      const matches = allowed.filter((a) => underPrefix(path, a.pathPrefix));
      if (matches.length === 0) out.push(invalidValue(`spec.volumes[${i}].hostPath.path`, path, `is not under an allowed host path (${allowed.map((a) => a.pathPrefix).join(', ')})`));
      else if (matches.every((m) => m.readOnly === true)) readOnlyVolumes.add(String(v.name));
    });
    for (const { c, path } of containersOf(pod.spec)) {
      if (!Array.isArray(c.volumeMounts)) continue;
      c.volumeMounts.forEach((m: any, i: number) => {
        if (readOnlyVolumes.has(String(m?.name)) && m.readOnly !== true) out.push(invalidValue(`${path}.volumeMounts[${i}].readOnly`, m.readOnly ?? false, 'must be true for this host path'));
      });
    }
    return out;
  },
};
