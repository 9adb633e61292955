import { selfSubjectReview } from '../../authz/reviews';
import { createOnly } from '../storage';

/** selfSubjectReviews tells the caller who they are (`kubectl auth whoami`). */
export const selfSubjectReviews = () => createOnly((ctx) => selfSubjectReview(ctx.user));
