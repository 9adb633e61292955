/*
Profile field: volumes (absent: none allowed; `*` allows every type).

Pod field checked: spec.volumes[*] — the volume source set besides `name` (hostPath, emptyDir,
secret, configMap, projected, persistentVolumeClaim, csi, ephemeral, ...). No defaults.
*/

import type { ProfileReason } from '../../../../shared/api/security';
import { invalidValue, type ProfileCheck } from './types';

/** volumeType returns the source type of a volume (the first key other than `name`), or '' for none. */
export function volumeType(v: Record<string, unknown>): string {
  return Object.keys(v).find((k) => k !== 'name' && v[k] !== undefined && v[k] !== null) ?? '';
}

/** volumes enforces `volumes`. */
export const volumes: ProfileCheck = {
  id: 'volumes',
  fields: ['volumes'],
  apply(profile, pod) {
    const allowed: readonly string[] = profile.volumes ?? [];
    if (allowed.includes('*') || !Array.isArray(pod.spec.volumes)) return [];
    const out: ProfileReason[] = [];
    pod.spec.volumes.forEach((v: any, i: number) => {
      if (!v || typeof v !== 'object') return;
      const t = volumeType(v);
      if (t && !allowed.includes(t)) out.push(invalidValue(`spec.volumes[${i}]`, t, allowed.length ? `volume type may not be used (allowed: ${allowed.join(', ')})` : 'volumes are not allowed'));
    });
    return out;
  },
};
