import { ANNOTATIONS } from '../../../../shared/api/meta';
import { isRecord } from '../../../../shared/json';

// The pod form edits a draft; the YAML view edits the manifest. The manifest is the one source of
// truth: the draft is read from it (podDraftOf) and written back into a copy of it (applyDraft), so
// anything the form does not know (probes, tolerations, a second container) survives a form edit,
// and a YAML edit shows up in the form at once. The form edits the first container.

/** Manifest is a pod as the person is writing it: any JSON object (it may not be a valid Pod yet). */
export type Manifest = Record<string, any>;

/** EnvRow is one environment variable: a plain value, or a reference to one key of a secret (never its value). */
export interface EnvRow { name: string; source: 'value' | 'secret'; value: string; secretName: string; secretKey: string }
/** PortRow is one container port; `containerPort` is kept as typed so a bad value can be shown. */
export interface PortRow { containerPort: string; protocol: string; name: string }
/** MountRow mounts a secret (some keys, or all when `keys` is empty) as files under `mountPath`. */
export interface MountRow { volumeName: string; secretName: string; keys: string[]; mountPath: string }
/** Resources are the first container's requests and limits, as typed (Kubernetes quantities). */
export interface Resources { cpuRequest: string; memoryRequest: string; cpuLimit: string; memoryLimit: string }
/** SecurityDraft holds the security fields the form offers; profiles decide whether they are allowed. */
export interface SecurityDraft { runAsUser: string; privileged: boolean; addCapabilities: string; hostNetwork: boolean; readOnlyRootFilesystem: boolean }

/** PodDraft is what the pod form shows: metadata, the first container and the pod-level choices. */
export interface PodDraft {
  name: string;
  image: string;
  /** command and args hold one argument per line. */
  command: string;
  args: string;
  env: EnvRow[];
  ports: PortRow[];
  resources: Resources;
  serviceAccountName: string;
  mounts: MountRow[];
  security: SecurityDraft;
  /** profile is the requested security profile; empty lets admission pick the most restrictive that admits the pod. */
  profile: string;
}

/** isObject is isRecord with loosely typed members: the draft reads fields of a manifest it does not type. */
const isObject = (v: unknown): v is Record<string, any> => isRecord(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const lines = (v: unknown): string => (Array.isArray(v) ? v.map(str).join('\n') : '');

/** emptyManifest is where a new pod starts: one container, the restricted-friendly defaults left to admission. */
export function emptyManifest(): Manifest {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: '' }, spec: { containers: [{ name: 'main', image: '' }] } };
}

function firstContainer(m: Manifest): Record<string, any> {
  const c = m.spec?.containers?.[0];
  return isObject(c) ? c : {};
}

function volumesByName(m: Manifest): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  for (const v of Array.isArray(m.spec?.volumes) ? m.spec.volumes : []) if (isObject(v) && typeof v.name === 'string') out.set(v.name, v);
  return out;
}

