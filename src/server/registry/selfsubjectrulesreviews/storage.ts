import type { RbacIndex } from '../../authz/rbac';
import { rulesReview } from '../../authz/reviews';
import { createOnly } from '../storage';

/** selfSubjectRulesReviews lists what the caller may do in a namespace (`kubectl auth can-i --list`; the console's views). */
export const selfSubjectRulesReviews = (index: RbacIndex, privilegedGroups: string[]) => createOnly((ctx, body) => rulesReview(index, body, ctx.user, privilegedGroups));
