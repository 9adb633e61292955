import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Namespace } from '../../../../shared/api/core';
import { toPath } from '../../../../shared/api/resources';
import { apiFetch, apiRequest } from '../../../lib/api-client';
import { parseWarnings } from '../../../lib/warnings';
import { namespaceAdminKeys } from './keys';
import { invalidateResource } from '../../../lib/resource-keys';
import { resources } from '../../../lib/resources';

/** namespaces is the namespace resource (lib/resources.ts) the URLs are built from. */
export const namespaces = resources.namespaces;

/** useNamespaceObjects lists every namespace (cluster admins), sorted by name. */
export const useNamespaceObjects = () => useQuery({
  queryKey: namespaceAdminKeys.list(),
  queryFn: ({ signal }) => namespaces.listItems(undefined, { signal }),
});

/** useNamespaceObject reads one namespace (its labels and the ranges admission allocated). */
export const useNamespaceObject = (name: string) => useQuery({
  queryKey: namespaceAdminKeys.detail(name),
  queryFn: ({ signal }) => namespaces.get(undefined, name, signal),
});

/** useCreateNamespace creates a namespace; the answer carries the UID range and MCS level admission allocated. */
export function useCreateNamespace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest(toPath(namespaces), { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, parse: namespaces.read }),
    // Every view of namespaces, the shell's namespace switcher (projects) included.
    onSuccess: () => invalidateResource(queryClient, namespaces),
  });
}

/** useDeleteNamespace deletes a namespace and everything in it. */
export function useDeleteNamespace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest(toPath(namespaces, undefined, name), { method: 'DELETE' }),
    onSuccess: () => invalidateResource(queryClient, namespaces),
  });
}

/** PatchResult is the namespace after a label patch and the server's warnings (e.g. pods that would violate). */
export interface PatchResult { namespace: Namespace; warnings: string[] }

/**
 * patchNamespaceLabels merge-patches labels (null removes one); with `dryRun` nothing is stored but the
 * server still answers with its warnings — a preview of which running pods would violate.
 */
export async function patchNamespaceLabels(name: string, labels: Record<string, string | null>, dryRun: boolean): Promise<PatchResult> {
  const res = await apiFetch(toPath(namespaces, undefined, name), {
    method: 'PATCH', body: { metadata: { labels } }, query: { dryRun: dryRun ? 'All' : undefined },
    headers: { 'Content-Type': 'application/merge-patch+json' },
  });
  const warnings = parseWarnings(res.headers.get('Warning'));
  return { namespace: namespaces.read(await res.json()), warnings };
}

/** usePatchNamespaceLabels applies (or previews) a label patch; applying refreshes the namespace. */
export function usePatchNamespaceLabels(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { labels: Record<string, string | null>; dryRun: boolean }) => patchNamespaceLabels(name, v.labels, v.dryRun),
    onSuccess: (r, v) => {
      if (v.dryRun) return;
      queryClient.setQueryData(namespaceAdminKeys.detail(name), r.namespace);
      return invalidateResource(queryClient, namespaces);
    },
  });
}
