// The audit policy (STYLE §9, k8s.io/apiserver audit/policy/checker.go): a Kubernetes
// `audit.k8s.io/v1` Policy whose first matching rule gives a request's level and omitted stages;
// no match is level None. On top of any policy, a ceiling that no policy file can lift: secrets,
// TokenRequests (serviceaccounts/token), TokenReviews, passwords (users/password) and the `/auth/`
// endpoints (login, personal tokens, kubeconfig download) are never recorded above Metadata, so
// their bodies — values, tokens, passwords — never reach an event.

import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { AUDIT_LEVELS, AUDIT_STAGES, type AuditLevel, type AuditStage } from '../../shared/api/audit';
import type { Attributes } from '../authz/types';

const groupResourcesSchema = z.strictObject({
  group: z.string().optional(),
  resources: z.array(z.string().min(1)).optional(),
  resourceNames: z.array(z.string().min(1)).optional(),
});

const ruleSchema = z.strictObject({
  level: z.enum(AUDIT_LEVELS),
  users: z.array(z.string()).optional(),
  userGroups: z.array(z.string()).optional(),
  verbs: z.array(z.string()).optional(),
  resources: z.array(groupResourcesSchema).optional(),
  namespaces: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
  omitStages: z.array(z.enum(AUDIT_STAGES)).optional(),
  omitManagedFields: z.boolean().optional(),
}).superRefine((r, ctx) => {
  if ((r.resources?.length || r.namespaces?.length) && r.nonResourceURLs?.length) {
    ctx.addIssue({ code: 'custom', message: 'rules cannot apply to both regular resources and non-resource URLs' });
  }
  for (const u of r.nonResourceURLs ?? []) {
    if (u !== '*' && !u.startsWith('/')) ctx.addIssue({ code: 'custom', path: ['nonResourceURLs'], message: `non-resource URL rules must begin with a '/' character: ${u}` });
    if (u.indexOf('*') >= 0 && u.indexOf('*') !== u.length - 1) ctx.addIssue({ code: 'custom', path: ['nonResourceURLs'], message: `non-resource URL wildcards ('*') must be the final character: ${u}` });
  }
  for (const g of r.resources ?? []) {
    for (const res of g.resources ?? []) {
      if ((res.match(/\*/g) ?? []).length > 1 || (res.includes('*') && res !== '*' && !res.startsWith('*/') && !res.endsWith('/*'))) {
        ctx.addIssue({ code: 'custom', path: ['resources'], message: `invalid resource wildcard: ${res}` });
      }
    }
  }
});

/** auditPolicySchema is audit.k8s.io/v1 Policy. */
export const auditPolicySchema = z.strictObject({
  apiVersion: z.literal('audit.k8s.io/v1'),
  kind: z.literal('Policy'),
  metadata: z.looseObject({}).optional(),
  rules: z.array(ruleSchema).min(1, 'a policy needs at least one rule'),
  omitStages: z.array(z.enum(AUDIT_STAGES)).optional(),
  omitManagedFields: z.boolean().optional(),
});

/** AuditPolicy is audit.k8s.io/v1 Policy. */
export type AuditPolicy = z.infer<typeof auditPolicySchema>;
/** PolicyRule is one rule of a Policy. */
export type PolicyRule = AuditPolicy['rules'][number];

/** RequestAuditConfig is what the policy decides for one request (upstream's RequestAuditConfig). */
export interface RequestAuditConfig {
  level: AuditLevel;
  omitStages: AuditStage[];
  /**
   * omitManagedFields drops metadata.managedFields from the event's request and response objects
   * (upstream: the rule's omitManagedFields when it sets one, else the policy's; absent means false).
   */
  omitManagedFields?: boolean;
}

/** AuditChecker evaluates the policy for a request's attributes (STYLE §9; tests use fakeAuditChecker). */
export interface AuditChecker {
  evaluate(a: Attributes): RequestAuditConfig;
}

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * DEFAULT_POLICY is the built-in policy (used without --audit-policy-file): nothing for health,
 * version, discovery and OpenAPI reads; Metadata for secrets, TokenRequests, TokenReviews, passwords
 * and /auth/; RequestResponse for RBAC and pod writes (the changes a security review reads in full);
 * Metadata for everything else. RequestReceived is omitted: each request yields one event. Managed
 * fields are omitted from bodies (as upstream's recommended policies do): they restate the object's
 * field paths by manager, which the event's user and verb already tell, and would double its size.
 */
export const DEFAULT_POLICY: AuditPolicy = {
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  omitStages: ['RequestReceived'],
  omitManagedFields: true,
  rules: [
    {
      level: 'None', verbs: ['get'],
      nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/version/', '/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*'],
    },
    {
      level: 'Metadata',
      resources: [
        { group: '', resources: ['secrets', 'serviceaccounts/token'] },
        { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
        { group: 'iam.gatehouse.dev', resources: ['users/password'] },
      ],
    },
    { level: 'Metadata', nonResourceURLs: ['/auth/*'] },
    { level: 'RequestResponse', verbs: WRITE_VERBS, resources: [{ group: 'rbac.authorization.k8s.io' }, { group: '', resources: ['pods', 'pods/binding'] }] },
    { level: 'Metadata' },
  ],
};

const has = (list: string[] | undefined, v: string): boolean => !!list && list.includes(v);

/** pathMatches is upstream's non-resource URL match: `*`, exact, or a prefix ending in `*`. */
export function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.slice(0, -1));
}

