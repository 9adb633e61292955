import { badRequest } from '../http/status';
import { matchesRequirements, parseLabelSelector, SelectorParseError, type Requirement } from '../../shared/api/labels';
import type { KubeObject } from '../../shared/api/meta';
import type { FieldRequirement } from '../http/field-selector';

// The fieldSelector parser lives with the HTTP layer, below the authorizers: the Node authorizer reads a
// selector with the very parser the list will use (authz/node.ts, selectedName).
export { parseFieldSelector, type FieldRequirement } from '../http/field-selector';

/** MATCH_ALL is the list/watch predicate of a request without selectors: every object passes, whatever it holds. */
export const MATCH_ALL = (_o: KubeObject): boolean => true;

/** matchesFields tests an object's selectable fields. */
export function matchesFields(fields: Record<string, string>, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => (r.op === '=' ? fields[r.field] === r.value : fields[r.field] !== r.value));
}

/** parseLabelSelectorParam parses the `labelSelector` query, mapping syntax errors to 400. */
export function parseLabelSelectorParam(s: string | null): Requirement[] {
  try {
    return parseLabelSelector(s ?? '');
  } catch (e) {
    if (e instanceof SelectorParseError) throw badRequest(`unable to parse requirement: ${e.message}`);
    throw e;
  }
}

export { matchesRequirements };
