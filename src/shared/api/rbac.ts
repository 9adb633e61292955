import { z } from 'zod';
import { objectMetaSchema, objectFields } from './meta';

/** policyRuleSchema is rbac/v1 PolicyRule. A rule is either resource or non-resource (validated by the registry). */
export const policyRuleSchema = z.strictObject({
  verbs: z.array(z.string()).min(1, 'Required value: verbs must contain at least one value'),
  apiGroups: z.array(z.string()).nullable().optional(),
  resources: z.array(z.string()).nullable().optional(),
  resourceNames: z.array(z.string()).nullable().optional(),
  nonResourceURLs: z.array(z.string()).nullable().optional(),
});
/** PolicyRule is rbac/v1 PolicyRule. */
export type PolicyRule = z.infer<typeof policyRuleSchema>;

const labelSelector = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).nullable().optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).nullable().optional() })).nullable().optional(),
});
/** LabelSelector is metav1.LabelSelector. */
export type LabelSelector = z.infer<typeof labelSelector>;

/** roleSchema is rbac/v1 Role. */
export const roleSchema = z.strictObject({
  ...objectFields,
  rules: z.array(policyRuleSchema).nullable().optional(),
});
/** clusterRoleSchema is rbac/v1 ClusterRole (rules may be filled from aggregationRule). */
export const clusterRoleSchema = roleSchema.extend({
  aggregationRule: z.strictObject({ clusterRoleSelectors: z.array(labelSelector).nullable().optional() }).nullable().optional(),
});
/** Role is rbac/v1 Role or ClusterRole. */
export type Role = z.infer<typeof clusterRoleSchema>;

/** subjectSchema is rbac/v1 Subject. */
export const subjectSchema = z.strictObject({
  kind: z.enum(['User', 'Group', 'ServiceAccount']),
  apiGroup: z.string().optional(),
  name: z.string().min(1),
  namespace: z.string().optional(),
});
/** Subject is rbac/v1 Subject. */
export type Subject = z.infer<typeof subjectSchema>;

/** roleBindingSchema is rbac/v1 RoleBinding / ClusterRoleBinding; roleRef is immutable. */
export const roleBindingSchema = z.strictObject({
  ...objectFields,
  subjects: z.array(subjectSchema).nullable().optional(),
  roleRef: z.strictObject({ apiGroup: z.string(), kind: z.enum(['Role', 'ClusterRole']), name: z.string().min(1) }),
});
/** RoleBinding is rbac/v1 RoleBinding or ClusterRoleBinding. */
export type RoleBinding = z.infer<typeof roleBindingSchema>;

const roleRefSchema = z.strictObject({ kind: z.enum(['Role', 'ClusterRole']), name: z.string().min(1).max(253) });

/**
 * grantReviewSchema is iam.gatehouse.dev/v1 GrantReview (namespaced, create only, never stored): "may
 * I grant these roles in this namespace, and do these subjects exist?" — the question the console's
 * grant form asks without writing anything. The status answers each role with the rules the caller
 * lacks (RBAC escalation prevention, exactly as a real grant is judged) and each subject with whether
 * Gatehouse knows it.
 */
export const grantReviewSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema.optional(),
  spec: z.strictObject({
    roleRefs: z.array(roleRefSchema).max(100).optional(),
    subjects: z.array(subjectSchema).max(100).optional(),
  }),
  status: z.object({
    roles: z.array(z.object({
      kind: z.enum(['Role', 'ClusterRole']),
      name: z.string(),
      allowed: z.boolean(),
      /** reason: `bind` (the caller holds the bind verb), `covered` (holds every rule), `missingRules`, `roleNotFound`. */
      reason: z.enum(['bind', 'covered', 'missingRules', 'roleNotFound']),
      missingRules: z.array(policyRuleSchema).optional(),
    })),
    subjects: z.array(z.object({
      kind: z.enum(['User', 'Group', 'ServiceAccount']),
      name: z.string(),
      namespace: z.string().optional(),
      found: z.boolean(),
    })),
  }).optional(),
});
/** GrantReview is iam.gatehouse.dev/v1 GrantReview. */
export type GrantReview = z.infer<typeof grantReviewSchema>;
