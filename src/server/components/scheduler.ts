import type { KubeObject } from '../../shared/api/meta';
import { nodeIsLive } from '../registry/pods/deletion';
import { ApiClient, EventRecorder, Foreground, Informer, isStatus, objectKey, SILENT, startInStages, type CachedInformer, type ClientLog } from './client';
import { SharedInformers } from './shared-informers';

// The built-in scheduler (`system:kube-scheduler`). It watches every pod through one informer and
// splits them itself into unscheduled ones and bound ones (to account for what each node already
// runs), filters nodes (live and Ready, schedulable, nodeSelector, cpu/memory requests and pod
// count against allocatable) and scores the rest by least allocation. It binds through pods/binding
// and records Scheduled / FailedScheduling events, as kube-scheduler does. It holds no other rights.

/** SCHEDULER_NAME is the spec.schedulerName this scheduler serves (the default). */
export const SCHEDULER_NAME = 'default-scheduler';

/** Resources are the amounts the scheduler fits: millicores, bytes and a pod count. */
export interface Resources { cpu: number; memory: number; pods: number }

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** parseQuantity reads a resource.Quantity (`100m`, `1.5`, `2Gi`, `1e3`, `128M`) as a number of units; NaN when malformed. */
export function parseQuantity(q: unknown): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return Number.NaN;
  const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?\s*$/.exec(q);
  if (!m) return Number.NaN;
  return Number(m[1]) * 10 ** Number(m[2] ?? 0) * SUFFIX[m[3] ?? ''];
}

/** cpuMillis is a cpu quantity in millicores (rounded up, as Kubernetes' MilliValue). */
export function cpuMillis(q: unknown): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.ceil(Math.round(v * 1e6) / 1e3) : 0;
}

/** bytes is a memory quantity in bytes (rounded up). */
export function bytes(q: unknown): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.ceil(v) : 0;
}

/** podRequests is what a pod asks for: the sum over its containers, at least each init container's, plus overhead (upstream's computePodResourceRequest). */
export function podRequests(pod: KubeObject): Resources {
  const spec = (pod as any).spec ?? {};
  const req = (c: any) => ({ cpu: cpuMillis(c?.resources?.requests?.cpu ?? 0), memory: bytes(c?.resources?.requests?.memory ?? 0) });
  const out = { cpu: 0, memory: 0, pods: 1 };
  for (const c of spec.containers ?? []) {
    const r = req(c);
    out.cpu += r.cpu;
    out.memory += r.memory;
  }
  for (const c of spec.initContainers ?? []) {
    const r = req(c);
    out.cpu = Math.max(out.cpu, r.cpu);
    out.memory = Math.max(out.memory, r.memory);
  }
  out.cpu += cpuMillis(spec.overhead?.cpu ?? 0);
  out.memory += bytes(spec.overhead?.memory ?? 0);
  return out;
}

/** nodeAllocatable is what a node offers (status.allocatable, else capacity). */
export function nodeAllocatable(node: KubeObject): Resources {
  const st = (node as any).status ?? {};
  const a = st.allocatable ?? st.capacity ?? {};
  return { cpu: cpuMillis(a.cpu ?? 0), memory: bytes(a.memory ?? 0), pods: Math.floor(parseQuantity(a.pods ?? 0)) || 0 };
}

/** filterNode returns why `pod` cannot go to `node` (empty when it fits), given what the node's pods already request. */
export function filterNode(pod: KubeObject, node: KubeObject, used: Resources, now = Date.now()): string[] {
  if (!nodeIsLive(node, now)) return ['node(s) were not ready'];
  if ((node as any).spec?.unschedulable) return ['node(s) were unschedulable'];
  const selector: Record<string, string> = (pod as any).spec?.nodeSelector ?? {};
  const labels = node.metadata.labels ?? {};
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) return ["node(s) didn't match Pod's node affinity/selector"];
  const alloc = nodeAllocatable(node);
  const want = podRequests(pod);
  const reasons: string[] = [];
  if (used.pods + 1 > alloc.pods) reasons.push('Too many pods');
  if (want.cpu > 0 && used.cpu + want.cpu > alloc.cpu) reasons.push('Insufficient cpu');
  if (want.memory > 0 && used.memory + want.memory > alloc.memory) reasons.push('Insufficient memory');
  return reasons;
}

/** scoreNode is the least-allocated score (0..100) a node would have with the pod on it: higher is emptier. */
export function scoreNode(pod: KubeObject, node: KubeObject, used: Resources): number {
  const alloc = nodeAllocatable(node);
  const want = podRequests(pod);
  const free = (cap: number, u: number) => (cap > 0 ? Math.max(0, cap - u) / cap : 0);
  return Math.round(100 * (free(alloc.cpu, used.cpu + want.cpu) + free(alloc.memory, used.memory + want.memory) + free(alloc.pods, used.pods + 1)) / 3);
}

