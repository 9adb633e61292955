/*
In addition to restricting HostPath volumes, the restricted policy limits usage
of non-core volume types to those defined through PersistentVolumes.

Restricted Fields:
  spec.volumes[*] sources other than the allowed ones below, i.e. hostPath,
  gcePersistentDisk, awsElasticBlockStore, gitRepo, nfs, iscsi, glusterfs, rbd,
  flexVolume, cinder, cephfs, flocker, fc, azureFile, vsphereVolume, quobyte,
  azureDisk, photonPersistentDisk, portworxVolume, scaleIO, storageos, and any
  source this table does not know.

Allowed Values (volume sources): configMap, csi, downwardAPI, emptyDir,
  ephemeral, image, persistentVolumeClaim, projected, secret.
  A volume with no source at all is allowed: the API defaults it to emptyDir.

Level: restricted. Versions: 1.0 (upstream added `image` to the 1.0 revision in
place, so it is allowed at every pinned version). Overrides hostPathVolumes.
Mirrors k8s.io/pod-security-admission/policy/check_restrictedVolumes.go.
*/

import { ALLOWED, defineCheck, forbid, type CheckPodFn } from '../check';
import { arrayOf, isRecord, sortedSet, str, usesPhrase } from '../helpers';
import { v } from '../level-version';
import { HOST_PATH_VOLUMES_ID } from './host-path-volumes';

const ALLOWED_SOURCES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
];

// Upstream's type switch, in its order: the first set source names the type.
const RESTRICTED_SOURCES: readonly string[] = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume',
  'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos',
];

/**
 * restrictedTypeOf returns the restricted type of a volume, or undefined when it
 * is allowed. Null-valued keys count as unset, as a nil pointer in Go. A volume
 * with no source is allowed (API defaulting makes it emptyDir); a volume whose
 * only sources are keys unknown here is "unknown" and restricted, failing closed.
 */
function restrictedTypeOf(vol: Readonly<Record<string, unknown>>): string | undefined {
  for (const k of ALLOWED_SOURCES) if (isSetIn(vol, k)) return undefined;
  for (const k of RESTRICTED_SOURCES) if (isSetIn(vol, k)) return k;
  for (const k of Object.keys(vol)) if (k !== 'name' && isSetIn(vol, k)) return 'unknown';
  return undefined;
}

/** isSetIn is true when `vol` has its own key `k` with a value other than null (a module function: no closure per volume). */
function isSetIn(vol: Readonly<Record<string, unknown>>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(vol, k) && vol[k] != null;
}

/** restrictedVolumesV1Dot0 rejects volumes whose source is not one of the allowed types. */
export const restrictedVolumesV1Dot0: CheckPodFn = (_meta, spec) => {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  for (const vol of arrayOf(spec.volumes)) {
    if (!isRecord(vol)) continue;
    const t = restrictedTypeOf(vol);
    if (t === undefined) continue;
    badVolumes.push(str(vol.name));
    badTypes.push(t);
  }
  if (badVolumes.length === 0) return ALLOWED;
  const types = sortedSet(badTypes);
  return forbid('restricted volume types', usesPhrase(['volume', 'volumes'], badVolumes, ['restricted volume type', 'restricted volume types'], types));
};

/** restrictedVolumes is the restricted `restrictedVolumes` check. */
export const restrictedVolumes = defineCheck({
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minimumVersion: v(1, 0), check: restrictedVolumesV1Dot0, overrides: [HOST_PATH_VOLUMES_ID] }],
});
