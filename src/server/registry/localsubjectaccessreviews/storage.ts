import { accessReview } from '../../authz/reviews';
import type { Authorizer } from '../../authz/types';
import { createOnly } from '../storage';

/** localSubjectAccessReviews is a SubjectAccessReview held to the namespace of its URL. */
export const localSubjectAccessReviews = (authorizer: Authorizer) => createOnly((ctx, body) => accessReview(authorizer, body, 'LocalSubjectAccessReview', 'fromSpec', ctx.info.namespace));
