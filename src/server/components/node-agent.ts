import { createHash } from 'node:crypto';
import type { KubeObject } from '../../shared/api/meta';
import { ApiClient, EventRecorder, Foreground, Informer, isStatus, objectKey, SILENT, StatusError, type ClientLog } from './client';
import { kubeTime, kubeMicroTime } from '../../shared/api/meta';
import { ObjectWatches } from './object-watches';
import { WorkQueue } from './workqueue';

// A node agent (`system:node:<name>`, group `system:nodes`): a kubelet that runs no containers. It
// registers its Node (capacity, conditions, heartbeats through nodes/status), watches only the pods
// bound to it (fieldSelector spec.nodeName=<name>, all the Node authorizer lets it list) and moves
// each through Pending → ContainerCreating → Running through pods/status. Before Running it fetches,
// under its own identity, everything the pod references — secrets, config maps (from one watch per
// config map while its pods reference it, as the kubelet's: object-watches.ts) and a service-account
// token bound to the pod — and a missing one holds the pod with a FailedMount (volumes) or
// CreateContainerConfigError (env) event, retried with backoff, as the kubelet does. A pod marked for
// deletion gets its containers terminated and is then deleted with gracePeriodSeconds=0.

/** NODE_CAPACITY is what every node agent offers. */
export const NODE_CAPACITY = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' } as const;

/** KUBELET_VERSION is reported in nodeInfo (the API speaks Kubernetes 1.32). */
export const KUBELET_VERSION = 'v1.32.0-gatehouse';

const now = () => kubeTime();
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/** nodeIndex is the small number behind a node's pod CIDR and host IP: the trailing number of `node-3`, else a hash (1..250). */
export function nodeIndex(name: string): number {
  const m = /(\d+)$/.exec(name);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 250) return Number(m[1]);
  return (createHash('sha256').update(name).digest().readUInt16BE(0) % 250) + 1;
}

/** nodeConditions are a healthy node's conditions at `at`, transitioned at `since`. */
export function nodeConditions(at: string, since: string): Record<string, string>[] {
  const c = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: at, lastTransitionTime: since, reason, message });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** nodeObject is the Node a node agent registers. */
export function nodeObject(name: string, index: number, at = now()): KubeObject {
  const hostIP = `172.18.0.${index + 1}`;
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'gatehouse-virtual' } },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      capacity: { ...NODE_CAPACITY }, allocatable: { ...NODE_CAPACITY },
      conditions: nodeConditions(at, at),
      addresses: [{ type: 'InternalIP', address: hostIP }, { type: 'Hostname', address: name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: createHash('md5').update(name).digest('hex'), systemUUID: createHash('md5').update(`uuid:${name}`).digest('hex'), bootID: createHash('md5').update(`${name}:${at}`).digest('hex'),
        kernelVersion: 'none', osImage: 'Gatehouse virtual node (runs no containers)', containerRuntimeVersion: 'gatehouse://0.1.0',
        kubeletVersion: KUBELET_VERSION, kubeProxyVersion: KUBELET_VERSION, operatingSystem: 'linux', architecture: 'amd64',
      },
    },
  } as KubeObject;
}

/** Mount is something a pod's volume needs from the API. */
export interface Mount { volume: string; kind: 'secret' | 'configmap' | 'token'; name: string; optional: boolean; audience?: string; expirationSeconds?: number }
/** EnvRef is something a container's environment needs from the API. */
export interface EnvRef { container: string; kind: 'secret' | 'configmap'; name: string; key?: string; optional: boolean }

/** API_ACCESS_VOLUME is the name the default service-account token volume has in messages (upstream: kube-api-access-<hash>). */
export const API_ACCESS_VOLUME = 'kube-api-access';

