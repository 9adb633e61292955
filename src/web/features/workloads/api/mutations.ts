import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReplicaSet } from '../../../../shared/api/workloads';
import { apiFetch } from '../../../lib/api-client';
import { parseWarnings } from '../../../lib/warnings';
import { WORKLOAD_ANNOTATIONS } from '../../../../shared/api/workloads';
import { rollbackTemplate } from '../utils/workload-rows';
import { workloadKeys } from './keys';
import { resources } from '../../../lib/resources';

// Writes to Deployments and Jobs. Each is one request the API authorizes and admits on its own (a
// scale needs `deployments/scale`, a restart or undo `update`/`patch` on the Deployment, and both of the
// latter change the pod template, so delegation admission checks it against the person's grants).

/** RESTARTED_AT is the template annotation `kubectl rollout restart` sets; a new value is a new template, so a new ReplicaSet. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** createWorkload posts a Deployment or Job; with `dryRun` the server runs validation and admission (delegation included) and stores nothing. */
export async function createWorkload(resource: 'deployments' | 'jobs', namespace: string, manifest: Record<string, any>, dryRun: boolean): Promise<{ name: string; warnings: string[] }> {
  const res = await apiFetch(resources[resource].collectionPath(namespace), { method: 'POST', body: manifest, query: { dryRun: dryRun ? 'All' : undefined, fieldValidation: 'Strict' } });
  const body = await res.json().catch(() => undefined) as { metadata?: { name?: string } } | undefined;
  return { name: body?.metadata?.name ?? String(manifest.metadata?.name ?? ''), warnings: parseWarnings(res.headers.get('Warning')) };
}

const PATCH_TYPES = { merge: 'application/merge-patch+json', json: 'application/json-patch+json', strategic: 'application/strategic-merge-patch+json' } as const;
const patch = (path: string, body: unknown, type: keyof typeof PATCH_TYPES) => apiFetch(path, { method: 'PATCH', body, headers: { 'Content-Type': PATCH_TYPES[type] } });

/** DeploymentAction is one of the writes a Deployment page offers. */
export type DeploymentAction =
  | { type: 'scale'; replicas: number }
  | { type: 'restart' }
  | { type: 'undo'; to: ReplicaSet }
  | { type: 'set-image'; container: string; image: string; changeCause?: string };

/** deploymentAction sends one action: scale through the `scale` subresource, restart and undo as patches of the template. */
export async function deploymentAction(namespace: string, name: string, a: DeploymentAction, now = new Date()): Promise<void> {
  if (a.type === 'scale') {
    await patch(resources.deployments.path(namespace, name, 'scale'), { spec: { replicas: a.replicas } }, 'merge');
  } else if (a.type === 'restart') {
    await patch(resources.deployments.path(namespace, name), { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: now.toISOString() } } } } }, 'merge');
  } else if (a.type === 'set-image') {
    // `kubectl set image`: a strategic merge of the one container (merged by name); a changed template is
    // a new revision. The change cause, when given, is what `kubectl rollout history` shows for it.
    const cause = a.changeCause?.trim();
    await patch(resources.deployments.path(namespace, name), {
      ...(cause ? { metadata: { annotations: { [WORKLOAD_ANNOTATIONS.changeCause]: cause } } } : {}),
      spec: { template: { spec: { containers: [{ name: a.container, image: a.image.trim() }] } } },
    }, 'strategic');
  } else {
    // A replace, not a merge: the earlier template exactly, so the controller finds its ReplicaSet again.
    await patch(resources.deployments.path(namespace, name), [{ op: 'replace', path: '/spec/template', value: rollbackTemplate(a.to) }], 'json');
  }
}

/** useDeploymentAction runs DeploymentActions; the watches show the outcome, the lists are invalidated through the key factory. */
export function useDeploymentAction(namespace: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (a: DeploymentAction) => deploymentAction(namespace, name, a),
    onSuccess: async () => {
      await Promise.all(['deployments', 'replicasets'].map((r) => queryClient.invalidateQueries({ queryKey: workloadKeys.resource(r) })));
    },
  });
}

/**
 * deleteWorkload deletes a Deployment or Job with propagation Background, as `kubectl delete` does: the
 * object goes at once and the garbage collector removes its ReplicaSets and pods after it.
 */
export async function deleteWorkload(kind: 'deployments' | 'jobs', namespace: string, name: string): Promise<void> {
  await apiFetch(resources[kind].path(namespace, name), { method: 'DELETE', body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
}

/**
 * useDeleteWorkload runs deleteWorkload, then `onDeleted` (here, not per call: the page showing the
 * object unmounts as soon as its watch reports the deletion). The live lists show the object gone
 * through their watches; the cached lists are invalidated.
 */
export function useDeleteWorkload(kind: 'deployments' | 'jobs', namespace: string, name: string, onDeleted: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteWorkload(kind, namespace, name),
    onSuccess: async () => {
      onDeleted();
      await Promise.all([kind, 'replicasets', 'pods'].map((r) => queryClient.invalidateQueries({ queryKey: workloadKeys.resource(r) })));
    },
  });
}