/** resourceMatches tests the `resources` (plain, `*`, `*` + `/sub`, `res/` + `*`) and `resourceNames` of one rule entry. */
export function resourceMatches(g: z.infer<typeof groupResourcesSchema>, a: Pick<Attributes, 'apiGroup' | 'resource' | 'subresource' | 'name'>): boolean {
  if ((g.group ?? '') !== a.apiGroup) return false;
  if (!g.resources || g.resources.length === 0) return true;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (g.resourceNames?.length && !g.resourceNames.includes(a.name)) return false;
  for (const res of g.resources) {
    if (res === '*' || res === combined) return true;
    if (a.subresource && res.startsWith('*/') && res.slice(2) === a.subresource) return true;
    if (res.endsWith('/*') && res.slice(0, -2) === a.resource) return true;
  }
  return false;
}

/** ruleMatches is upstream's ruleMatches: every condition a rule states must hold. */
export function ruleMatches(r: PolicyRule, a: Attributes): boolean {
  if (r.users?.length && !has(r.users, a.user.username)) return false;
  if (r.userGroups?.length && !a.user.groups.some((g) => has(r.userGroups, g))) return false;
  if (r.verbs?.length && !has(r.verbs, a.verb)) return false;
  if (r.namespaces?.length || r.resources?.length) {
    if (!a.isResourceRequest) return false;
    // Cluster-scoped resources have the namespace "".
    if (r.namespaces?.length && !has(r.namespaces, a.namespace)) return false;
    if (!r.resources?.length) return true;
    return r.resources.some((g) => resourceMatches(g, a));
  }
  if (r.nonResourceURLs?.length) {
    if (a.isResourceRequest) return false;
    return r.nonResourceURLs.some((spec) => pathMatches(a.path, spec));
  }
  return true;
}

/** levelCeiling is the highest level a request may be recorded at, whatever the policy says. */
export function levelCeiling(a: Pick<Attributes, 'isResourceRequest' | 'path' | 'apiGroup' | 'resource' | 'subresource'>): AuditLevel {
  if (!a.isResourceRequest) return a.path === '/auth' || a.path.startsWith('/auth/') ? 'Metadata' : 'RequestResponse';
  const sensitive = (a.apiGroup === '' && a.resource === 'secrets')
    || (a.apiGroup === '' && a.resource === 'serviceaccounts' && a.subresource === 'token')
    || (a.apiGroup === 'authentication.k8s.io' && a.resource === 'tokenreviews')
    || (a.apiGroup === 'iam.gatehouse.dev' && a.resource === 'users' && a.subresource === 'password');
  return sensitive ? 'Metadata' : 'RequestResponse';
}

/** minLevel returns the lower of two levels. */
export function minLevel(a: AuditLevel, b: AuditLevel): AuditLevel {
  return AUDIT_LEVELS.indexOf(a) <= AUDIT_LEVELS.indexOf(b) ? a : b;
}

/** levelAtLeast is true when `l` records at least as much as `min`. */
export function levelAtLeast(l: AuditLevel, min: AuditLevel): boolean {
  return AUDIT_LEVELS.indexOf(l) >= AUDIT_LEVELS.indexOf(min);
}

/** createPolicyChecker builds the checker for a validated policy; the ceiling is applied to every answer. */
export function createPolicyChecker(policy: AuditPolicy): AuditChecker {
  const base = policy.omitStages ?? [];
  // Each rule's omitted stages are merged with the policy's once, not per request; a rule's
  // omitManagedFields, when set, overrides the policy's (upstream's Policy/PolicyRule semantics).
  const rules = policy.rules.map((r) => ({ rule: r, omitStages: [...new Set([...base, ...(r.omitStages ?? [])])], omitManagedFields: r.omitManagedFields ?? policy.omitManagedFields ?? false }));
  return {
    evaluate(a) {
      for (const { rule, omitStages, omitManagedFields } of rules) {
        if (ruleMatches(rule, a)) return { level: rule.level === 'None' ? 'None' : minLevel(rule.level, levelCeiling(a)), omitStages, omitManagedFields };
      }
      return { level: 'None', omitStages: base };
    },
  };
}

/** parsePolicy validates a policy document (YAML or JSON); errors name the offending field. */
export function parsePolicy(text: string, source = 'audit policy'): AuditPolicy {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid YAML: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const r = auditPolicySchema.safeParse(doc);
  if (!r.success) throw new Error(`${source}: ${r.error.issues.map((i) => `${i.path.join('.') || 'policy'}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** loadPolicyFile reads --audit-policy-file, or returns the built-in default when no file is given. */
export function loadPolicyFile(file: string | undefined): AuditPolicy {
  return file ? parsePolicy(fs.readFileSync(file, 'utf8'), file) : DEFAULT_POLICY;
}

/** fakeAuditChecker answers one fixed config (ceiling still applied, as the real checker does), for filter tests. */
export function fakeAuditChecker(level: AuditLevel, omitStages: AuditStage[] = []): AuditChecker {
  return { evaluate: (a) => ({ level: minLevel(level, levelCeiling(a)), omitStages }) };
}
