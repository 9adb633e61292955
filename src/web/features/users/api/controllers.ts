import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ANNOTATIONS } from '../../../../shared/api/meta';
import { toPath } from '../../../../shared/api/resources';
import { deploymentSchema, jobSchema, replicaSetSchema, WORKLOAD_ANNOTATIONS, type Deployment, type Job, type ReplicaSet } from '../../../../shared/api/workloads';
import { apiFetch, apiRequest } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { ALL_NAMESPACES, invalidateResource, resource, resourcesKey } from '../../../lib/resource-keys';

// The workloads a person left behind besides bare pods: Deployments, ReplicaSets not run by a
// Deployment, and Jobs whose recorded creator (`gatehouse.dev/created-by`) or template author
// (`gatehouse.dev/template-changed-by`, whose grants make the pods) is that person. The API has no
// selector on annotations, so the three lists are read across namespaces once and grouped here.
// Scaling to zero and deleting are single API requests: RBAC decides, the console only hides buttons.

const RESOURCES = { Deployment: resource('apps', 'deployments'), ReplicaSet: resource('apps', 'replicasets'), Job: resource('batch', 'jobs') } as const;

/** ControllerKind is a kind of workload the removed-user view lists. */
export type ControllerKind = keyof typeof RESOURCES;

/** PersonsWorkload is one Deployment, ReplicaSet or Job a person created or last set the template of. */
export interface PersonsWorkload {
  kind: ControllerKind;
  namespace: string;
  name: string;
  /** created: the person created it; template: the person last set its pod template (its pods are made for them). */
  created: boolean;
  template: boolean;
  /** replicas is spec.replicas (Deployments and ReplicaSets), ready their ready pods; a Job has `active` pods instead. */
  replicas?: number;
  ready?: number;
  active?: number;
  deleting: boolean;
}

/** Controllers are the three lists across namespaces. */
export interface Controllers { deployments: Deployment[]; replicasets: ReplicaSet[]; jobs: Job[] }

type Obj = Deployment | ReplicaSet | Job;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const byDeployment = (rs: ReplicaSet) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.kind === 'Deployment');

/**
 * workloadsOf returns the Deployments, stand-alone ReplicaSets (a Deployment's own are listed as the
 * Deployment) and Jobs `user` created or last set the template of, sorted by kind, namespace and name.
 */
export function workloadsOf(c: Controllers, user: string): PersonsWorkload[] {
  const row = (kind: ControllerKind, o: Obj): PersonsWorkload | undefined => {
    const a = o.metadata.annotations ?? {};
    const created = a[ANNOTATIONS.createdBy] === user;
    const template = a[WORKLOAD_ANNOTATIONS.changedBy] === user;
    if (!created && !template) return undefined;
    const st = (o as { status?: Record<string, unknown> }).status ?? {};
    const base = { kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '', created, template, deleting: !!o.metadata.deletionTimestamp };
    return kind === 'Job' ? { ...base, active: num(st.active) } : { ...base, replicas: (o as Deployment).spec.replicas ?? 1, ready: num(st.readyReplicas) };
  };
  const rows = [
    ...c.deployments.map((d) => row('Deployment', d)),
    ...c.replicasets.filter((rs) => !byDeployment(rs)).map((rs) => row('ReplicaSet', rs)),
    ...c.jobs.map((j) => row('Job', j)),
  ].filter((r): r is PersonsWorkload => !!r);
  const order: ControllerKind[] = ['Deployment', 'ReplicaSet', 'Job'];
  return rows.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** workloadPeople returns everyone named as creator or template author of a listed workload (for the removed-users summary). */
export function workloadPeople(c: Controllers): string[] {
  const people = new Set<string>();
  const add = (o: Obj) => {
    const a = o.metadata.annotations ?? {};
    for (const k of [ANNOTATIONS.createdBy, WORKLOAD_ANNOTATIONS.changedBy]) if (a[k]) people.add(a[k]);
  };
  c.deployments.forEach(add);
  c.replicasets.filter((rs) => !byDeployment(rs)).forEach(add);
  c.jobs.forEach(add);
  return [...people];
}

/** workloadRef names a workload as `Kind namespace/name`. */
export const workloadRef = (w: Pick<PersonsWorkload, 'kind' | 'namespace' | 'name'>) => `${w.kind} ${w.namespace}/${w.name}`;

/** controllersKey is the one cache entry of the three lists (a write to any of them refreshes it). */
export const controllersKey = () => resourcesKey(Object.values(RESOURCES), ALL_NAMESPACES, 'people');

/** useAllControllers lists every Deployment, ReplicaSet and Job across namespaces, refreshed every 10 s. */
export const useAllControllers = (enabled = true) => useQuery({
  queryKey: controllersKey(),
  queryFn: async ({ signal }): Promise<Controllers> => {
    const [deployments, replicasets, jobs] = await Promise.all([
      apiRequest(toPath(RESOURCES.Deployment), { signal, parse: (b) => parseList(deploymentSchema, b).items }),
      apiRequest(toPath(RESOURCES.ReplicaSet), { signal, parse: (b) => parseList(replicaSetSchema, b).items }),
      apiRequest(toPath(RESOURCES.Job), { signal, parse: (b) => parseList(jobSchema, b).items }),
    ]);
    return { deployments, replicasets, jobs };
  },
  refetchInterval: 10_000,
  enabled,
});

/** WorkloadAction stops a workload: scale a Deployment or ReplicaSet to zero (its `scale` subresource), or delete it. */
export type WorkloadAction = { type: 'scale-to-zero' | 'delete'; workload: Pick<PersonsWorkload, 'kind' | 'namespace' | 'name'> };

/**
 * stopWorkload sends one request: PATCH `…/scale` with replicas 0, or DELETE with propagation
 * Background (the garbage collector then removes its ReplicaSets and pods, as `kubectl delete` does).
 */
export async function stopWorkload({ type, workload: w }: WorkloadAction): Promise<void> {
  const r = RESOURCES[w.kind];
  if (type === 'scale-to-zero') {
    if (w.kind === 'Job') throw new Error('a Job has no scale subresource');
    await apiFetch(toPath(r, w.namespace, w.name, 'scale'), { method: 'PATCH', body: { spec: { replicas: 0 } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
  } else {
    await apiFetch(toPath(r, w.namespace, w.name), { method: 'DELETE', body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
  }
}

/** useStopWorkload runs a WorkloadAction, then refreshes every view of the workload's kind and of pods. */
export function useStopWorkload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: stopWorkload,
    onSettled: async (_d, _e, a) => {
      await Promise.all([invalidateResource(queryClient, RESOURCES[a.workload.kind]), invalidateResource(queryClient, resource('', 'pods'))]);
    },
  });
}
