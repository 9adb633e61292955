import { badRequest } from './status';

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