/** podNeeds lists a pod's volume mounts, environment references and image pull secrets (pure). */
export function podNeeds(pod: KubeObject): { mounts: Mount[]; env: EnvRef[]; pullSecrets: string[]; defaultToken: boolean } {
  const spec = (pod as any).spec ?? {};
  const mounts: Mount[] = [];
  for (const v of spec.volumes ?? []) {
    if (v?.secret?.secretName) mounts.push({ volume: v.name, kind: 'secret', name: v.secret.secretName, optional: v.secret.optional === true });
    if (v?.configMap?.name) mounts.push({ volume: v.name, kind: 'configmap', name: v.configMap.name, optional: v.configMap.optional === true });
    for (const s of v?.projected?.sources ?? []) {
      if (s?.secret?.name) mounts.push({ volume: v.name, kind: 'secret', name: s.secret.name, optional: s.secret.optional === true });
      if (s?.configMap?.name) mounts.push({ volume: v.name, kind: 'configmap', name: s.configMap.name, optional: s.configMap.optional === true });
      if (s?.serviceAccountToken) mounts.push({ volume: v.name, kind: 'token', name: spec.serviceAccountName ?? 'default', optional: false, audience: s.serviceAccountToken.audience, expirationSeconds: s.serviceAccountToken.expirationSeconds });
    }
  }
  const env: EnvRef[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c?.env ?? []) {
      const s = e?.valueFrom?.secretKeyRef;
      if (s?.name) env.push({ container: c.name, kind: 'secret', name: s.name, key: s.key, optional: s.optional === true });
      const m = e?.valueFrom?.configMapKeyRef;
      if (m?.name) env.push({ container: c.name, kind: 'configmap', name: m.name, key: m.key, optional: m.optional === true });
    }
    for (const e of c?.envFrom ?? []) {
      if (e?.secretRef?.name) env.push({ container: c.name, kind: 'secret', name: e.secretRef.name, optional: e.secretRef.optional === true });
      if (e?.configMapRef?.name) env.push({ container: c.name, kind: 'configmap', name: e.configMapRef.name, optional: e.configMapRef.optional === true });
    }
  }
  const pullSecrets = (spec.imagePullSecrets ?? []).map((s: any) => s?.name).filter((n: unknown): n is string => typeof n === 'string' && n !== '');
  return { mounts, env, pullSecrets, defaultToken: spec.automountServiceAccountToken !== false };
}

/** qosClass computes a pod's QoS class as upstream's GetPodQOS (cpu and memory). */
export function qosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const cs = [...((pod as any).spec?.initContainers ?? []), ...((pod as any).spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const req = c?.resources?.requests ?? {};
    const lim = c?.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const want = req[r] ?? lim[r];
      if (lim[r] === undefined || String(want) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const condition = (type: string, status: string, at: string, reason?: string, message?: string) => ({ type, status, lastProbeTime: null, lastTransitionTime: at, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });

function scheduledCondition(pod: KubeObject, at: string) {
  return ((pod as any).status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled') ?? condition('PodScheduled', 'True', at);
}

function containerNames(pod: KubeObject, key: 'containers' | 'initContainers'): { name: string; image: string }[] {
  return ((pod as any).spec?.[key] ?? []).map((c: any) => ({ name: c.name, image: c.image ?? '' }));
}

/** waitingStatus is the status of a pod whose containers wait (ContainerCreating, CreateContainerConfigError). */
export function waitingStatus(pod: KubeObject, hostIP: string, startTime: string, reason: string, message?: string, at = now()): Record<string, unknown> {
  const notReady = 'ContainersNotReady';
  const names = containerNames(pod, 'containers').map((c) => c.name).join(' ');
  return {
    phase: 'Pending', hostIP, hostIPs: [{ ip: hostIP }], startTime, qosClass: qosClass(pod),
    conditions: [
      condition('PodReadyToStartContainers', reason === 'ContainerCreating' ? 'False' : 'True', at),
      condition('Initialized', 'True', at),
      condition('Ready', 'False', at, notReady, `containers with unready status: [${names}]`),
      condition('ContainersReady', 'False', at, notReady, `containers with unready status: [${names}]`),
      scheduledCondition(pod, at),
    ],
    containerStatuses: containerNames(pod, 'containers').map((c) => ({
      name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0,
      state: { waiting: message ? { reason, message } : { reason } }, lastState: {},
    })),
    ...(containerNames(pod, 'initContainers').length ? { initContainerStatuses: containerNames(pod, 'initContainers').map((c) => ({ name: c.name, image: c.image, imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } }, lastState: {} })) } : {}),
  };
}

/** runningStatus is the status of a pod whose containers all run and are ready. */
export function runningStatus(pod: KubeObject, hostIP: string, podIP: string, startTime: string, at = now()): Record<string, unknown> {
  const id = (name: string) => `gatehouse://${(pod.metadata.uid ?? '').replace(/-/g, '').slice(0, 12)}-${name}`;
  return {
    phase: 'Running', hostIP, hostIPs: [{ ip: hostIP }], podIP, podIPs: [{ ip: podIP }], startTime, qosClass: qosClass(pod),
    conditions: [
      condition('PodReadyToStartContainers', 'True', at), condition('Initialized', 'True', at), condition('Ready', 'True', at),
      condition('ContainersReady', 'True', at), scheduledCondition(pod, at),
    ],
    containerStatuses: containerNames(pod, 'containers').map((c) => ({
      name: c.name, image: c.image, imageID: '', containerID: id(c.name), ready: true, started: true, restartCount: 0, state: { running: { startedAt: at } }, lastState: {},
    })),
    ...(containerNames(pod, 'initContainers').length ? {
      initContainerStatuses: containerNames(pod, 'initContainers').map((c) => ({
        name: c.name, image: c.image, imageID: '', containerID: id(c.name), ready: true, restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: at, containerID: id(c.name) } }, lastState: {},
      })),
    } : {}),
  };
}

