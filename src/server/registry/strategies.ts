import type { KubeObject, StatusCause } from '../../shared/api/meta';
import { dnsLabel, dnsSubdomain } from '../../shared/api/meta';
import { RESOURCES, type ResourceDescriptor } from '../../shared/api/resources';
import { deepEqual } from '../../shared/api/equal';
import { defaultPodSpec, defaultTolerations } from '../../shared/api/pod-defaults';

/** TableColumn is a meta.k8s.io/v1 TableColumnDefinition. */
export interface TableColumn { name: string; type: string; format: string; description: string; priority: number }

/**
 * Strategy is what differs per resource (k8s registry "strategy"): name rules, defaults on create,
 * what an update may change, the fields a fieldSelector may use, and the table columns kubectl prints.
 */
export interface Strategy {
  desc: ResourceDescriptor;
  key: string;
  validateName(name: string): string | undefined;
  /** prepareForCreate fills defaults into a validated object (mutates). */
  prepareForCreate(obj: KubeObject): void;
  /** prepareForUpdate copies what a main-resource update may not change (status) from `old` (mutates `obj`). */
  prepareForUpdate(obj: KubeObject, old: KubeObject): void;
  /** validateUpdate returns causes for changes to immutable fields. */
  validateUpdate(obj: KubeObject, old: KubeObject): StatusCause[];
  /** fields returns the values a fieldSelector can match (metadata.name and metadata.namespace included). */
  fields(obj: KubeObject): Record<string, string>;
  columns: TableColumn[];
  cells(obj: KubeObject): unknown[];
  /** stamped runs once a created object has its uid (e.g. a Job's generated selector names it) (mutates). */
  stamped?(obj: KubeObject): void;
}

/** col is a table column definition (name, type, description, format, priority: 1 shows only with -o wide). */
export const col = (name: string, type = 'string', description = '', format = '', priority = 0): TableColumn => ({ name, type, format, description, priority });
/** NAME and AGE are the columns every kind's table has. */
export const NAME = col('Name', 'string', 'Name must be unique within a namespace.', 'name');
export const AGE = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