/** podDraftOf reads the form's view of a manifest; missing or odd-typed fields read as empty. */
export function podDraftOf(m: Manifest): PodDraft {
  const c = firstContainer(m);
  const sc = isObject(c.securityContext) ? c.securityContext : {};
  const podSc = isObject(m.spec?.securityContext) ? m.spec.securityContext : {};
  const volumes = volumesByName(m);
  const mounts: MountRow[] = [];
  for (const vm of Array.isArray(c.volumeMounts) ? c.volumeMounts : []) {
    const v = isObject(vm) ? volumes.get(vm.name) : undefined;
    if (!v || !isObject(v.secret)) continue;
    const items = Array.isArray(v.secret.items) ? v.secret.items : [];
    mounts.push({ volumeName: str(v.name), secretName: str(v.secret.secretName), keys: items.map((i: any) => str(i?.key)).filter(Boolean), mountPath: str(vm.mountPath) });
  }
  const res = isObject(c.resources) ? c.resources : {};
  return {
    name: str(m.metadata?.name),
    image: str(c.image),
    command: lines(c.command),
    args: lines(c.args),
    env: (Array.isArray(c.env) ? c.env : []).filter(isObject).map((e: Record<string, any>): EnvRow => {
      const ref = e.valueFrom?.secretKeyRef;
      return isObject(ref)
        ? { name: str(e.name), source: 'secret', value: '', secretName: str(ref.name), secretKey: str(ref.key) }
        : { name: str(e.name), source: 'value', value: str(e.value), secretName: '', secretKey: '' };
    }),
    ports: (Array.isArray(c.ports) ? c.ports : []).filter(isObject).map((p: Record<string, any>) => ({ containerPort: str(p.containerPort), protocol: str(p.protocol) || 'TCP', name: str(p.name) })),
    resources: {
      cpuRequest: str(res.requests?.cpu), memoryRequest: str(res.requests?.memory),
      cpuLimit: str(res.limits?.cpu), memoryLimit: str(res.limits?.memory),
    },
    serviceAccountName: str(m.spec?.serviceAccountName),
    mounts,
    security: {
      runAsUser: str(sc.runAsUser ?? podSc.runAsUser),
      privileged: sc.privileged === true,
      addCapabilities: Array.isArray(sc.capabilities?.add) ? sc.capabilities.add.map(str).join(', ') : '',
      hostNetwork: m.spec?.hostNetwork === true,
      readOnlyRootFilesystem: sc.readOnlyRootFilesystem === true,
    },
    profile: str(m.metadata?.annotations?.[ANNOTATIONS.profile]),
  };
}

/** set writes `value` at `obj[key]`, or deletes the key when the value is empty (undefined, '', [] or {}). */
function set(obj: Record<string, any>, key: string, value: unknown): void {
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
  if (empty) delete obj[key];
  else obj[key] = value;
}

/** numberOrText keeps a typed number as a number, and anything else as typed (the schema then names the problem). */
function numberOrText(v: string): number | string | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