/** terminatedStatus is the status of a pod whose containers were stopped for its deletion. */
export function terminatedStatus(pod: KubeObject, at = now()): Record<string, unknown> {
  const st = (pod as any).status ?? {};
  const startedAt = (name: string) => (st.containerStatuses ?? []).find((c: any) => c.name === name)?.state?.running?.startedAt ?? st.startTime ?? at;
  return {
    ...st,
    phase: 'Succeeded',
    conditions: [
      condition('PodReadyToStartContainers', 'False', at), condition('Initialized', 'True', at),
      condition('Ready', 'False', at, 'PodCompleted'), condition('ContainersReady', 'False', at, 'PodCompleted'), scheduledCondition(pod, at),
    ],
    containerStatuses: containerNames(pod, 'containers').map((c) => ({
      name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startedAt(c.name), finishedAt: at } }, lastState: {},
    })),
  };
}

/**
 * RUN_ANNOTATIONS simulate what a container would do, since the built-in nodes run none: a pod whose
 * restartPolicy is not Always (a Job's) runs `run-seconds` (default 1) and exits with `exit-code`
 * (default 0): Succeeded, or Failed with reason Error.
 */
export const RUN_ANNOTATIONS = { seconds: 'node.gatehouse.dev/run-seconds', exitCode: 'node.gatehouse.dev/exit-code' } as const;

/** simulatedRun reads a pod's simulated run time and exit code (malformed values mean the defaults). */
export function simulatedRun(pod: KubeObject): { seconds: number; exitCode: number } {
  const ann = pod.metadata.annotations ?? {};
  const seconds = Number(ann[RUN_ANNOTATIONS.seconds] ?? 1);
  const exitCode = Number(ann[RUN_ANNOTATIONS.exitCode] ?? 0);
  return { seconds: Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 86_400) : 1, exitCode: Number.isInteger(exitCode) ? exitCode : 0 };
}

/** exitedStatus is the status of a run-to-completion pod whose containers exited with `exitCode`. */
export function exitedStatus(pod: KubeObject, exitCode: number, at = now()): Record<string, unknown> {
  const st = terminatedStatus(pod, at) as Record<string, any>;
  if (exitCode === 0) return st;
  return {
    ...st, phase: 'Failed',
    containerStatuses: (st.containerStatuses as any[]).map((c) => ({ ...c, state: { terminated: { ...c.state.terminated, exitCode, reason: 'Error' } } })),
  };
}

/** NodeAgentOptions configure a NodeAgent. */
export interface NodeAgentOptions {
  client: ApiClient;
  name: string;
  /** index picks the pod CIDR 10.244.<index>.0/24 and host IP 172.18.0.<index+1> (default nodeIndex(name)). */
  index?: number;
  log?: ClientLog;
  heartbeatMs?: number;
  /** foreground is shared with the other components of the process: their events wait for its pod statuses and theirs. */
  foreground?: Foreground;
  /** maxBackoffMs caps the retry delay of a pod whose references are missing. */
  maxBackoffMs?: number;
}

/** STATUS_WRITERS bounds a node's pod status writes in flight (the kubelet's status manager writes one at a time). */
const STATUS_WRITERS = 1;

interface PodState { uid: string; phase: 'starting' | 'running' | 'terminating' | 'done'; ip?: string; abort: AbortController }

