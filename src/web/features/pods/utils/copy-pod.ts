import { ANNOTATIONS } from '../../../../shared/api/meta';
import { podSecretRefs } from '../../../../shared/pod-references';
import type { Manifest } from './pod-draft';

// Copying a pod to another namespace copies its spec, never its secrets (DESIGN "Secrets"). The
// namespace-specific parts are left for the target's admission to fill in again: the UID, groups and
// SELinux level come from each namespace's own ranges, and the profile is chosen anew there.

/** podSecretNames is the sorted set of secret names a pod spec uses. */
export function podSecretNames(spec: any): string[] {
  return [...new Set(podSecretRefs(spec).map((u) => u.name))].sort();
}

/** missingSecrets lists the secrets a pod uses that `available` (the target's secret names) lacks. */
export function missingSecrets(spec: any, available: Iterable<string>): string[] {
  const have = new Set(available);
  return podSecretNames(spec).filter((n) => !have.has(n));
}

const OWNED_ANNOTATIONS: readonly string[] = [ANNOTATIONS.createdBy, ANNOTATIONS.profile, 'kubectl.kubernetes.io/last-applied-configuration'];

/**
 * copyManifest turns a stored pod into a manifest for another namespace: only name, labels and
 * annotations people wrote are kept from the metadata; the node, the duplicate `serviceAccount` field
 * and the namespace-assigned UID, groups and SELinux level are dropped. Secrets are referenced by
 * name only, as in the source; none is copied.
 */
export function copyManifest(pod: { metadata?: any; spec?: any }): Manifest {
  const spec = structuredClone(pod.spec ?? {});
  delete spec.nodeName;
  delete spec.serviceAccount;
  const sc = spec.securityContext;
  if (sc && typeof sc === 'object') {
    for (const k of ['runAsUser', 'fsGroup', 'supplementalGroups']) delete sc[k];
    if (sc.seLinuxOptions) {
      delete sc.seLinuxOptions.level;
      if (Object.keys(sc.seLinuxOptions).length === 0) delete sc.seLinuxOptions;
    }
    if (Object.keys(sc).length === 0) delete spec.securityContext;
  }
  const metadata: Record<string, unknown> = { name: pod.metadata?.name ?? '' };
  if (pod.metadata?.labels && Object.keys(pod.metadata.labels).length) metadata.labels = { ...pod.metadata.labels };
  const annotations = Object.fromEntries(Object.entries(pod.metadata?.annotations ?? {}).filter(([k]) => !OWNED_ANNOTATIONS.includes(k)));
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