/** failureMessage renders kube-scheduler's FailedScheduling message from the reasons per node. */
export function failureMessage(total: number, reasonsPerNode: string[][]): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const counts = new Map<string, number>();
  for (const rs of reasonsPerNode) for (const r of rs) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

/** Decision is where a pod goes, or why it cannot go anywhere. */
export type Decision = { node: string } | { message: string };

/** decide picks the best node for a pod from the candidates and their current usage (pure). */
export function decide(pod: KubeObject, nodes: KubeObject[], usage: (node: string) => Resources, now = Date.now()): Decision {
  const reasons: string[][] = [];
  let best: { name: string; score: number; pods: number } | undefined;
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const used = usage(name);
    const why = filterNode(pod, n, used, now);
    if (why.length > 0) { reasons.push(why); continue; }
    const score = scoreNode(pod, n, used);
    if (!best || score > best.score || (score === best.score && (used.pods < best.pods || (used.pods === best.pods && name < best.name)))) best = { name, score, pods: used.pods };
  }
  return best ? { node: best.name } : { message: failureMessage(nodes.length, reasons) };
}

/** SchedulerOptions configure a Scheduler. */
export interface SchedulerOptions {
  client: ApiClient;
  log?: ClientLog;
  /** foreground is shared with the other components of the process: their events wait for its bindings and theirs. */
  foreground?: Foreground;
  /** retryMs is how long an unschedulable pod waits before it is tried again without a cluster change. */
  retryMs?: number;
  /** parallelism bounds the bindings in flight. */
  parallelism?: number;
  /** informers are the process's shared informers (default: the scheduler's own). */
  informers?: SharedInformers;
}

interface Usage { node: string; req: Resources; assumed: boolean }

const isTerminal = (p: KubeObject) => ['Succeeded', 'Failed'].includes((p as any).status?.phase);

/** Scheduler binds unscheduled pods to nodes through the API. */
export class Scheduler {
  private log: ClientLog;
  private nodes: Informer;
  private pods: CachedInformer;
  /** pendingKeys are the pods seen without a node (the ones the scheduler may bind). */
  private pendingKeys = new Set<string>();
  private listed = false;
  private events: EventRecorder;
  private usage = new Map<string, Usage>();
  private perNode = new Map<string, Resources>();
  private queue: string[] = [];
  private queued = new Set<string>();
  private unschedulable = new Map<string, number>();
  private binding = new Set<string>();
  private inflight = 0;
  private timer?: NodeJS.Timeout;
  private nodeSignatures = new Map<string, string>();
  private stopped = false;
  private leaveForeground: () => void;
  /** scheduled counts successful bindings (for tests and benchmarks). */
  scheduled = 0;

  constructor(private opts: SchedulerOptions) {
    this.log = opts.log ?? SILENT;
    const c = opts.client;
    // Events wait while pods wait to be bound: a binding is never queued behind a Scheduled event.
    const foreground = opts.foreground ?? new Foreground();
    this.leaveForeground = foreground.add(() => this.queue.length > 0 || this.inflight > 0);
    this.events = new EventRecorder(c, { component: SCHEDULER_NAME }, this.log, { deferWhile: () => foreground.busy() });
    this.nodes = new Informer(c, '/api/v1/nodes', {}, (t, n) => this.onNode(t, n), this.log);
    // One informer of every pod, split here into pending and assigned ones (upstream's scheduler does the
    // same with one pod informer and filtering handlers): a pod event is sent and decoded once, not once
    // per selector, and the process's controllers read the same stream (SharedInformers).
    this.pods = (opts.informers ?? new SharedInformers(this.log)).informer(c, { group: '', resource: 'pods' }, {}, (t, p) => this.onPod(t, p));
  }

  /** start begins watching; it resolves once nodes and pods have been listed. */
  async start(): Promise<void> {
    // Nothing is bound before every assigned pod's requests are counted (pump waits for `listed`).
    await startInStages([this.nodes, this.pods]);
    this.listed = true;
    const retry = this.opts.retryMs ?? 10_000;
    this.timer = setInterval(() => this.retryUnschedulable(retry), Math.min(retry, 5_000));
    this.timer.unref();
    this.pump();
  }

  /** stop ends the watches (bindings in flight finish). */
  stop(): void {
    this.stopped = true;
    this.leaveForeground();
    clearInterval(this.timer);
    this.nodes.stop();
    this.pods.stop();
  }

  /** flushEvents resolves when the recorded events have been written. */
  flushEvents(): Promise<void> {
    return this.events.flush();
  }

  private setUsage(key: string, u: Usage | undefined): void {
    const old = this.usage.get(key);
    if (old) this.addTo(old.node, old.req, -1);
    if (u) {
      this.usage.set(key, u);
      this.addTo(u.node, u.req, 1);
    } else this.usage.delete(key);
  }

