import { accessReview } from '../../authz/reviews';
import type { Authorizer } from '../../authz/types';
import { createOnly } from '../storage';

/** subjectAccessReviews answers "may this subject do this?" for the user named in the spec. */
export const subjectAccessReviews = (authorizer: Authorizer) => createOnly((_ctx, body) => accessReview(authorizer, body, 'SubjectAccessReview', 'fromSpec'));
