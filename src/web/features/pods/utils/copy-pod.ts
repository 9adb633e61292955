import { ANNOTATIONS } from '../../../../shared/api/meta';
import type { Manifest } from './pod-draft';

// Copying a pod to another namespace copies its spec, never its secrets (DESIGN "Secrets"). The
// namespace-specific parts are left for the target's admission to fill in again: the UID, groups and
// SELinux level come from each namespace's own ranges, and the profile is chosen anew there.

/** SecretUse is one way a pod names a secret. */
export interface SecretUse { name: string; via: 'volume' | 'projected' | 'env' | 'envFrom' | 'imagePullSecrets' }

/** podSecretUses lists every secret a pod spec names (volumes, projected sources, env, envFrom, image pull secrets), in spec order. */
export function podSecretUses(spec: any): SecretUse[] {
  const out: SecretUse[] = [];
  const add = (name: unknown, via: SecretUse['via']) => { if (typeof name === 'string' && name) out.push({ name, via }); };
  for (const s of Array.isArray(spec?.imagePullSecrets) ? spec.imagePullSecrets : []) add(s?.name, 'imagePullSecrets');
  for (const group of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of Array.isArray(spec?.[group]) ? spec[group] : []) {
      for (const e of Array.isArray(c?.env) ? c.env : []) add(e?.valueFrom?.secretKeyRef?.name, 'env');
      for (const e of Array.isArray(c?.envFrom) ? c.envFrom : []) add(e?.secretRef?.name, 'envFrom');
    }
  }
  for (const v of Array.isArray(spec?.volumes) ? spec.volumes : []) {
    add(v?.secret?.secretName, 'volume');
    for (const s of Array.isArray(v?.projected?.sources) ? v.projected.sources : []) add(s?.secret?.name, 'projected');
  }
  return out;
}

/** podSecretNames is the sorted set of secret names a pod spec uses. */
export function podSecretNames(spec: any): string[] {
  return [...new Set(podSecretUses(spec).map((u) => u.name))].sort();
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