  private addTo(node: string, r: Resources, sign: 1 | -1): void {
    const cur = this.perNode.get(node) ?? { cpu: 0, memory: 0, pods: 0 };
    this.perNode.set(node, { cpu: cur.cpu + sign * r.cpu, memory: cur.memory + sign * r.memory, pods: cur.pods + sign * r.pods });
  }

  private onNode(type: string, n: KubeObject): void {
    const name = n.metadata.name ?? '';
    if (type === 'DELETED') {
      this.nodeSignatures.delete(name);
      return;
    }
    // Heartbeats change nothing that matters; a change of readiness, capacity, labels or cordon does.
    const st = (n as any).status ?? {};
    const ready = (st.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
    const sig = JSON.stringify([ready, st.allocatable, st.capacity, (n as any).spec?.unschedulable, n.metadata.labels]);
    if (this.nodeSignatures.get(name) === sig) return;
    this.nodeSignatures.set(name, sig);
    this.moveAllToActive();
  }

  /** onPod splits the pod stream: a pod without a node is pending, one with a node assigned (a binding moves it from one to the other). */
  private onPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', p: KubeObject): void {
    const key = objectKey(p);
    const assigned = !!(p as any).spec?.nodeName;
    // Leaving the pending set (bound, or deleted unbound) is a DELETED there, as a field-selected watch says it.
    if (assigned || type === 'DELETED') {
      if (this.pendingKeys.delete(key)) this.onPending('DELETED', p);
      if (assigned) this.onAssigned(type, p);
      return;
    }
    this.pendingKeys.add(key);
    this.onPending(type, p);
  }

  private onPending(type: string, p: KubeObject): void {
    const key = objectKey(p);
    if (type === 'DELETED') {
      this.unschedulable.delete(key);
      return;
    }
    if (!this.eligible(p)) return;
    this.unschedulable.delete(key);
    this.enqueue(key);
  }

  private onAssigned(type: string, p: KubeObject): void {
    const key = objectKey(p);
    if (type === 'DELETED' || isTerminal(p)) {
      if (this.usage.has(key)) {
        this.setUsage(key, undefined);
        this.moveAllToActive();
      }
      return;
    }
    this.setUsage(key, { node: (p as any).spec.nodeName, req: podRequests(p), assumed: false });
  }

  private eligible(p: KubeObject): boolean {
    const spec = (p as any).spec ?? {};
    return !spec.nodeName && !p.metadata.deletionTimestamp && (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME && !isTerminal(p);
  }

  private enqueue(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.pump();
  }

  private moveAllToActive(): void {
    const keys = [...this.unschedulable.keys()];
    this.unschedulable.clear();
    for (const k of keys) this.enqueue(k);
  }

  private retryUnschedulable(afterMs: number): void {
    const now = Date.now();
    for (const [k, t] of [...this.unschedulable]) {
      if (now - t < afterMs) continue;
      this.unschedulable.delete(k);
      this.enqueue(k);
    }
  }

  private pump(): void {
    const parallelism = this.opts.parallelism ?? 16;
    while (!this.stopped && this.listed && this.inflight < parallelism && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.queued.delete(key);
      const pod = this.pods.cache.get(key);
      if (!pod || !this.eligible(pod) || this.binding.has(key) || this.usage.has(key)) continue;
      const nodes = [...this.nodes.cache.values()];
      const d = decide(pod, nodes, (n) => this.perNode.get(n) ?? { cpu: 0, memory: 0, pods: 0 });
      if ('message' in d) {
        this.unschedulable.set(key, Date.now());
        this.log.debug({ pod: key, message: d.message }, 'unschedulable');
        this.events.record(pod, 'Warning', 'FailedScheduling', d.message);
        continue;
      }
      // Assume the pod on the node at once, so the next decision sees its requests.
      this.setUsage(key, { node: d.node, req: podRequests(pod), assumed: true });
      this.binding.add(key);
      this.inflight++;
      void this.bind(pod, d.node).finally(() => {
        this.binding.delete(key);
        this.inflight--;
        this.pump();
      });
    }
  }

  private async bind(pod: KubeObject, node: string): Promise<void> {
    const key = objectKey(pod);
    const { namespace, name, uid } = pod.metadata;
    try {
      await this.opts.client.create(`/api/v1/namespaces/${encodeURIComponent(namespace!)}/pods/${encodeURIComponent(name!)}/binding`, {
        apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace, uid }, target: { apiVersion: 'v1', kind: 'Node', name: node },
      });
      this.scheduled++;
      this.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${node}`);
    } catch (e) {
      if (this.usage.get(key)?.assumed) this.setUsage(key, undefined);
      // Already bound (409) or gone (404): the watches bring the truth; anything else is retried later.
      if (isStatus(e, 404, 409)) return;
      this.log.warn({ pod: key, node, err: e instanceof Error ? e.message : String(e) }, 'binding failed');
      this.unschedulable.set(key, Date.now());
    }
  }
}
