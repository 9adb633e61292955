// The objects a pod references, shared by admission, the node authorizer's graph, the secret summaries,
// connect mode's webhooks and the console, so they cannot disagree.
// Every way a pod names a secret, as upstream's podutil.VisitPodSecretNames: secret and projected
// volumes, volume plugins' secretRefs, env valueFrom.secretKeyRef, envFrom.secretRef and
// imagePullSecrets, in init, regular and ephemeral containers.

/** SecretRef is one reference from a pod to a secret: the secret's name, how, and the field path. */
export interface SecretRef {
  name: string;
  via: string;
  field: string;
}

const VOLUME_SECRET_REFS: [string, string][] = [
  ['azureFile', 'secretName'], ['cephfs', 'secretRef.name'], ['cinder', 'secretRef.name'], ['flexVolume', 'secretRef.name'],
  ['iscsi', 'secretRef.name'], ['rbd', 'secretRef.name'], ['scaleIO', 'secretRef.name'], ['storageos', 'secretRef.name'],
  ['csi', 'nodePublishSecretRef.name'],
];
// Split once: these are read for every volume of every pod admitted.
const VOLUME_SECRET_PATHS = VOLUME_SECRET_REFS.map(([type, path]) => ({ type, path, keys: path.split('.') }));

const at = (o: unknown, keys: readonly string[]): unknown => keys.reduce<any>((x, k) => (x == null ? undefined : x[k]), o);

/** podSecretRefs lists a pod spec's secret references in spec order (names may repeat). */
export function podSecretRefs(spec: Record<string, any> | null | undefined): SecretRef[] {
  const out: SecretRef[] = [];
  if (!spec || typeof spec !== 'object') return out;
  // The field path is rendered only for a reference found (most entries name no secret).
  const add = (name: unknown, via: string, field: () => string) => { if (typeof name === 'string' && name !== '') out.push({ name, via, field: field() }); };
  (Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : []).forEach((s: any, i: number) => add(s?.name, 'imagePullSecrets', () => `spec.imagePullSecrets[${i}].name`));
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = Array.isArray(spec[key]) ? spec[key] : [];
    list.forEach((c: any, ci: number) => {
      (Array.isArray(c?.envFrom) ? c.envFrom : []).forEach((e: any, i: number) => add(e?.secretRef?.name, 'envFrom', () => `spec.${key}[${ci}].envFrom[${i}].secretRef.name`));
      (Array.isArray(c?.env) ? c.env : []).forEach((e: any, i: number) => add(e?.valueFrom?.secretKeyRef?.name, 'env', () => `spec.${key}[${ci}].env[${i}].valueFrom.secretKeyRef.name`));
    });
  }
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: any, i: number) => {
    if (!v || typeof v !== 'object') return;
    add(v.secret?.secretName, 'volume', () => `spec.volumes[${i}].secret.secretName`);
    (Array.isArray(v.projected?.sources) ? v.projected.sources : []).forEach((s: any, j: number) => add(s?.secret?.name, 'projected', () => `spec.volumes[${i}].projected.sources[${j}].secret.name`));
    for (const { type, path, keys } of VOLUME_SECRET_PATHS) if (v[type] != null) add(at(v[type], keys), type, () => `spec.volumes[${i}].${type}.${path}`);
  });
  return out;
}

/** podConfigMapRefs lists the config maps a pod spec names: volumes, projected sources, env and envFrom (init, regular, ephemeral containers). */
export function podConfigMapRefs(spec: Record<string, any> | null | undefined): string[] {
  const out: string[] = [];
  if (!spec || typeof spec !== 'object') return out;
  const add = (n: unknown) => { if (typeof n === 'string' && n !== '') out.push(n); };
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of Array.isArray(spec[key]) ? spec[key] : []) {
      for (const e of Array.isArray(c?.envFrom) ? c.envFrom : []) add(e?.configMapRef?.name);
      for (const e of Array.isArray(c?.env) ? c.env : []) add(e?.valueFrom?.configMapKeyRef?.name);
    }
  }
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    add(v?.configMap?.name);
    for (const s of Array.isArray(v?.projected?.sources) ? v.projected.sources : []) add(s?.configMap?.name);
  }
  return out;
}
