import type { ResourceRule } from '../../shared/api/reviews';

// What the console shows follows from what the API would allow (DESIGN "The console"). This is the
// client-side reading of a SelfSubjectRulesReview; the API still enforces every rule on its own.

/** Permission is one question: may I `verb` `resource` in API `group` (core is "")? */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  /** name narrows the question to one object; rules limited by resourceNames only answer such questions. */
  name?: string;
}

function has(list: readonly string[] | null | undefined, value: string): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

/**
 * ruleAllows reports whether one rule grants `p`, with RBAC's wildcard semantics: `*` matches any verb,
 * group or resource. A rule with resourceNames never grants a question without a name (list, create).
 */
export function ruleAllows(rule: ResourceRule, p: Permission): boolean {
  if (!has(rule.verbs, p.verb) || !has(rule.apiGroups, p.group) || !has(rule.resources, p.resource)) return false;
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return p.name !== undefined && names.includes(p.name);
}

/** can reports whether any rule grants `p`. Pure: no rules (still loading, or an error) means no. */
export function can(rules: readonly ResourceRule[] | undefined, p: Permission): boolean {
  return !!rules && rules.some((r) => ruleAllows(r, p));
}
