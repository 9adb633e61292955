// auditevents in connect mode: Gatehouse's own audit store (fed by the cluster's audit webhook),
// readable by whom the cluster's RBAC allows — `list`/`watch` auditevents cluster-wide or in a
// namespace (the installed admin role holds it per namespace) — and by everyone for their own events
// (the "mine" view, auditSelfReader, exactly as embedded).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditSelfReader } from '../audit/api';
import type { Audit } from '../audit/index';
import type { UserInfo } from '../authn/user';
import type { RequestContext } from '../http/context';
import { parseRequestInfo } from '../http/request-info';
import { forbidden } from '../http/status';
import { serveWith } from '../registry/storage';

const self = auditSelfReader();

/** connectAuditEvents authorizes with the "mine" rule or the cluster, then serves from the audit store. */
export async function connectAuditEvents(req: IncomingMessage, res: ServerResponse, url: URL, deps: {
  audit: Audit; user: UserInfo; can: (a: { verb: string; resource: string; group?: string; namespace?: string }) => Promise<boolean>;
}): Promise<boolean> {
  const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
  const attrs = { user: deps.user, verb: info.verb, isResourceRequest: info.isResourceRequest, path: url.pathname, apiGroup: info.apiGroup, apiVersion: info.apiVersion, namespace: info.namespace, resource: info.resource, subresource: info.subresource, name: info.name, fieldSelector: url.searchParams.get('fieldSelector') ?? undefined };
  const mine = self.authorize(attrs).decision === 'allow';
  if (!mine && !(await deps.can({ verb: info.verb, group: info.apiGroup, resource: info.resource, namespace: info.namespace }))) {
    throw forbidden(`${info.resource}.${info.apiGroup} is forbidden: User "${deps.user.username}" cannot ${info.verb} resource "${info.resource}" in API group "${info.apiGroup}"${info.namespace ? ` in the namespace "${info.namespace}"` : ' at the cluster scope'}`, info.resource, info.apiGroup);
  }
  // Through the aggregation layer the group is connect.gatehouse.dev; the store serves them as audit.gatehouse.dev.
  const ctx: RequestContext = { req, res, url, query: url.searchParams, info: { ...info, apiGroup: 'audit.gatehouse.dev' }, received: new Date(), auditID: '', user: deps.user, annotations: {}, warnings: [] };
  if (!info.isResourceRequest || info.resource !== 'auditevents') return false;
  await serveWith(deps.audit.storage, ctx);
  return true;
}