const splitLines = (v: string) => v.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** volumeNameFor makes a volume name for a secret mount: DNS-1123, unique among `taken`. */
export function volumeNameFor(secretName: string, taken: ReadonlySet<string>): string {
  const base = `secret-${secretName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 56).replace(/-+$/, '') || 'secret';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

/**
 * applyDraft writes the draft into a copy of `m` and returns it (`m` is not changed). Fields the draft
 * owns are replaced; everything else is kept. Secret volumes the first container mounted are rebuilt
 * from `draft.mounts` (volumes other containers still mount are kept).
 */
export function applyDraft(m: Manifest, draft: PodDraft): Manifest {
  const out: Manifest = isObject(m) ? structuredClone(m) : emptyManifest();
  out.apiVersion ??= 'v1';
  out.kind ??= 'Pod';
  if (!isObject(out.metadata)) out.metadata = {};
  if (!isObject(out.spec)) out.spec = {};
  if (!Array.isArray(out.spec.containers) || out.spec.containers.length === 0) out.spec.containers = [{ name: 'main' }];
  if (!isObject(out.spec.containers[0])) out.spec.containers[0] = { name: 'main' };
  const c: Record<string, any> = out.spec.containers[0];
  const spec: Record<string, any> = out.spec;

  out.metadata.name = draft.name;
  const annotations = isObject(out.metadata.annotations) ? out.metadata.annotations : {};
  set(annotations, ANNOTATIONS.profile, draft.profile);
  set(out.metadata, 'annotations', annotations);

  set(c, 'image', draft.image.trim());
  set(c, 'command', splitLines(draft.command));
  set(c, 'args', splitLines(draft.args));
  set(c, 'env', draft.env.map((e) => (e.source === 'secret'
    ? { name: e.name, valueFrom: { secretKeyRef: { name: e.secretName, key: e.secretKey } } }
    : { name: e.name, value: e.value })));
  set(c, 'ports', draft.ports.map((p) => {
    const port: Record<string, unknown> = {};
    set(port, 'name', p.name.trim());
    set(port, 'containerPort', numberOrText(p.containerPort));
    set(port, 'protocol', p.protocol === 'TCP' ? '' : p.protocol);
    return port;
  }));

  const res = isObject(c.resources) ? c.resources : {};
  const requests = isObject(res.requests) ? res.requests : {};
  const limits = isObject(res.limits) ? res.limits : {};
  set(requests, 'cpu', draft.resources.cpuRequest.trim());
  set(requests, 'memory', draft.resources.memoryRequest.trim());
  set(limits, 'cpu', draft.resources.cpuLimit.trim());
  set(limits, 'memory', draft.resources.memoryLimit.trim());
  set(res, 'requests', requests);
  set(res, 'limits', limits);
  set(c, 'resources', res);

  set(spec, 'serviceAccountName', draft.serviceAccountName);

  // Secret mounts: drop the ones the draft was read from, then add the draft's.
  const before = podDraftOf(m).mounts;
  const beforeNames = new Set(before.map((x) => x.volumeName));
  const usedElsewhere = new Set<string>();
  spec.containers.slice(1).forEach((other: any) => {
    for (const vm of Array.isArray(other?.volumeMounts) ? other.volumeMounts : []) if (typeof vm?.name === 'string') usedElsewhere.add(vm.name);
  });
  const oldItems = new Map<string, Map<string, string>>();
  const volumes = (Array.isArray(spec.volumes) ? spec.volumes : []).filter((v: any) => {
    if (!isObject(v) || !beforeNames.has(v.name)) return true;
    oldItems.set(v.name, new Map((Array.isArray(v.secret?.items) ? v.secret.items : []).map((i: any) => [str(i?.key), str(i?.path)])));
    return usedElsewhere.has(v.name);
  });
  const mountsKept = (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).filter((vm: any) => !beforeNames.has(vm?.name));
  const taken = new Set<string>([...volumes.map((v: any) => str(v?.name)), ...mountsKept.map((vm: any) => str(vm?.name))]);
  const newMounts: Record<string, unknown>[] = [];
  for (const row of draft.mounts) {
    // Names the form made up (`secret-…`) follow the chosen secret; names someone wrote are kept.
    const generated = /^secret(-|$)/.test(row.volumeName);
    const name = row.volumeName && !generated && !taken.has(row.volumeName) ? row.volumeName : volumeNameFor(row.secretName, taken);
    taken.add(name);
    const paths = oldItems.get(row.volumeName);
    const secret: Record<string, unknown> = { secretName: row.secretName };
    if (row.keys.length > 0) secret.items = row.keys.map((key) => ({ key, path: paths?.get(key) || key }));
    volumes.push({ name, secret });
    newMounts.push({ name, mountPath: row.mountPath, readOnly: true });
  }
  set(spec, 'volumes', volumes);
  set(c, 'volumeMounts', [...mountsKept, ...newMounts]);

  // Security: container-level fields, and host networking at pod level.
  const sc = isObject(c.securityContext) ? c.securityContext : {};
  set(sc, 'privileged', draft.security.privileged ? true : undefined);
  set(sc, 'readOnlyRootFilesystem', draft.security.readOnlyRootFilesystem ? true : undefined);
  const podSc = isObject(spec.securityContext) ? spec.securityContext : {};
  // The UID goes where it was (a pod-level UID stays pod-level); new ones go on the container.
  if (sc.runAsUser === undefined && podSc.runAsUser !== undefined) {
    set(podSc, 'runAsUser', numberOrText(draft.security.runAsUser));
    set(spec, 'securityContext', podSc);
  } else {
    set(sc, 'runAsUser', numberOrText(draft.security.runAsUser));
  }
  const caps = isObject(sc.capabilities) ? sc.capabilities : {};
  set(caps, 'add', draft.security.addCapabilities.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean));
  set(sc, 'capabilities', caps);
  set(c, 'securityContext', sc);
  set(spec, 'hostNetwork', draft.security.hostNetwork ? true : undefined);
  return out;
}

/** updateDraft returns `m` with one change made through the draft (the form's onChange). */
export function updateDraft(m: Manifest, change: (d: PodDraft) => PodDraft): Manifest {
  return applyDraft(m, change(podDraftOf(m)));
}

/** containerCount is how many containers the manifest has (the form edits only the first). */
export function containerCount(m: Manifest): number {
  return Array.isArray(m.spec?.containers) ? m.spec.containers.length : 0;
}
