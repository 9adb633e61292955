// What a pod's containers mount and read from secrets, by name and path only: a pod spec never holds
// a secret's value, and neither does anything derived here.

/** MountSource is where a mounted volume's files come from. */
export type MountSource =
  | { type: 'secret'; secretName: string; items: { key: string; path: string }[] }
  | { type: 'projected'; secrets: string[]; others: string[] }
  | { type: 'configMap'; name: string }
  | { type: 'other'; kind: string; detail?: string };

/** MountInfo is one volume mount of one container. */
export interface MountInfo { container: string; volume: string; mountPath: string; readOnly: boolean; subPath?: string; source: MountSource | undefined }

/** SecretEnv is one environment variable (or all of a secret's keys, `key` undefined) taken from a secret. */
export interface SecretEnv { container: string; variable?: string; secretName: string; key?: string; prefix?: string }

const CONTAINER_GROUPS = ['initContainers', 'containers'] as const;

function sourceOf(v: any): MountSource | undefined {
  if (!v || typeof v !== 'object') return undefined;
  if (v.secret) {
    const items = Array.isArray(v.secret.items) ? v.secret.items.map((i: any) => ({ key: String(i?.key ?? ''), path: String(i?.path ?? i?.key ?? '') })) : [];
    return { type: 'secret', secretName: String(v.secret.secretName ?? ''), items };
  }
  if (v.projected) {
    const sources: any[] = Array.isArray(v.projected.sources) ? v.projected.sources : [];
    const secrets = sources.filter((s) => s?.secret?.name).map((s) => String(s.secret.name));
    const others = sources.filter((s) => !s?.secret).map((s) => Object.keys(s ?? {})[0] ?? 'unknown');
    return { type: 'projected', secrets, others };
  }
  if (v.configMap) return { type: 'configMap', name: String(v.configMap.name ?? '') };
  const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
  const detail = kind === 'hostPath' ? v.hostPath?.path : kind === 'persistentVolumeClaim' ? v.persistentVolumeClaim?.claimName : undefined;
  return { type: 'other', kind, detail: typeof detail === 'string' ? detail : undefined };
}

/** podMounts lists every container's volume mounts with the volume's source (init containers first). */
export function podMounts(spec: any): MountInfo[] {
  const volumes = new Map<string, any>();
  for (const v of Array.isArray(spec?.volumes) ? spec.volumes : []) if (typeof v?.name === 'string') volumes.set(v.name, v);
  const out: MountInfo[] = [];
  for (const group of CONTAINER_GROUPS) {
    for (const c of Array.isArray(spec?.[group]) ? spec[group] : []) {
      for (const m of Array.isArray(c?.volumeMounts) ? c.volumeMounts : []) {
        out.push({
          container: String(c?.name ?? ''), volume: String(m?.name ?? ''), mountPath: String(m?.mountPath ?? ''),
          readOnly: m?.readOnly === true, subPath: typeof m?.subPath === 'string' && m.subPath ? m.subPath : undefined,
          source: sourceOf(volumes.get(m?.name)),
        });
      }
    }
  }
  return out;
}

/** podSecretEnv lists the environment variables every container takes from secrets (by reference). */
export function podSecretEnv(spec: any): SecretEnv[] {
  const out: SecretEnv[] = [];
  for (const group of CONTAINER_GROUPS) {
    for (const c of Array.isArray(spec?.[group]) ? spec[group] : []) {
      const container = String(c?.name ?? '');
      for (const e of Array.isArray(c?.env) ? c.env : []) {
        const ref = e?.valueFrom?.secretKeyRef;
        if (ref?.name) out.push({ container, variable: String(e.name ?? ''), secretName: String(ref.name), key: String(ref.key ?? '') });
      }
      for (const e of Array.isArray(c?.envFrom) ? c.envFrom : []) {
        if (e?.secretRef?.name) out.push({ container, secretName: String(e.secretRef.name), prefix: typeof e.prefix === 'string' && e.prefix ? e.prefix : undefined });
      }
    }
  }
  return out;
}
