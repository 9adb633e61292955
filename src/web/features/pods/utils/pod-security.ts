import { ANNOTATIONS } from '../../../../shared/api/meta';

// The effective security context of a pod: what the container really runs with once pod-level and
// container-level settings are combined (the container wins), as admission stored it. Used by the
// list's UID column, the pod detail and the profile picker's "admission will set" lines.

/** EffectiveSecurity is one container's effective security settings plus the pod-wide ones. */
export interface EffectiveSecurity {
  container: string;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  fsGroup?: number;
  supplementalGroups: number[];
  seLinuxLevel?: string;
  seccomp?: string;
  privileged: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilitiesAdd: string[];
  capabilitiesDrop: string[];
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function seccompOf(v: any): string | undefined {
  if (!v || typeof v.type !== 'string') return undefined;
  return v.type === 'Localhost' && v.localhostProfile ? `Localhost/${String(v.localhostProfile)}` : v.type;
}

/** effectiveSecurity combines `spec.securityContext` with container `index`'s (undefined when there is no such container). */
export function effectiveSecurity(spec: any, index = 0): EffectiveSecurity | undefined {
  const c = Array.isArray(spec?.containers) ? spec.containers[index] : undefined;
  if (!c || typeof c !== 'object') return undefined;
  const pod = spec?.securityContext ?? {};
  const sc = c.securityContext ?? {};
  return {
    container: typeof c.name === 'string' ? c.name : `#${index + 1}`,
    runAsUser: num(sc.runAsUser) ?? num(pod.runAsUser),
    runAsGroup: num(sc.runAsGroup) ?? num(pod.runAsGroup),
    runAsNonRoot: bool(sc.runAsNonRoot) ?? bool(pod.runAsNonRoot),
    fsGroup: num(pod.fsGroup),
    supplementalGroups: Array.isArray(pod.supplementalGroups) ? pod.supplementalGroups.filter((g: unknown) => typeof g === 'number') : [],
    seLinuxLevel: (sc.seLinuxOptions?.level ?? pod.seLinuxOptions?.level) || undefined,
    seccomp: seccompOf(sc.seccompProfile) ?? seccompOf(pod.seccompProfile),
    privileged: sc.privileged === true,
    allowPrivilegeEscalation: bool(sc.allowPrivilegeEscalation),
    readOnlyRootFilesystem: bool(sc.readOnlyRootFilesystem),
    capabilitiesAdd: strings(sc.capabilities?.add),
    capabilitiesDrop: strings(sc.capabilities?.drop),
    hostNetwork: spec?.hostNetwork === true,
    hostPID: spec?.hostPID === true,
    hostIPC: spec?.hostIPC === true,
  };
}

/** uidLabel renders the UID a container runs as: the number, "any non-root" when only runAsNonRoot is set, else "image default". */
export function uidLabel(s: EffectiveSecurity | undefined): string {
  if (!s) return '—';
  if (s.runAsUser !== undefined) return String(s.runAsUser);
  return s.runAsNonRoot ? 'non-root (image)' : 'image default';
}

/** groupsLabel renders the pod's groups: primary group, fsGroup and supplemental groups, or "none set". */
export function groupsLabel(s: EffectiveSecurity | undefined): string {
  if (!s) return '—';
  const parts: string[] = [];
  if (s.runAsGroup !== undefined) parts.push(`group ${s.runAsGroup}`);
  if (s.fsGroup !== undefined) parts.push(`fsGroup ${s.fsGroup}`);
  if (s.supplementalGroups.length) parts.push(`supplemental ${s.supplementalGroups.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'none set';
}

/** podMeta reads the two annotations admission owns: the profile that admitted the pod and its creator. */
export function podMeta(metadata: { annotations?: Record<string, string> | null } | undefined): { profile?: string; creator?: string } {
  const a = metadata?.annotations ?? {};
  return { profile: a[ANNOTATIONS.profile] || undefined, creator: a[ANNOTATIONS.createdBy] || undefined };
}
