import { badRequest } from '../http/status';
import { matchesRequirements, parseLabelSelector, SelectorParseError, type Requirement } from '../../shared/api/labels';
import type { KubeObject } from '../../shared/api/meta';

/** FieldRequirement is one `field=value` / `field!=value` term of a fieldSelector. */
export interface FieldRequirement { field: string; op: '=' | '!='; value: string }

/** parseFieldSelector parses `a=b,c!=d` (also `==`); a field not in `supported` is a 400 like upstream. */
export function parseFieldSelector(s: string | null, supported: (field: string) => boolean): FieldRequirement[] {
  if (!s) return [];
  return s.split(',').filter((p) => p.trim() !== '').map((p) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(p);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${p}'`);
    if (!supported(m[1])) throw badRequest(`field label not supported: ${m[1]}`);
    return { field: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
  });
}

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
