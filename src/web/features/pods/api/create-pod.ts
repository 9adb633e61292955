import { useMutation, useQueryClient } from '@tanstack/react-query';
import { podSchema, type Pod } from '../../../../shared/api/core';
import { toPath } from '../../../../shared/api/resources';
import { apiFetch } from '../../../lib/api-client';
import { parseLenient } from '../../../lib/parse';
import { parseWarnings } from '../../../lib/warnings';
import { pods } from './get-pods';
import { invalidateResource } from '../../../lib/resource-keys';

/** CreatePodResult is the stored (or, on a dry run, would-be stored) pod and the server's warnings. */
export interface CreatePodResult { pod: Pod | undefined; warnings: string[] }

/**
 * createPod posts a pod manifest to `namespace`. With `dryRun` the server runs validation and all of
 * admission (profiles, Pod Security, secret use) and stores nothing. Warnings come from the `Warning`
 * headers; a refusal is an ApiError whose details name the fields.
 */
export async function createPod(namespace: string, manifest: unknown, opts: { dryRun?: boolean } = {}): Promise<CreatePodResult> {
  const res = await apiFetch(toPath(pods, namespace), {
    method: 'POST', body: manifest, query: { dryRun: opts.dryRun ? 'All' : undefined, fieldValidation: 'Strict' },
  });
  const warnings = parseWarnings(res.headers.get('Warning'));
  let body: unknown;
  try { body = await res.json(); } catch { body = undefined; }
  return { pod: parseLenient(podSchema, body)?.data, warnings };
}

/** useCreatePod creates pods in `namespace`; every view of the namespace's pods is refreshed. */
export function useCreatePod(namespace: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { manifest: unknown; dryRun?: boolean }) => createPod(namespace, v.manifest, { dryRun: v.dryRun }),
    onSuccess: async (_r, v) => { if (!v.dryRun) await invalidateResource(queryClient, pods, namespace); },
  });
}
