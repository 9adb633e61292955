import { queryOptions, useQuery } from '@tanstack/react-query';
import { eventSchema, nodeSchema, podSchema } from '../../../../shared/api/core';
import { findResource, toPath } from '../../../../shared/api/resources';
import type { KubeObject } from '../../../../shared/api/meta';
import { apiRequest } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { ALL_NAMESPACES, resourceKey } from '../../../lib/resource-keys';

// The Nodes view's reads: every Node, and the pods bound to one node or waiting for one. Both are
// cluster-wide lists (the view is offered to whoever may list nodes); they refresh every 10 s, the
// node agents' heartbeat.

const nodes = findResource('', 'nodes')!;
const pods = findResource('', 'pods')!;
const leases = findResource('coordination.k8s.io', 'leases')!;
const events = findResource('', 'events')!;

/** nodeKeys are the Nodes view's keys, keyed by resource (lib/resource-keys.ts): pods on a node are a view of pods. */
export const nodeKeys = {
  list: () => resourceKey(nodes, ALL_NAMESPACES, 'list'),
  pods: (node: string) => resourceKey(pods, ALL_NAMESPACES, 'on-node', node),
  pending: () => resourceKey(pods, ALL_NAMESPACES, 'pending'),
  lease: (node: string) => resourceKey(leases, 'kube-node-lease', 'detail', node),
};

/** NodeInfo is what the view shows of a Node. */
export interface NodeInfo {
  name: string;
  created?: string;
  ready: 'True' | 'False' | 'Unknown';
  heartbeat?: string;
  conditions: { type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string }[];
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  addresses: { type: string; address: string }[];
  version?: string;
  os?: string;
  runtime?: string;
  unschedulable: boolean;
}

/** toNodeInfo reads the parts of a Node the view uses (status is free-form, so it is read defensively). */
export function toNodeInfo(n: KubeObject): NodeInfo {
  const status = ((n as { status?: Record<string, any> }).status ?? {});
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  const ready = conditions.find((c: { type?: string }) => c.type === 'Ready');
  return {
    name: n.metadata.name ?? '',
    created: n.metadata.creationTimestamp ?? undefined,
    ready: ready?.status === 'True' ? 'True' : ready?.status === 'False' ? 'False' : 'Unknown',
    heartbeat: ready?.lastHeartbeatTime,
    conditions,
    capacity: status.capacity ?? {},
    allocatable: status.allocatable ?? {},
    addresses: Array.isArray(status.addresses) ? status.addresses : [],
    version: status.nodeInfo?.kubeletVersion,
    os: status.nodeInfo?.osImage,
    runtime: status.nodeInfo?.containerRuntimeVersion,
    unschedulable: (n as { spec?: { unschedulable?: boolean } }).spec?.unschedulable === true,
  };
}

/** getNodesQueryOptions lists every node, by name. */
export const getNodesQueryOptions = () => queryOptions({
  queryKey: nodeKeys.list(),
  queryFn: async ({ signal }) => (await apiRequest(toPath(nodes), { signal, parse: (b) => parseList(nodeSchema, b).items }))
    .map((n) => toNodeInfo(n as KubeObject)).sort((a, b) => a.name.localeCompare(b.name)),
  refetchInterval: 10_000,
});

/** useNodes reads every node. */
export const useNodes = () => useQuery(getNodesQueryOptions());

/** usePodsOnNode lists the pods bound to `node`, across namespaces. */
export const usePodsOnNode = (node: string) => useQuery({
  queryKey: nodeKeys.pods(node),
  queryFn: ({ signal }) => apiRequest(`${toPath(pods)}?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`, { signal, parse: (b) => parseList(podSchema, b).items }),
  refetchInterval: 10_000,
});

/** PendingPod is a pod no node has taken, and the scheduler's reason. */
export interface PendingPod { namespace: string; name: string; reason: string }

/** usePendingPods lists unscheduled pods across namespaces with why: the scheduler's latest FailedScheduling event, else the PodScheduled condition. */
export const usePendingPods = () => useQuery({
  queryKey: nodeKeys.pending(),
  queryFn: async ({ signal }) => {
    const [items, failures] = await Promise.all([
      apiRequest(`${toPath(pods)}?fieldSelector=${encodeURIComponent('spec.nodeName=')}`, { signal, parse: (b) => parseList(podSchema, b).items }),
      apiRequest(`${toPath(events)}?fieldSelector=${encodeURIComponent('reason=FailedScheduling')}`, { signal, parse: (b) => parseList(eventSchema, b).items }).catch(() => []),
    ]);
    const latest = new Map<string, { at: string; message: string }>();
    for (const e of failures) {
      const key = `${e.involvedObject.namespace ?? ''}/${e.involvedObject.name ?? ''}`;
      const at = e.lastTimestamp ?? e.metadata.creationTimestamp ?? '';
      if (!latest.has(key) || latest.get(key)!.at < at) latest.set(key, { at, message: e.message ?? '' });
    }
    return items.filter((p) => !p.metadata.deletionTimestamp).map((p): PendingPod => {
      const namespace = p.metadata.namespace ?? '';
      const name = p.metadata.name ?? '';
      const cond = (p.status?.conditions ?? []).find((c) => c.type === 'PodScheduled') as { message?: string; reason?: string } | undefined;
      return { namespace, name, reason: latest.get(`${namespace}/${name}`)?.message || cond?.message || cond?.reason || 'Waiting for the scheduler' };
    });
  },
  refetchInterval: 10_000,
});

/** useNodeLease reads the node's heartbeat Lease in kube-node-lease (absent for nodes that keep none). */
export const useNodeLease = (node: string) => useQuery({
  queryKey: nodeKeys.lease(node),
  queryFn: ({ signal }) => apiRequest<{ spec?: { renewTime?: string; holderIdentity?: string } }>(toPath(leases, 'kube-node-lease', node), { signal }),
  retry: false,
  refetchInterval: 10_000,
});
