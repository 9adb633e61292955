import { useMutation, useQueryClient } from '@tanstack/react-query';
import { toPath } from '../../../../shared/api/resources';
import { apiRequest } from '../../../lib/api-client';
import { pods } from './get-pods';
import { invalidateResource } from '../../../lib/resource-keys';

/** deletePod asks the server to delete a pod; it stays Terminating until its node agent has stopped it. */
export async function deletePod(namespace: string, name: string): Promise<void> {
  await apiRequest(toPath(pods, namespace, name), { method: 'DELETE' });
}

/** useDeletePod deletes pods of `namespace` and refreshes every view of the namespace's pods. */
export function useDeletePod(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => deletePod(namespace, name),
    onSuccess: () => invalidateResource(queryClient, pods, namespace),
  });
}