type Prepared = { ok: true; token?: string } | { ok: false; reason: 'FailedMount' | 'CreateContainerConfigError'; messages: string[] };

/** NodeAgent is one node: registration, heartbeats, and the lifecycle of the pods bound to it. */
export class NodeAgent {
  readonly name: string;
  readonly index: number;
  readonly hostIP: string;
  private log: ClientLog;
  private client: ApiClient;
  private events: EventRecorder;
  private pods: Informer;
  /** The config maps the node's pods reference, each watched while one does (object-watches.ts). */
  private configMaps: ObjectWatches;
  private state = new Map<string, PodState>();
  private ips = new Map<string, string>();
  private tokens = new Map<string, string>();
  private heartbeat?: NodeJS.Timeout;
  /** The status writes (patchStatus): the latest unsent status per pod, and the queue that sends them. */
  private statusWaiting = new Map<string, { pod: KubeObject; status: Record<string, unknown>; done: { resolve(ok: boolean): void; reject(e: unknown): void }[] }>();
  private statusQueue: WorkQueue;
  private readySince = now();
  private stopped = false;
  private leaveForeground: () => void;

  constructor(private opts: NodeAgentOptions) {
    this.name = opts.name;
    this.index = opts.index ?? nodeIndex(opts.name);
    this.hostIP = `172.18.0.${this.index + 1}`;
    this.log = opts.log ?? SILENT;
    this.client = opts.client;
    this.pods = new Informer(this.client, '/api/v1/pods', { fieldSelector: `spec.nodeName=${this.name}` }, (t, p) => this.onPod(t, p), this.log);
    this.configMaps = new ObjectWatches(this.client, this.log);
    // Errors go back to each patchStatus caller; the queue has nothing left to report.
    this.statusQueue = new WorkQueue((key) => this.writeStatus(key), () => {}, STATUS_WRITERS);
    // Events wait while pod statuses do: a pod's Running is written before the events that led to it.
    const foreground = opts.foreground ?? new Foreground();
    this.leaveForeground = foreground.add(() => this.statusQueue.busy);
    this.events = new EventRecorder(this.client, { component: 'kubelet', host: this.name }, this.log, { deferWhile: () => foreground.busy() });
  }

  /** start registers the Node, starts heartbeats and watches the node's pods; it resolves once they are listed. */
  async start(): Promise<void> {
    await this.register();
    const every = this.opts.heartbeatMs ?? 10_000;
    this.heartbeat = setInterval(() => void this.beat(), every);
    this.heartbeat.unref();
    this.pods.start();
    await this.pods.synced();
  }

  /** stop ends heartbeats, the watch and every pod start in progress. */
  stop(): void {
    this.stopped = true;
    this.leaveForeground();
    clearInterval(this.heartbeat);
    this.pods.stop();
    this.configMaps.stop();
    this.statusQueue.stop();
    for (const s of this.state.values()) s.abort.abort();
  }

  /** podToken is the service-account token mounted into a running pod (what its containers would read). */
  podToken(namespace: string, name: string): string | undefined {
    return this.tokens.get(`${namespace}/${name}`);
  }

  /** flushEvents resolves when the recorded events have been written. */
  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  private async register(): Promise<void> {
    const node = nodeObject(this.name, this.index, this.readySince);
    try {
      await this.client.create('/api/v1/nodes', node);
      this.log.info({ node: this.name }, 'node registered');
      await this.renewLease().catch((e) => this.log.warn({ node: this.name, err: e instanceof Error ? e.message : String(e) }, 'lease renewal failed'));
    } catch (e) {
      if (!isStatus(e, 409)) throw e;
      // Registered before (a restart): refresh its status as the kubelet does.
      await this.client.patch(`/api/v1/nodes/${encodeURIComponent(this.name)}/status`, { status: (node as any).status });
    }
  }

