import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReplicaSet } from '../../../../shared/api/workloads';
import { apiFetch } from '../../../lib/api-client';
import { parseWarnings } from '../../../lib/warnings';
import { rollbackTemplate } from '../utils/workload-rows';
import { workloadKeys } from './keys';
import { collectionPath, objectPath } from './objects';

// Writes to Deployments and Jobs. Each is one request the API authorizes and admits on its own (a
// scale needs `deployments/scale`, a restart or undo `update`/`patch` on the Deployment, and both of the
// latter change the pod template, so delegation admission checks it against the person's grants).

/** RESTARTED_AT is the template annotation `kubectl rollout restart` sets; a new value is a new template, so a new ReplicaSet. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** createWorkload posts a Deployment or Job; with `dryRun` the server runs validation and admission (delegation included) and stores nothing. */
export async function createWorkload(resource: 'deployments' | 'jobs', namespace: string, manifest: Record<string, any>, dryRun: boolean): Promise<{ name: string; warnings: string[] }> {
  const res = await apiFetch(collectionPath(resource, namespace), { method: 'POST', body: manifest, query: { dryRun: dryRun ? 'All' : undefined, fieldValidation: 'Strict' } });
  const body = await res.json().catch(() => undefined) as { metadata?: { name?: string } } | undefined;
  return { name: body?.metadata?.name ?? String(manifest.metadata?.name ?? ''), warnings: parseWarnings(res.headers.get('Warning')) };
}

const patch = (path: string, body: unknown, type: 'merge' | 'json') => apiFetch(path, {
  method: 'PATCH', body, headers: { 'Content-Type': type === 'merge' ? 'application/merge-patch+json' : 'application/json-patch+json' },
});

/** DeploymentAction is one of the writes a Deployment page offers. */
export type DeploymentAction =
  | { type: 'scale'; replicas: number }
  | { type: 'restart' }
  | { type: 'undo'; to: ReplicaSet };

/** deploymentAction sends one action: scale through the `scale` subresource, restart and undo as patches of the template. */
export async function deploymentAction(namespace: string, name: string, a: DeploymentAction, now = new Date()): Promise<void> {
  if (a.type === 'scale') {
    await patch(objectPath('deployments', namespace, name, 'scale'), { spec: { replicas: a.replicas } }, 'merge');
  } else if (a.type === 'restart') {
    await patch(objectPath('deployments', namespace, name), { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: now.toISOString() } } } } }, 'merge');
  } else {
    // A replace, not a merge: the earlier template exactly, so the controller finds its ReplicaSet again.
    await patch(objectPath('deployments', namespace, name), [{ op: 'replace', path: '/spec/template', value: rollbackTemplate(a.to) }], 'json');
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
