import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../shared/api/meta';
import type { Strategy } from './strategies';

/** wantsTable is true when the Accept header asks for `as=Table` (kubectl's human-readable get). */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
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
        : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
