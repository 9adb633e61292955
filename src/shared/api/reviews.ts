import { z } from 'zod';
import { objectMetaSchema } from './meta';

const resourceAttributes = z.looseObject({
  namespace: z.string().optional(), verb: z.string().optional(), group: z.string().optional(), version: z.string().optional(),
  resource: z.string().optional(), subresource: z.string().optional(), name: z.string().optional(),
});
const nonResourceAttributes = z.looseObject({ path: z.string().optional(), verb: z.string().optional() });

/** accessReviewSchema covers SelfSubjectAccessReview, SubjectAccessReview and LocalSubjectAccessReview bodies. */
export const accessReviewSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema.optional(),
  spec: z.looseObject({
    resourceAttributes: resourceAttributes.optional(),
    nonResourceAttributes: nonResourceAttributes.optional(),
    user: z.string().optional(),
    groups: z.array(z.string()).optional(),
    uid: z.string().optional(),
    extra: z.record(z.string(), z.array(z.string())).optional(),
  }),
});
/** AccessReview is the parsed body of any *SubjectAccessReview. */
export type AccessReview = z.infer<typeof accessReviewSchema>;

/** rulesReviewSchema is SelfSubjectRulesReview. */
export const rulesReviewSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMetaSchema.optional(),
  spec: z.looseObject({ namespace: z.string().optional() }).optional(),
});

/** ResourceRule is one entry of a SelfSubjectRulesReview status. */
export interface ResourceRule { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[] }
/** NonResourceRule is one entry of a SelfSubjectRulesReview status. */
export interface NonResourceRule { verbs: string[]; nonResourceURLs: string[] }
/** RulesReviewStatus is SubjectRulesReviewStatus. */
export interface RulesReviewStatus { resourceRules: ResourceRule[]; nonResourceRules: NonResourceRule[]; incomplete: boolean; evaluationError?: string }
