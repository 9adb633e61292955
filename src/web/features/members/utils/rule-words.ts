import type { PolicyRule } from '../../../../shared/api/rbac';

// Missing permissions in plain words ("delete pods", "use security profiles “privileged”"), for the
// grant form's refusals — never the raw rule dump of an escalation error.

const NOUNS: Record<string, string> = {
  securityprofiles: 'security profiles', secretsummaries: 'secret summaries', rolebindings: 'role bindings', clusterroles: 'cluster roles',
  clusterrolebindings: 'cluster role bindings', serviceaccounts: 'service accounts', configmaps: 'config maps', auditevents: 'audit events',
  localsubjectaccessreviews: 'access reviews', 'serviceaccounts/token': 'service-account tokens', 'pods/status': 'pod status',
};

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const noun = (r: string) => NOUNS[r] ?? r.replace('/', ' ');

/** ruleInWords renders one RBAC rule as a short phrase: `create, delete pods`, `do anything with everything`. */
export function ruleInWords(rule: PolicyRule): string {
  const verbs = rule.verbs.includes('*') ? 'do anything with' : rule.verbs.join(', ');
  if (rule.nonResourceURLs?.length) return `${verbs} ${rule.nonResourceURLs.includes('*') ? 'every non-resource URL' : list(rule.nonResourceURLs)}`;
  const resources = rule.resources ?? [];
  const groups = rule.apiGroups ?? [];
  const what = resources.includes('*')
    ? (groups.includes('*') ? 'everything' : `everything in ${list(groups.map((g) => (g === '' ? 'the core API' : g)))}`)
    : list(resources.map(noun));
  const names = rule.resourceNames?.length ? ` ${list(rule.resourceNames.map((n) => `“${n}”`))}` : '';
  return `${verbs} ${what}${names}`;
}

/** missingInWords joins rules into one phrase, at most `max` shown (`…and 3 more`). */
export function missingInWords(rules: readonly PolicyRule[], max = 6): string {
  const words = rules.map(ruleInWords);
  const shown = words.slice(0, max).join('; ');
  return words.length > max ? `${shown}; and ${words.length - max} more` : shown;
}
