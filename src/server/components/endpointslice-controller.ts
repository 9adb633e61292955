import type { KubeObject } from '../../shared/api/meta';
import { ApiClient, Informer, isStatus, objectKey, SILENT, startInStages, type CachedInformer, type ClientLog } from './client';
import { apiPath, isReady, ownerRef, reasonOf } from './controller-kit';
import { SharedInformers } from './shared-informers';
import { WorkQueue } from './workqueue';

// The endpointslice controller (`system:controller:endpointslice-controller`): for every Service with a
// selector it keeps one EndpointSlice (`<service>-<suffix>`, labelled `kubernetes.io/service-name` and
// managed-by endpointslice-controller.k8s.io, owned by the Service) listing the pods the selector picks
// that have an IP: ready, serving and terminating conditions, the pod as targetRef, its node, and the
// Service's ports resolved against the pods' named container ports. It reads services and pods (never
// their secrets or volumes) and writes only EndpointSlices.

/** SERVICE_NAME_LABEL and MANAGED_BY are upstream's EndpointSlice labels. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY = { label: 'endpointslice.kubernetes.io/managed-by', value: 'endpointslice-controller.k8s.io' } as const;

/** slicePorts resolves a Service's ports for a pod: a named targetPort is the pod's container port of that name. */
export function slicePorts(svc: KubeObject, pod: KubeObject | undefined): { name: string; port: number | null; protocol: string }[] {
  const ports = ((svc as any).spec?.ports ?? []) as { name?: string; port: number; targetPort?: number | string; protocol?: string }[];
  const named = new Map<string, number>();
  for (const c of (pod as any)?.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name) named.set(p.name, p.containerPort);
  return ports.map((p) => {
    const t = p.targetPort ?? p.port;
    return { name: p.name ?? '', port: typeof t === 'number' ? t : (named.get(t) ?? null), protocol: p.protocol ?? 'TCP' };
  });
}

/** desiredSlice is the content of a Service's EndpointSlice for the pods it selects. */
export function desiredSlice(svc: KubeObject, pods: KubeObject[]): { endpoints: unknown[]; ports: unknown[] } {
  const withIP = pods.filter((p) => (p as any).status?.podIP && (p as any).status?.phase !== 'Succeeded' && (p as any).status?.phase !== 'Failed')
    .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
  const endpoints = withIP.map((p) => {
    const ready = isReady(p);
    const terminating = !!p.metadata.deletionTimestamp;
    return {
      addresses: [(p as any).status.podIP], conditions: { ready: ready && !terminating, serving: ready, terminating },
      targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
      ...((p as any).spec?.nodeName ? { nodeName: (p as any).spec.nodeName } : {}),
    };
  });
  return { endpoints, ports: slicePorts(svc, withIP[0]) };
}

/** EndpointSliceControllerOptions configure an EndpointSliceController; `informers` are the process's shared informers (default: its own). */
export interface EndpointSliceControllerOptions { client: ApiClient; log?: ClientLog; informers?: SharedInformers }

/** EndpointSliceController keeps each selecting Service's EndpointSlice in step with its pods. */
export class EndpointSliceController {
  private log: ClientLog;
  private services: CachedInformer;
  private pods: CachedInformer;
  private slices: Informer;
  private queue: WorkQueue;

  constructor(private opts: EndpointSliceControllerOptions) {
    this.log = opts.log ?? SILENT;
    const c = opts.client;
    this.queue = new WorkQueue((k) => this.sync(k), (k, e) => {
      this.log.warn({ service: k, err: reasonOf(e) }, 'endpointslice sync failed; retrying');
      this.queue.retry(k);
    }, 2);
    const informers = opts.informers ?? new SharedInformers(this.log);
    this.services = informers.informer(c, { group: '', resource: 'services' }, {}, (_t, s) => this.queue.add(objectKey(s)));
    this.pods = informers.informer(c, { group: '', resource: 'pods' }, {}, (_t, p) => this.podChanged(p));
    this.slices = new Informer(c, apiPath('discovery.k8s.io', 'endpointslices'), { labelSelector: `${MANAGED_BY.label}=${MANAGED_BY.value}` }, (_t, sl) => {
      const svc = sl.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc) this.queue.add(`${sl.metadata.namespace}/${svc}`);
    }, this.log);
  }

  /** start lists pods and slices, then services; it resolves once all are synced. */
  async start(): Promise<void> {
    await startInStages([this.pods, this.slices], [this.services]);
  }

  stop(): void {
    this.queue.stop();
    this.services.stop();
    this.pods.stop();
    this.slices.stop();
  }

  private podChanged(p: KubeObject): void {
    // A pod's labels may have changed: every selecting Service of its namespace looks again.
    for (const s of this.services.cache.values()) {
      if (s.metadata.namespace === p.metadata.namespace && (s as any).spec?.selector) this.queue.add(objectKey(s));
    }
  }

  private async sync(key: string): Promise<void> {
    const svc = this.services.cache.get(key);
    const [ns, name] = key.split('/');
    const mine = [...this.slices.cache.values()].filter((sl) => sl.metadata.namespace === ns && sl.metadata.labels?.[SERVICE_NAME_LABEL] === name);
    const selector = (svc as any)?.spec?.selector as Record<string, string> | undefined;
    if (!svc || svc.metadata.deletionTimestamp || !selector || (svc as any).spec?.type === 'ExternalName') {
      // No selector, no managed endpoints (the owner reference takes them when the Service goes).
      for (const sl of mine) await this.ignoreGone(this.opts.client.delete(apiPath('discovery.k8s.io', 'endpointslices', ns, sl.metadata.name)));
      return;
    }
    const pods = [...this.pods.cache.values()].filter((p) => p.metadata.namespace === ns && Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
    const want = desiredSlice(svc, pods);
    const [first, ...extra] = mine;
    for (const sl of extra) await this.ignoreGone(this.opts.client.delete(apiPath('discovery.k8s.io', 'endpointslices', ns, sl.metadata.name)));
    const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY.label]: MANAGED_BY.value };
    if (!first) {
      await this.opts.client.create(apiPath('discovery.k8s.io', 'endpointslices', ns), {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
        metadata: { generateName: `${name}-`, namespace: ns, labels, ownerReferences: [ownerRef(svc, 'v1', 'Service')] },
        addressType: 'IPv4', ...want,
      });
      return;
    }
    const cur = first as any;
    if (JSON.stringify({ e: cur.endpoints ?? [], p: cur.ports ?? [], l: first.metadata.labels }) === JSON.stringify({ e: want.endpoints, p: want.ports, l: labels })) return;
    await this.ignoreGone(this.opts.client.update(apiPath('discovery.k8s.io', 'endpointslices', ns, first.metadata.name), { ...first, metadata: { ...first.metadata, labels }, ...want }));
  }

  private async ignoreGone(p: Promise<unknown>): Promise<void> {
    try { await p; } catch (e) { if (!isStatus(e, 404, 409)) throw e; }
  }
}
