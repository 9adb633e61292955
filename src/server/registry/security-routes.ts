import type { Authorizer } from '../authz/types';
import type { RequestContext } from '../http/context';
import type { Store } from '../storage/store';
import { serveProfileReview } from './profile-reviews';
import { serveSecretSummaries } from './secret-summaries';

/** SecurityRoutesDeps are what the virtual security.gatehouse.dev resources need from the composition root. */
export interface SecurityRoutesDeps {
  store: Store;
  authorizer: Authorizer;
  /** bookmarkMs is how often a secretsummaries watch that asked for bookmarks gets one. */
  bookmarkMs?: number;
}

/**
 * serveSecurityResources handles the security.gatehouse.dev resources that are computed rather than
 * stored: secretsummaries (get/list/watch) and securityprofilereviews (create). False for anything else.
 */
export async function serveSecurityResources(ctx: RequestContext, deps: SecurityRoutesDeps): Promise<boolean> {
  const { info } = ctx;
  if (!info.isResourceRequest || info.apiGroup !== 'security.gatehouse.dev') return false;
  if (info.resource === 'secretsummaries') {
    await serveSecretSummaries(ctx, deps.store, { bookmarkMs: deps.bookmarkMs });
    return true;
  }
  if (info.resource === 'securityprofilereviews') {
    await serveProfileReview(ctx, deps);
    return true;
  }
  return false;
}
