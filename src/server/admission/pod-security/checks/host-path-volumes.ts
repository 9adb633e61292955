/*
HostPath volumes must be forbidden.

Restricted Fields:
  spec.volumes[*].hostPath

Allowed Values: undefined/null

Level: baseline. Versions: 1.0. Overridden at restricted by restrictedVolumes.
Mirrors k8s.io/pod-security-admission/policy/check_hostPathVolumes.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { arrayOf, counted, isRecord, str } from '../helpers';
import { v } from '../level-version';

/** HOST_PATH_VOLUMES_ID is the ID restrictedVolumes overrides. */
export const HOST_PATH_VOLUMES_ID = 'hostPathVolumes';

/** hostPathVolumesV1Dot0 rejects any hostPath volume, naming the volumes in spec order. */
export const hostPathVolumesV1Dot0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  for (const vol of arrayOf(spec.volumes)) {
    if (isRecord(vol) && vol.hostPath != null) bad.push(str(vol.name));
  }
  if (bad.length === 0) return ALLOWED;
  return forbid('hostPath volumes', counted('volume', 'volumes', bad));
};

/** hostPathVolumes is the baseline `hostPathVolumes` check. */
export const hostPathVolumes = defineCheck({
  id: HOST_PATH_VOLUMES_ID,
  level: 'baseline',
  versions: [{ minimumVersion: v(1, 0), check: hostPathVolumesV1Dot0 }],
});
