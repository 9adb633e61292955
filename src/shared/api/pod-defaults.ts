// Upstream's PodSpec defaults (pkg/apis/core/v1/defaults.go), applied to stored pods and to the pod
// templates of workloads (so a template is checked as the pods made from it will be).

/** imagePullPolicy is upstream's default: Always for `:latest` or no tag, IfNotPresent otherwise (a digest counts as a tag). */
function imagePullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** defaultPodSpec fills upstream's PodSpec defaults (SetDefaults_PodSpec, _Container, _ContainerPort, _Volume) (mutates). */
export function defaultPodSpec(spec: Record<string, any>): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount = spec.serviceAccountName;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    c.imagePullPolicy ??= imagePullPolicy(c.image);
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    for (const port of c.ports ?? []) port.protocol ??= 'TCP';
  }
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

/** defaultTolerations adds upstream's DefaultTolerationSeconds: 300 s on not-ready and unreachable nodes, unless the pod tolerates them already. */
export function defaultTolerations(spec: { tolerations?: { key?: string; effect?: string; operator?: string }[] | null }): void {
  const tolerations = spec.tolerations ?? [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!toleratesNoExecute(tolerations, key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 } as never);
  }
  spec.tolerations = tolerations;
}

/** toleratesNoExecute is true when a toleration covers taint `key` with effect NoExecute (a module function: no closure per pod). */
function toleratesNoExecute(tolerations: readonly { key?: string; effect?: string; operator?: string }[], key: string): boolean {
  for (const t of tolerations) if ((t.key === key || (t.key === undefined && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute')) return true;
  return false;
}

/** defaultVolume fills upstream's volume defaults: mode 0644 (420) for projected files, an empty hostPath type. */
function defaultVolume(v: Record<string, any>): void {
  for (const k of ['secret', 'configMap', 'projected', 'downwardAPI']) {
    if (v[k] && typeof v[k] === 'object') v[k].defaultMode ??= 420;
  }
  if (v.hostPath && typeof v.hostPath === 'object') v.hostPath.type ??= '';
}
