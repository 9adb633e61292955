import { AUDIT_ANNOTATIONS } from '../../shared/api/audit';
import type { RequestContext } from './context';

// Dry runs (`dryRun=All`) as the audit trail records them: the audit filter marks a write whose query
// asks for one, the registry one asked for in a DeleteOptions body. Here, below both layers.

/**
 * isDryRunQuery is true when a write asks for a dry run in its query (`dryRun=All`, the only value
 * Kubernetes accepts; anything else is refused with a 400 and changes nothing either).
 */
export function isDryRunQuery(query: URLSearchParams): boolean {
  const v = query.getAll('dryRun');
  return v.length > 0 && v.every((x) => x === 'All');
}

/**
 * markDryRun records on the request's audit event that it is a dry run (annotation
 * audit.gatehouse.dev/dry-run: "true"), so no reader of the trail takes it for a change. The registry
 * calls it too, for dry runs asked for in a DeleteOptions body.
 */
export function markDryRun(ctx: Pick<RequestContext, 'annotations'>): void {
  ctx.annotations[AUDIT_ANNOTATIONS.dryRun] = 'true';
}