/** age renders a duration the way kubectl does (5s, 3m, 2h, 4d). */
export function age(ts: string | null | undefined, now = Date.now()): string {
  if (!ts) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

const pathSegmentName = (name: string): string | undefined => {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (/[/%]/.test(name)) return "may not contain '/' or '%'";
  return undefined;
};
const subdomainName = (name: string): string | undefined => {
  const r = dnsSubdomain.safeParse(name);
  return r.success ? undefined : r.error.issues[0].message;
};
const labelName = (name: string): string | undefined => {
  const r = dnsLabel.safeParse(name);
  return r.success ? undefined : r.error.issues[0].message;
};

const get = (obj: unknown, path: string): unknown => path.split('.').reduce<any>((o, k) => (o == null ? undefined : o[k]), obj);
const same = (a: unknown, b: unknown): boolean => deepEqual(a ?? null, b ?? null);

function podReady(p: KubeObject): string {
  const statuses = (get(p, 'status.containerStatuses') as { ready?: boolean }[] | undefined) ?? [];
  const total = ((get(p, 'spec.containers') as unknown[] | undefined) ?? []).length;
  return `${statuses.filter((s) => s.ready).length}/${total}`;
}

function podStatusText(p: KubeObject): string {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  const statuses = (get(p, 'status.containerStatuses') as { state?: { waiting?: { reason?: string } } }[] | undefined) ?? [];
  const waiting = statuses.find((s) => s.state?.waiting?.reason);
  if (waiting) return waiting.state!.waiting!.reason!;
  return (get(p, 'status.reason') as string) || (get(p, 'status.phase') as string) || 'Pending';
}

function podRestarts(p: KubeObject): number {
  const statuses = (get(p, 'status.containerStatuses') as { restartCount?: number }[] | undefined) ?? [];
  return statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
}

interface Spec {
  validateName?: (n: string) => string | undefined;
  create?: (o: KubeObject) => void;
  keepOnUpdate?: string[];
  updateDefaults?: (o: KubeObject, old: KubeObject) => void;
  immutable?: (o: KubeObject, old: KubeObject) => StatusCause[];
  fields?: (o: KubeObject) => Record<string, string>;
  columns?: TableColumn[];
  cells?: (o: KubeObject) => unknown[];
  stamped?: (o: KubeObject) => void;
}

/** bindingSubjects renders a binding's subjects of one kind the way kubectl -o wide does. */
function bindingSubjects(o: KubeObject, kind: string): string {
  const subjects = ((o as any).subjects as { kind: string; name: string; namespace?: string }[] | undefined) ?? [];
  return subjects.filter((x) => x.kind === kind).map((x) => (kind === 'ServiceAccount' ? `${x.namespace ?? ''}/${x.name}` : x.name)).join(', ');
}

const BINDINGS: Spec = {
  validateName: pathSegmentName,
  immutable: (o, old) => (same((o as any).roleRef, (old as any).roleRef) ? [] : [{ field: 'roleRef', message: 'Invalid value: cannot change roleRef', type: 'FieldValueInvalid' }]),
  columns: [NAME, col('Role'), AGE, col('Users', 'string', '', '', 1), col('Groups', 'string', '', '', 1), col('ServiceAccounts', 'string', '', '', 1)],
  cells: (o) => [o.metadata.name, `${(o as any).roleRef.kind}/${(o as any).roleRef.name}`, age(o.metadata.creationTimestamp),
    bindingSubjects(o, 'User'), bindingSubjects(o, 'Group'), bindingSubjects(o, 'ServiceAccount')],
};

const SPECS: Record<string, Spec> = {
  namespaces: {
    validateName: labelName,
    create: (o) => { (o as any).spec = { finalizers: ['kubernetes'], ...((o as any).spec ?? {}) }; (o as any).status = { phase: 'Active' }; },
    keepOnUpdate: ['status'],
    fields: (o) => ({ 'status.phase': String(get(o, 'status.phase') ?? '') }),
    columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
    cells: (o) => [o.metadata.name, get(o, 'status.phase') ?? 'Active', age(o.metadata.creationTimestamp)],
  },
  pods: {
    create: (o) => {
      defaultPodSpec((o as any).spec);
      // Upstream's DefaultTolerationSeconds admission: on create only.
      defaultTolerations((o as any).spec);
      (o as any).status = { phase: 'Pending', qosClass: 'BestEffort' };
    },
    // Upstream defaults every decoded object, so a PUT of the same manifest changes nothing.
    updateDefaults: (o) => { if ((o as any).spec) defaultPodSpec((o as any).spec); },
    keepOnUpdate: ['status'],
    immutable: (o, old) => {
      // As upstream: only container images, activeDeadlineSeconds and added tolerations may change.
      const strip = (p: KubeObject) => {
        const s = structuredClone((p as any).spec ?? {});
        for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])]) delete c.image;
        delete s.activeDeadlineSeconds;
        delete s.tolerations;
        return s;
      };
      return same(strip(o), strip(old)) ? [] : [{ field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds` or `spec.tolerations` (only additions to existing tolerations)', type: 'FieldValueForbidden' }];
    },
    fields: (o) => ({
      'spec.nodeName': String(get(o, 'spec.nodeName') ?? ''),
      'spec.serviceAccountName': String(get(o, 'spec.serviceAccountName') ?? ''),
      'spec.restartPolicy': String(get(o, 'spec.restartPolicy') ?? ''),
      'spec.schedulerName': String(get(o, 'spec.schedulerName') ?? ''),
      'status.phase': String(get(o, 'status.phase') ?? ''),
      'status.podIP': String(get(o, 'status.podIP') ?? ''),
      'status.nominatedNodeName': String(get(o, 'status.nominatedNodeName') ?? ''),
    }),
    columns: [NAME, col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'), col('Status', 'string', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 'The number of times the containers in this pod have been restarted.'), AGE,
      col('IP', 'string', 'IP address allocated to the pod.', '', 1), col('Node', 'string', 'Name of the Node this pod is assigned to.', '', 1),
      col('Nominated Node', 'string', 'Name of the Node where this pod is nominated to run on.', '', 1), col('Readiness Gates', 'string', 'The readiness gates of this pod.', '', 1)],
    cells: (o) => {
      const gates = (get(o, 'spec.readinessGates') as unknown[] | undefined) ?? [];
      return [o.metadata.name, podReady(o), podStatusText(o), String(podRestarts(o)), age(o.metadata.creationTimestamp), get(o, 'status.podIP') ?? '<none>', get(o, 'spec.nodeName') ?? '<none>',
        get(o, 'status.nominatedNodeName') ?? '<none>', gates.length ? `0/${gates.length}` : '<none>'];
    },
  },
  secrets: {
    create: (o) => { (o as any).type ??= 'Opaque'; },
    // A replace without `type` means the default type, as upstream's defaulting does before validation.
    updateDefaults: (o) => { (o as any).type ??= 'Opaque'; },
    immutable: (o, old) => {
      const causes: StatusCause[] = [];
      if ((o as any).type !== (old as any).type) causes.push({ field: 'type', message: 'Invalid value: field is immutable', type: 'FieldValueInvalid' });
      if ((old as any).immutable === true && (!same((o as any).data, (old as any).data) || (o as any).immutable !== true)) causes.push({ field: 'data', message: 'Forbidden: field is immutable when `immutable` is set', type: 'FieldValueForbidden' });
      return causes;
    },
    fields: (o) => ({ type: String((o as any).type ?? '') }),
    columns: [NAME, col('Type', 'string', 'The type of the secret'), col('Data', 'string', 'The number of keys in the secret'), AGE],
    cells: (o) => [o.metadata.name, (o as any).type ?? 'Opaque', String(Object.keys((o as any).data ?? {}).length), age(o.metadata.creationTimestamp)],
  },
  configmaps: {
    immutable: (o, old) => ((old as any).immutable === true && (!same((o as any).data, (old as any).data) || !same((o as any).binaryData, (old as any).binaryData) || (o as any).immutable !== true)
      ? [{ field: 'data', message: 'Forbidden: field is immutable when `immutable` is set', type: 'FieldValueForbidden' }] : []),
    columns: [NAME, col('Data', 'string', 'Number of data entries'), AGE],
    cells: (o) => [o.metadata.name, String(Object.keys((o as any).data ?? {}).length + Object.keys((o as any).binaryData ?? {}).length), age(o.metadata.creationTimestamp)],
  },
  serviceaccounts: {
    columns: [NAME, col('Secrets', 'string', 'Number of secrets'), AGE],
    cells: (o) => [o.metadata.name, String(((o as any).secrets ?? []).length), age(o.metadata.creationTimestamp)],
  },
  events: {
    fields: (o) => ({
      'involvedObject.kind': String(get(o, 'involvedObject.kind') ?? ''),
      'involvedObject.name': String(get(o, 'involvedObject.name') ?? ''),
      'involvedObject.namespace': String(get(o, 'involvedObject.namespace') ?? ''),
      'involvedObject.uid': String(get(o, 'involvedObject.uid') ?? ''),
      // kubectl 1.29+ `events --for` selects on the apiVersion too; upstream serves all of these.
      'involvedObject.apiVersion': String(get(o, 'involvedObject.apiVersion') ?? ''),
      'involvedObject.resourceVersion': String(get(o, 'involvedObject.resourceVersion') ?? ''),
      'involvedObject.fieldPath': String(get(o, 'involvedObject.fieldPath') ?? ''),
      reason: String((o as any).reason ?? ''),
      reportingComponent: String((o as any).reportingComponent ?? ''),
      type: String((o as any).type ?? ''),
      source: String(get(o, 'source.component') ?? ''),
    }),
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', '', '', 1), col('Source', 'string', '', '', 1), col('Message'),
      col('First Seen', 'string', '', '', 1), col('Count', 'string', '', '', 1), col('Name', 'string', '', '', 1)],
    cells: (o) => {
      const e = o as any;
      const source = [e.source?.component ?? e.reportingComponent, e.source?.host ?? e.reportingInstance].filter(Boolean).join(', ');
      return [age(e.lastTimestamp ?? e.eventTime ?? o.metadata.creationTimestamp), e.type ?? '', e.reason ?? '',
        `${String(get(o, 'involvedObject.kind') ?? '').toLowerCase()}/${get(o, 'involvedObject.name') ?? ''}`, get(o, 'involvedObject.fieldPath') ?? '', source,
        e.message ?? '', age(e.firstTimestamp ?? e.eventTime ?? o.metadata.creationTimestamp), String(e.count ?? 1), o.metadata.name];
    },
  },
  nodes: {
    keepOnUpdate: ['status'],
    columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), col('Internal-IP', 'string', '', '', 1), col('External-IP', 'string', '', '', 1),
      col('OS-Image', 'string', '', '', 1), col('Kernel-Version', 'string', '', '', 1), col('Container-Runtime', 'string', '', '', 1)],
    cells: (o) => {
      const ready = ((get(o, 'status.conditions') as { type: string; status: string }[] | undefined) ?? []).find((c) => c.type === 'Ready');
      const addresses = (get(o, 'status.addresses') as { type: string; address: string }[] | undefined) ?? [];
      const address = (t: string) => addresses.find((a) => a.type === t)?.address ?? '<none>';
      const roles = Object.keys(o.metadata.labels ?? {}).filter((l) => l.startsWith('node-role.kubernetes.io/')).map((l) => l.slice('node-role.kubernetes.io/'.length)).join(',');
      const status = `${ready?.status === 'True' ? 'Ready' : 'NotReady'}${get(o, 'spec.unschedulable') ? ',SchedulingDisabled' : ''}`;
      return [o.metadata.name, status, roles || '<none>', age(o.metadata.creationTimestamp), get(o, 'status.nodeInfo.kubeletVersion') ?? '',
        address('InternalIP'), address('ExternalIP'), get(o, 'status.nodeInfo.osImage') ?? '<unknown>', get(o, 'status.nodeInfo.kernelVersion') ?? '<unknown>',
        get(o, 'status.nodeInfo.containerRuntimeVersion') ?? '<unknown>'];
    },
  },
  services: {
    validateName: labelName,
    keepOnUpdate: ['status'],
    // As upstream: a PUT without clusterIP keeps the allocated one; changing it is refused.
    updateDefaults: (o, old) => {
      const spec = ((o as any).spec ??= {});
      spec.type ??= 'ClusterIP';
      if (!spec.clusterIP) { spec.clusterIP = get(old, 'spec.clusterIP'); spec.clusterIPs = get(old, 'spec.clusterIPs'); }
    },
    immutable: (o, old) => (get(o, 'spec.clusterIP') === get(old, 'spec.clusterIP') ? [] : [{ field: 'spec.clusterIPs[0]', message: 'Invalid value: field is immutable', type: 'FieldValueInvalid' }]),
    fields: (o) => ({ 'spec.clusterIP': String(get(o, 'spec.clusterIP') ?? ''), 'spec.type': String(get(o, 'spec.type') ?? '') }),
    columns: [NAME, col('Type', 'string', 'The type of service.'), col('Cluster-IP', 'string', 'The cluster IP of the service.'), col('External-IP', 'string', 'The external IPs of the service.'),
      col('Port(s)', 'string', 'The ports of the service.'), AGE, col('Selector', 'string', 'The label selector of the service.', '', 1)],
    cells: (o) => {
      const spec = (o as any).spec ?? {};
      const ports = ((spec.ports ?? []) as { port: number; nodePort?: number; protocol?: string }[]).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
      const external = spec.type === 'ExternalName' ? spec.externalName ?? '<none>' : (spec.externalIPs ?? []).join(',') || (spec.type === 'LoadBalancer' ? '<pending>' : '<none>');
      const selector = Object.entries(spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
      return [o.metadata.name, spec.type ?? 'ClusterIP', spec.clusterIP ?? '<none>', external, ports || '<none>', age(o.metadata.creationTimestamp), selector || '<none>'];
    },
  },
  leases: {
    columns: [NAME, col('Holder', 'string', 'The holder of the lease.'), AGE],
    cells: (o) => [o.metadata.name, get(o, 'spec.holderIdentity') ?? '', age(o.metadata.creationTimestamp)],
  },
  users: {
    validateName: pathSegmentName,
    keepOnUpdate: ['status'],
    columns: [NAME, col('Full Name'), col('Groups'), col('Disabled'), AGE],
    cells: (o) => [o.metadata.name, get(o, 'spec.fullName') ?? '', ((get(o, 'spec.groups') as string[] | undefined) ?? []).join(','), String(!!get(o, 'spec.disabled')), age(o.metadata.creationTimestamp)],
  },
  groups: {
    validateName: pathSegmentName,
    columns: [NAME, col('Users'), AGE],
    cells: (o) => [o.metadata.name, (((o as any).users as string[] | undefined) ?? []).join(','), age(o.metadata.creationTimestamp)],
  },
  roles: { validateName: pathSegmentName, columns: [NAME, col('Created At', 'date')], cells: (o) => [o.metadata.name, o.metadata.creationTimestamp] },
  clusterroles: { validateName: pathSegmentName, columns: [NAME, col('Created At', 'date')], cells: (o) => [o.metadata.name, o.metadata.creationTimestamp] },
  rolebindings: BINDINGS,
  clusterrolebindings: BINDINGS,
  // The columns of `oc get scc`, so a profile's powers show at a glance.
  securityprofiles: {
    columns: [NAME, col('Priv', 'string', 'Whether privileged containers are allowed.'), col('Caps', 'string', 'Capabilities containers may add.'),
      col('SELinux'), col('RunAsUser'), col('FSGroup'), col('SupGroup'), col('Priority'), col('ReadOnlyRootFS'), col('Volumes'), AGE],
    cells: (o) => {
      const p = o as any;
      const list = (x: unknown) => (Array.isArray(x) && x.length ? `[${x.join(',')}]` : '<none>');
      return [o.metadata.name, String(p.allowPrivilegedContainer === true), list(p.allowedCapabilities), p.seLinuxContext?.type ?? 'MustRunAs',
        p.runAsUser?.type ?? 'MustRunAsRange', p.fsGroup?.type ?? 'MustRunAs', p.supplementalGroups?.type ?? 'MustRunAs', p.priority ?? '<none>',
        String(p.readOnlyRootFilesystem === true), list(p.volumes), age(o.metadata.creationTimestamp)];
    },
  },
};

/** resourceKey is the storage key of a resource: `<group>/<resource>`. */
export function resourceKey(group: string, resource: string): string {
  return `${group}/${resource}`;
}

/** makeStrategy builds the Strategy for one descriptor from the per-resource table (generic defaults otherwise). */
export function makeStrategy(desc: ResourceDescriptor, extra: Spec = {}): Strategy {
  const spec = { ...(SPECS[desc.resource] ?? {}), ...extra };
  const keep = spec.keepOnUpdate ?? [];
  return {
    desc,
    key: resourceKey(desc.group, desc.resource),
    validateName: spec.validateName ?? subdomainName,
    prepareForCreate: spec.create ?? (() => {}),
    prepareForUpdate: (obj, old) => {
      spec.updateDefaults?.(obj, old);
      for (const k of keep) {
        if ((old as any)[k] === undefined) delete (obj as any)[k];
        else (obj as any)[k] = (old as any)[k];
      }
    },
    validateUpdate: spec.immutable ?? (() => []),
    fields: (o) => ({ 'metadata.name': o.metadata.name ?? '', 'metadata.namespace': o.metadata.namespace ?? '', ...(spec.fields ? spec.fields(o) : {}) }),
    columns: spec.columns ?? [NAME, AGE],
    cells: spec.cells ?? ((o) => [o.metadata.name, age(o.metadata.creationTimestamp)]),
    stamped: spec.stamped,
  };
}

/** STRATEGIES holds a Strategy per stored resource in RESOURCES, keyed by resourceKey. */
export function buildStrategies(extra: Record<string, Spec> = {}): Map<string, Strategy> {
  const m = new Map<string, Strategy>();
  for (const r of RESOURCES) if (r.stored) m.set(resourceKey(r.group, r.resource), makeStrategy(r, extra[r.resource]));
  return m;
}

/** StrategySpec is the per-resource customisation accepted by makeStrategy. */
export type StrategySpec = Spec;
