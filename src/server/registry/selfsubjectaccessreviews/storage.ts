import { accessReview } from '../../authz/reviews';
import type { Authorizer } from '../../authz/types';
import { createOnly } from '../storage';

/** selfSubjectAccessReviews answers "may I do this?" (`kubectl auth can-i`) for the caller. */
export const selfSubjectAccessReviews = (authorizer: Authorizer) => createOnly((ctx, body) => accessReview(authorizer, body, 'SelfSubjectAccessReview', ctx.user));
