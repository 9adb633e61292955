import type { LabelSelector } from './rbac';

/** Requirement is one parsed label-selector term. */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=';
  values: string[];
}

/** SelectorParseError is thrown for a malformed selector string. */
export class SelectorParseError extends Error {}

/** parseLabelSelector parses the `labelSelector` query syntax (`a=b,c!=d,e in (x,y),!f,g`). */
export function parseLabelSelector(s: string): Requirement[] {
  const out: Requirement[] = [];
  const src = s.trim();
  if (!src) return out;
  // Split on commas outside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of src) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { parts.push(cur); cur = ''; } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^!\s*([\w./-]+)$/.exec(p))) out.push({ key: m[1], op: '!', values: [] });
    else if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) out.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '' || m![3].trim() === '') });
    else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(p))) out.push({ key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] });
    else if ((m = /^([\w./-]+)$/.exec(p))) out.push({ key: m[1], op: 'exists', values: [] });
    else throw new SelectorParseError(`unable to parse requirement: "${p}"`);
  }
  return out;
}

/** matchesRequirements tests labels against parsed requirements (all must hold). */
export function matchesRequirements(labels: Record<string, string> | null | undefined, reqs: Requirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case '=': return has && l[r.key] === r.values[0];
      case '!=': return !has || l[r.key] !== r.values[0];
      case 'in': return has && r.values.includes(l[r.key]);
      case 'notin': return !has || !r.values.includes(l[r.key]);
      case 'exists': return has;
      case '!': return !has;
    }
    return false;
  });
}

/** selectorToRequirements converts a metav1.LabelSelector object into requirements. */
export function selectorToRequirements(sel: LabelSelector): Requirement[] {
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, op: '=' as const, values: [v] }));
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[e.operator];
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs;
}
