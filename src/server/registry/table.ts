import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../shared/api/meta';
import type { Strategy } from './strategies';

/** wantsTable is true when the Accept header asks for `as=Table` (kubectl's human-readable get). */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

/**
 * wantsPartialMetadata is true when the Accept header asks for one object as `as=PartialObjectMetadata`
 * (kube-apiserver's metadata-only answer, honoured on reads and writes alike).
 */
export function wantsPartialMetadata(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  // The first media range the client lists decides (a `, application/json;q=0.9` fallback follows it).
  const first = accept.split(',')[0] ?? '';
  return /;\s*as=PartialObjectMetadata\s*(;|$)/.test(first) && /;\s*g=meta\.k8s\.io\s*(;|$)/.test(first);
}

/** toPartialMetadata is one object as a meta.k8s.io/v1 PartialObjectMetadata: its metadata and nothing else. */
export function toPartialMetadata(o: KubeObject): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** toTable renders objects as a meta.k8s.io/v1 Table with the resource's kubectl columns and PartialObjectMetadata rows. */
export function toTable(s: Strategy, items: KubeObject[], rv: string, query?: URLSearchParams): Record<string, unknown> {
  const includeObject = query?.get('includeObject') ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: rv },
    columnDefinitions: s.columns,
    rows: items.map((o) => ({
      cells: s.cells(o),
      object: includeObject === 'None' ? undefined
        : includeObject === 'Object' ? o
        : toPartialMetadata(o),
    })),
  };
}
