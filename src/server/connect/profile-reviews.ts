// securityprofilereviews in connect mode (the console's profile picker): the embedded server's
// reviewProfiles over the mirror, with `use` answered by the cluster's RBAC (ReviewedAuthorizer,
// replayed until every question has its SubjectAccessReview answer).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityProfileReviewSchema } from '../../shared/api/security';
import type { UserInfo } from '../authn/user';
import { decodeBody, readRawBody } from '../http/body';
import { parseRequestInfo } from '../http/request-info';
import { badRequest, forbidden, methodNotAllowed, notFound } from '../http/status';
import { reviewProfiles } from '../registry/securityprofilereviews/storage';
import { parseFieldValidation, validateObject } from '../registry/validation';
import type { Store } from '../storage/store';
import { ReviewedAuthorizer, untilAnswered, type AskCluster } from './sar-authorizer';

/** connectProfileReview answers POST securityprofilereviews for `user`. */
export async function connectProfileReview(req: IncomingMessage, res: ServerResponse, url: URL, deps: {
  store: Store; user: UserInfo; ask: AskCluster; can: (a: { verb: string; resource: string; group?: string; namespace?: string }) => Promise<boolean>;
}): Promise<void> {
  const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
  if (info.verb !== 'create' || info.name || info.subresource) throw methodNotAllowed();
  if (!(await deps.can({ verb: 'create', group: info.apiGroup, resource: 'securityprofilereviews', namespace: info.namespace }))) {
    throw forbidden(`securityprofilereviews.${info.apiGroup} is forbidden: User "${deps.user.username}" cannot create resource "securityprofilereviews" in API group "${info.apiGroup}" in the namespace "${info.namespace}"`, 'securityprofilereviews', info.apiGroup);
  }
  if (!deps.store.get('/namespaces', '', info.namespace)) throw notFound('namespaces', '', info.namespace);
  const body = decodeBody(await readRawBody(req), req.headers['content-type']);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a JSON or YAML object');
  const warnings: string[] = [];
  const review = validateObject(securityProfileReviewSchema, body, parseFieldValidation(url.searchParams.get('fieldValidation')), 'SecurityProfileReview', 'security.gatehouse.dev', '', warnings);
  const authorizer = new ReviewedAuthorizer(deps.ask);
  const out = await untilAnswered(authorizer, async () => reviewProfiles({ store: deps.store, authorizer }, deps.user, info.namespace, review));
  res.writeHead(201, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.end(JSON.stringify(out));
}
