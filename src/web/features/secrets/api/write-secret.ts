import { useMutation, useQueryClient } from '@tanstack/react-query';
import { findResource, toPath } from '../../../../shared/api/resources';
import { apiFetch } from '../../../lib/api-client';
import type { SecretBody } from '../utils/secret-builders';
import { invalidateResource } from '../../../lib/resource-keys';

// Writes to core/v1 secrets: create and replace values (developers hold create/patch, never get).
// The console asks for the answer as metadata only (`as=PartialObjectMetadata`, which kube-apiserver
// honours on writes too), does not read it anyway (the body is cancelled unread), and learns what
// changed from the summaries instead.

/** secrets is the core/v1 descriptor secret writes go to. */
export const secrets = findResource('', 'secrets')!;

/** METADATA_ONLY asks for a write's answer without the object's data, falling back to plain JSON. */
export const METADATA_ONLY = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json;q=0.9';

/** discard drops a write's answer unread (it is not needed, and for a reader it could hold values). */
export async function discard(res: Response): Promise<void> {
  try { await res.body?.cancel(); } catch { /* already closed */ }
}

/** createSecret POSTs a new secret to `namespace`; resolves once the server stored it. */
export async function createSecret(namespace: string, body: SecretBody): Promise<void> {
  await discard(await apiFetch(toPath(secrets, namespace), { method: 'POST', body, query: { fieldValidation: 'Strict' }, headers: { Accept: METADATA_ONLY } }));
}

/** patchSecretValues merge-patches a secret's values (see valuesPatch); keys not named are kept. */
export async function patchSecretValues(namespace: string, name: string, patch: object): Promise<void> {
  await discard(await apiFetch(toPath(secrets, namespace, name), { method: 'PATCH', body: patch, headers: { 'Content-Type': 'application/merge-patch+json', Accept: METADATA_ONLY } }));
}

/** deleteSecret deletes a secret; its answer (metadata only, or values only for a subject that may get them) is never read. */
export async function deleteSecret(namespace: string, name: string): Promise<void> {
  await discard(await apiFetch(toPath(secrets, namespace, name), { method: 'DELETE', headers: { Accept: METADATA_ONLY } }));
}

/** useWriteSecret runs one secret write; the namespace's summaries are refreshed after it. */
export function useWriteSecret(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The write is passed as a closure rather than as variables, so the mutation cache holds no copy of
    // the body to show in devtools or persist; forms reset the mutation after each submit.
    mutationFn: (write: () => Promise<void>) => write(),
    // Dropped from the mutation cache as soon as the form resets it: nothing keeps the closure alive.
    gcTime: 0,
    // Summaries are a view of secrets: this refreshes them, and any other view of the namespace's secrets.
    onSettled: () => invalidateResource(queryClient, secrets, namespace),
  });
}