  /** renewLease renews the node's Lease in kube-node-lease (creating it, owned by the Node), as the kubelet does every 10 s. */
  private async renewLease(): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(this.name)}`;
    const renewTime = kubeMicroTime();
    try {
      await this.client.patch(path, { spec: { holderIdentity: this.name, leaseDurationSeconds: 40, renewTime } });
    } catch (e) {
      if (!isStatus(e, 404)) throw e;
      const node = await this.client.get(`/api/v1/nodes/${encodeURIComponent(this.name)}`);
      await this.client.create('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
        metadata: { name: this.name, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.name, uid: node.metadata.uid! }] },
        spec: { holderIdentity: this.name, leaseDurationSeconds: 40, renewTime },
      });
    }
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    this.renewLease().catch((e) => this.log.warn({ node: this.name, err: e instanceof Error ? e.message : String(e) }, 'lease renewal failed'));
    try {
      await this.client.patch(`/api/v1/nodes/${encodeURIComponent(this.name)}/status`, { status: { conditions: nodeConditions(now(), this.readySince) } });
    } catch (e) {
      if (isStatus(e, 404)) await this.register().catch(() => {});
      else this.log.warn({ node: this.name, err: e instanceof Error ? e.message : String(e) }, 'heartbeat failed');
    }
  }

  private podPath(pod: KubeObject, sub = ''): string {
    return `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace!)}/pods/${encodeURIComponent(pod.metadata.name!)}${sub ? `/${sub}` : ''}`;
  }

  private onPod(type: string, pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    const key = objectKey(pod);
    if (type === 'DELETED') {
      this.state.get(uid)?.abort.abort();
      this.state.delete(uid);
      if (this.ips.get(key)) this.ips.delete(key);
      this.tokens.delete(key);
      this.configMaps.release(key);
      return;
    }
    const st = this.state.get(uid);
    if (pod.metadata.deletionTimestamp) {
      if (st?.phase !== 'terminating') void this.terminate(pod, st);
      return;
    }
    if (st) return;
    const status = (pod as any).status ?? {};
    if (status.phase === 'Running' && status.podIP) {
      // Adopted after a restart: it keeps its IP.
      this.ips.set(key, status.podIP);
      this.state.set(uid, { uid, phase: 'running', ip: status.podIP, abort: new AbortController() });
      return;
    }
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      this.state.set(uid, { uid, phase: 'done', abort: new AbortController() });
      return;
    }
    const fresh: PodState = { uid, phase: 'starting', abort: new AbortController() };
    this.state.set(uid, fresh);
    void this.startPod(pod, fresh).catch((e) => {
      if (this.stopped) return;
      this.log.warn({ pod: key, err: e instanceof Error ? e.message : String(e) }, 'pod start failed; retrying');
      this.state.delete(uid);
      setTimeout(() => {
        const cur = this.pods.cache.get(key);
        if (cur && cur.metadata.uid === uid && !this.stopped && !this.state.has(uid)) this.onPod('MODIFIED', cur);
      }, 2000).unref();
    });
  }

  private allocateIP(key: string): string {
    const existing = this.ips.get(key);
    if (existing) return existing;
    const used = new Set(this.ips.values());
    for (let i = 2; i < 255; i++) {
      const ip = `10.244.${this.index}.${i}`;
      if (!used.has(ip)) {
        this.ips.set(key, ip);
        return ip;
      }
    }
    throw new Error(`node ${this.name}: no free pod IP in 10.244.${this.index}.0/24`);
  }

  /**
   * patchStatus writes a pod's status through pods/status, as the kubelet's status manager does: one
   * write at a time per node, never two of one pod at once (the work queue's rule); a status still
   * waiting to be sent when a newer one for the same pod comes is replaced by it (the newer is the
   * truth), so a busy node does not write a ContainerCreating that Running has already overtaken. It
   * resolves true once this status, or the one that replaced it, is written; false when the pod is gone
   * or changed (404, 409); it rejects on any other error.
   */
  private patchStatus(pod: KubeObject, status: Record<string, unknown>): Promise<boolean> {
    const key = objectKey(pod);
    return new Promise<boolean>((resolve, reject) => {
      const waiting = this.statusWaiting.get(key);
      if (waiting) {
        waiting.pod = pod;
        waiting.status = status;
        waiting.done.push({ resolve, reject });
      } else this.statusWaiting.set(key, { pod, status, done: [{ resolve, reject }] });
      this.statusQueue.add(key);
    });
  }

  /** writeStatus sends the latest waiting status of a pod (the status queue's work). */
  private async writeStatus(key: string): Promise<void> {
    const w = this.statusWaiting.get(key);
    if (!w) return;
    this.statusWaiting.delete(key);
    let ok = true;
    try {
      await this.client.patch(this.podPath(w.pod, 'status'), { status: w.status });
    } catch (e) {
      if (!isStatus(e, 404, 409)) {
        for (const d of w.done) d.reject(e);
        return;
      }
      ok = false;
    }
    for (const d of w.done) d.resolve(ok);
  }

  private async startPod(pod: KubeObject, st: PodState): Promise<void> {
    const startTime = (pod as any).status?.startTime ?? now();
    // Not awaited: the references are fetched meanwhile, and Running replaces this status if it is still
    // waiting to be sent (a pod gone meanwhile is seen by the watch, which aborts this start).
    this.patchStatus(pod, waitingStatus(pod, this.hostIP, startTime, 'ContainerCreating')).catch((e: unknown) => {
      this.log.debug({ pod: objectKey(pod), err: e instanceof Error ? e.message : String(e) }, 'ContainerCreating status not written');
    });
    let delay = 1000;
    let lastConfigError = '';
    for (;;) {
      if (st.abort.signal.aborted || this.stopped) return;
      const current = this.pods.cache.get(objectKey(pod)) ?? pod;
      const r = await this.prepare(current);
      if (st.abort.signal.aborted || this.stopped) return;
      if (r.ok) {
        if (r.token) this.tokens.set(objectKey(pod), r.token);
        break;
      }
      if (r.reason === 'FailedMount') {
        for (const m of r.messages) this.events.record(current, 'Warning', 'FailedMount', m);
      } else {
        for (const m of r.messages) this.events.record(current, 'Warning', 'Failed', `Error: ${m}`);
        if (r.messages[0] !== lastConfigError) {
          lastConfigError = r.messages[0];
          if (!(await this.patchStatus(current, waitingStatus(current, this.hostIP, startTime, 'CreateContainerConfigError', r.messages[0])))) return;
        }
      }
      await sleep(delay, st.abort.signal);
      delay = Math.min(delay * 2, this.opts.maxBackoffMs ?? 16_000);
    }
    const ip = this.allocateIP(objectKey(pod));
    for (const c of containerNames(pod, 'containers')) {
      this.events.record(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
      this.events.record(pod, 'Normal', 'Created', `Created container: ${c.name}`);
      this.events.record(pod, 'Normal', 'Started', `Started container ${c.name}`);
    }
    if (st.abort.signal.aborted) return;
    if (await this.patchStatus(pod, runningStatus(pod, this.hostIP, ip, startTime))) {
      st.phase = 'running';
      st.ip = ip;
      if ((pod as any).spec?.restartPolicy && (pod as any).spec.restartPolicy !== 'Always') void this.runToCompletion(pod, st).catch(() => {});
    }
  }

  /** runToCompletion ends a run-to-completion pod (a Job's) as simulated by RUN_ANNOTATIONS: after its run time, with its exit code. */
  private async runToCompletion(pod: KubeObject, st: PodState): Promise<void> {
    const { seconds, exitCode } = simulatedRun(pod);
    await sleep(seconds * 1000, st.abort.signal);
    if (st.abort.signal.aborted || st.phase !== 'running' || this.stopped) return;
    if (await this.patchStatus(pod, exitedStatus(this.pods.cache.get(objectKey(pod)) ?? pod, exitCode))) st.phase = 'done';
  }

  /** prepare fetches what the pod references, through the API as this node; it says what is missing. */
  private async prepare(pod: KubeObject): Promise<Prepared> {
    const ns = pod.metadata.namespace!;
    const needs = podNeeds(pod);
    const cache = new Map<string, Promise<KubeObject | StatusError>>();
    const fetch = (kind: 'secret' | 'configmap', name: string) => {
      const k = `${kind}/${name}`;
      let p = cache.get(k);
      if (!p) {
        p = (kind === 'configmap' ? this.configMaps.get(objectKey(pod), ns, name) : this.client.get(`/api/v1/namespaces/${encodeURIComponent(ns)}/secrets/${encodeURIComponent(name)}`))
          .catch((e: unknown) => (e instanceof StatusError ? e : new StatusError(0, '', e instanceof Error ? e.message : String(e))));
        cache.set(k, p);
      }
      return p;
    };
    const problem = (kind: 'secret' | 'configmap', name: string, e: StatusError) => (e.code === 404 ? `${kind} "${name}" not found` : e.message);
    const mountErrors: string[] = [];
    let token: string | undefined;
    const sa = (pod as any).spec?.serviceAccountName || 'default';
    // A token of the pod's own service account for the API server (no audience) is the pod's API token:
    // the kube-api-access volume admission adds holds one, and it is not asked for a second time below.
    let apiToken: string | StatusError | undefined;
    for (const m of needs.mounts) {
      if (m.kind === 'token') {
        const t = await this.requestToken(pod, m.name, m.audience, m.expirationSeconds);
        if (m.name === sa && !m.audience && apiToken === undefined) apiToken = t;
        if (t instanceof StatusError) mountErrors.push(`MountVolume.SetUp failed for volume "${m.volume}" : failed to fetch token: ${t.status?.message ?? t.message}`);
        continue;
      }
      const r = await fetch(m.kind, m.name);
      if (r instanceof StatusError && !(m.optional && r.code === 404)) mountErrors.push(`MountVolume.SetUp failed for volume "${m.volume}" : ${problem(m.kind, m.name, r)}`);
    }
    if (needs.defaultToken) {
      const t = apiToken ?? await this.requestToken(pod, sa);
      // No controller creates `default` service accounts here: a pod of a missing `default` runs without an API token.
      if (t instanceof StatusError) {
        if (!(t.code === 404 && sa === 'default' && t.status?.details?.kind === 'serviceaccounts')) mountErrors.push(`MountVolume.SetUp failed for volume "${API_ACCESS_VOLUME}" : failed to fetch token: ${t.status?.message ?? t.message}`);
      } else token = t;
    }
    if (mountErrors.length > 0) return { ok: false, reason: 'FailedMount', messages: [...new Set(mountErrors)] };
    const envErrors: string[] = [];
    for (const e of needs.env) {
      const r = await fetch(e.kind, e.name);
      if (r instanceof StatusError) {
        if (!(e.optional && r.code === 404)) envErrors.push(problem(e.kind, e.name, r));
        continue;
      }
      if (e.key !== undefined) {
        const data = { ...((r as any).data ?? {}), ...((r as any).binaryData ?? {}) };
        if (!(e.key in data) && !e.optional) envErrors.push(`couldn't find key ${e.key} in ${e.kind === 'secret' ? 'Secret' : 'ConfigMap'} ${ns}/${e.name}`);
      }
    }
    if (envErrors.length > 0) return { ok: false, reason: 'CreateContainerConfigError', messages: [...new Set(envErrors)] };
    const missingPull: string[] = [];
    for (const n of needs.pullSecrets) if ((await fetch('secret', n)) instanceof StatusError) missingPull.push(n);
    if (missingPull.length > 0) this.events.record(pod, 'Warning', 'FailedToRetrieveImagePullSecret', `Unable to retrieve some image pull secrets (${missingPull.join(', ')}); attempting to pull the image may not succeed.`);
    return { ok: true, token };
  }

  private async requestToken(pod: KubeObject, sa: string, audience?: string, expirationSeconds?: number): Promise<string | StatusError> {
    try {
      const r = await this.client.create<any>(`/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace!)}/serviceaccounts/${encodeURIComponent(sa)}/token`, {
        apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest',
        spec: { ...(audience ? { audiences: [audience] } : {}), expirationSeconds: Math.max(600, expirationSeconds ?? 3607), boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, uid: pod.metadata.uid } },
      });
      return r?.status?.token ?? new StatusError(0, '', 'no token in the TokenRequest response');
    } catch (e) {
      return e instanceof StatusError ? e : new StatusError(0, '', e instanceof Error ? e.message : String(e));
    }
  }

  private async terminate(pod: KubeObject, st: PodState | undefined): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    const wasRunning = st?.phase === 'running' || (pod as any).status?.phase === 'Running';
    st?.abort.abort();
    this.state.set(uid, { uid, phase: 'terminating', ip: st?.ip, abort: new AbortController() });
    try {
      if (wasRunning) {
        for (const c of containerNames(pod, 'containers')) this.events.record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
        await this.patchStatus(pod, terminatedStatus(pod));
      }
      await this.client.delete(this.podPath(pod), { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (e) {
      if (isStatus(e, 404, 409)) return;
      this.log.warn({ pod: objectKey(pod), err: e instanceof Error ? e.message : String(e) }, 'pod termination failed; retrying');
      this.state.delete(uid);
      await sleep(1000);
      const cur = this.pods.cache.get(objectKey(pod));
      if (cur && cur.metadata.uid === uid && !this.stopped) void this.terminate(cur, undefined);
    }
  }
}
