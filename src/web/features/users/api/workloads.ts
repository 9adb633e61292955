import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { podSchema, type Pod } from '../../../../shared/api/core';
import { ANNOTATIONS } from '../../../../shared/api/meta';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiRequest, errorMessage, isApiError } from '../../../lib/api-client';
import { parseList } from '../../../lib/parse';
import { userKeys } from './keys';
import { workloadPeople, workloadsOf, type Controllers } from './controllers';
import { invalidateResource, resource } from '../../../lib/resource-keys';

// The workloads a person started: pods stamped `gatehouse.dev/created-by` by admission. The API has no
// selector on annotations, so all pods are listed once (GET /api/v1/pods) and grouped here.

const pods = findResource('', 'pods')!;

/** creatorOf is who started a pod (admission's stamp), if anyone. */
export const creatorOf = (p: Pod): string | undefined => p.metadata.annotations?.[ANNOTATIONS.createdBy] ?? undefined;

/** useAllPods lists every pod across namespaces, refreshed every 10 s (shared by every user page). */
export const useAllPods = () => useQuery({
  queryKey: userKeys.workloads(),
  queryFn: async ({ signal }) => apiRequest(toPath(pods), { signal, parse: (b) => parseList(podSchema, b).items }),
  refetchInterval: 10_000,
});

/** podsStartedBy filters pods to those `user` started, sorted by namespace then name. */
export function podsStartedBy(all: Pod[], user: string): Pod[] {
  return all.filter((p) => creatorOf(p) === user)
    .sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

/**
 * orphanedCreators counts, per person who is no longer a user, the pods they started and (given the
 * controller lists) the Deployments, ReplicaSets and Jobs they created or last set the template of.
 */
export function orphanedCreators(all: Pod[], existing: Set<string>, controllers?: Controllers): { user: string; pods: number; workloads: number }[] {
  const counts = new Map<string, { pods: number; workloads: number }>();
  const entry = (user: string) => counts.get(user) ?? counts.set(user, { pods: 0, workloads: 0 }).get(user)!;
  for (const p of all) {
    const by = creatorOf(p);
    if (by && !existing.has(by)) entry(by).pods += 1;
  }
  if (controllers) for (const user of workloadPeople(controllers)) if (!existing.has(user)) entry(user).workloads = workloadsOf(controllers, user).length;
  return [...counts].map(([user, n]) => ({ user, ...n })).sort((a, b) => a.user.localeCompare(b.user));
}

/** TerminateProgress is where a bulk terminate stands: `done` of `total`, and each failure by pod. */
export interface TerminateProgress { running: boolean; done: number; total: number; errors: { pod: string; message: string }[] }

/** podRef names a pod as `namespace/name`. */
export const podRef = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;

/**
 * terminateAll deletes the pods one request at a time (each is its own audited deletion), calling
 * `onStep` after each. A pod already gone counts as terminated; other failures are collected, not fatal.
 */
export async function terminateAll(list: Pod[], onStep: (p: TerminateProgress) => void, signal?: AbortSignal): Promise<TerminateProgress> {
  const progress: TerminateProgress = { running: true, done: 0, total: list.length, errors: [] };
  onStep({ ...progress });
  for (const p of list) {
    if (signal?.aborted) break;
    try {
      await apiRequest(toPath(pods, p.metadata.namespace, p.metadata.name), { method: 'DELETE', signal });
    } catch (err) {
      if (signal?.aborted) break;
      if (!isApiError(err, 404)) progress.errors.push({ pod: podRef(p), message: errorMessage(err) });
    }
    progress.done += 1;
    onStep({ ...progress, errors: [...progress.errors] });
  }
  progress.running = false;
  onStep({ ...progress, errors: [...progress.errors] });
  return progress;
}

/** useBulkTerminate runs terminateAll with its progress as state, then refreshes the workloads. */
export function useBulkTerminate() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<TerminateProgress>();
  const ctl = useRef<AbortController | null>(null);
  const mutation = useMutation({
    mutationFn: (list: Pod[]) => {
      ctl.current = new AbortController();
      return terminateAll(list, setProgress, ctl.current.signal);
    },
    onSettled: () => invalidateResource(queryClient, resource('', 'pods')),
  });
  return { run: mutation.mutate, progress, cancel: () => ctl.current?.abort(), reset: () => setProgress(undefined) };
}
