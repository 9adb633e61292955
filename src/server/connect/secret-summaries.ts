// secretsummaries in connect mode: the embedded server's handler (get, list, watch) over the mirror,
// whose secrets carry key names but no values. Whether the person may read summaries is the
// cluster's RBAC (SubjectAccessReview on security.gatehouse.dev secretsummaries).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../authn/user';
import type { RequestContext } from '../http/context';
import { parseRequestInfo } from '../http/request-info';
import { forbidden } from '../http/status';
import { secretSummaries } from '../registry/secretsummaries/storage';
import { serveWith } from '../registry/storage';
import type { Store } from '../storage/store';

/** connectSecretSummaries authorizes with the cluster, then serves from the mirror. */
export async function connectSecretSummaries(req: IncomingMessage, res: ServerResponse, url: URL, deps: {
  store: Store; user: UserInfo; can: (a: { verb: string; resource: string; group?: string; namespace?: string; name?: string }) => Promise<boolean>;
}): Promise<void> {
  const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
  // The group asked for: security.gatehouse.dev from the console, connect.gatehouse.dev through the aggregation layer.
  const group = info.apiGroup;
  const allowed = await deps.can({ verb: info.verb, group, resource: 'secretsummaries', namespace: info.namespace, name: info.name });
  if (!allowed) {
    throw forbidden(`secretsummaries.${group} is forbidden: User "${deps.user.username}" cannot ${info.verb} resource "secretsummaries" in API group "${group}"${info.namespace ? ` in the namespace "${info.namespace}"` : ' at the cluster scope'}`, 'secretsummaries', group, info.name || undefined);
  }
  const ctx: RequestContext = {
    req, res, url, query: url.searchParams, info, received: new Date(), auditID: '', user: deps.user, annotations: {}, warnings: [],
  };
  await serveWith(secretSummaries(deps.store), ctx);
}
