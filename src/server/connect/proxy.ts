// The impersonating proxy of connect mode: a console or API request, already authenticated by
// Gatehouse (session cookie or personal token), is sent to kube-apiserver with Gatehouse's own
// credential and `Impersonate-*` headers naming the signed-in person, so the real cluster's RBAC,
// admission and audit see that person. Nothing the client sent that could change who the request
// runs as — Authorization, Cookie, any Impersonate-*, the front-proxy X-Remote-* headers — is ever
// passed through. "View as" (a client `Impersonate-User`) becomes impersonation of the viewed user
// only after the real cluster says the signed-in person may impersonate them (SubjectAccessReview),
// and carries the person at the keyboard in the user extra `gatehouse.dev/signed-in-user`.

import https from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../authn/user';
import { parseServiceAccountUsername } from '../authn/user';
import type { KubeClient } from './kube-client';

/** SIGNED_IN_USER_EXTRA is the user extra naming the human behind a "view as" request. */
export const SIGNED_IN_USER_EXTRA = 'gatehouse.dev/signed-in-user';

/** HOP_BY_HOP are connection-level headers a proxy must not forward (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'proxy-authenticate', 'host']);

/** isIdentityHeader is true for request headers that could change who a request runs as at kube-apiserver. */
export function isIdentityHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'authorization' || n === 'cookie' || n.startsWith('impersonate-') || n.startsWith('x-remote-') || n === 'x-gatehouse-request';
}

/** forwardableHeaders copies the request headers that are safe to send upstream (content negotiation, bodies, tracing). */
export function forwardableHeaders(h: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || HOP_BY_HOP.has(k) || isIdentityHeader(k)) continue;
    out[k] = v;
  }
  return out;
}

/** extraHeaderName encodes a user-extra key as kube-apiserver expects (percent-encoded). */
export function extraHeaderName(key: string): string {
  return `Impersonate-Extra-${encodeURIComponent(key)}`;
}

/** impersonationHeaders are the headers that make a request run as `user` at kube-apiserver. */
export function impersonationHeaders(user: UserInfo): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { 'Impersonate-User': user.username };
  const groups = user.groups.filter((g) => g !== 'system:authenticated' && g !== 'system:unauthenticated');
  // Service accounts get their groups from kube-apiserver itself; sending them would need more rights.
  if (groups.length && !parseServiceAccountUsername(user.username)) out['Impersonate-Group'] = groups;
  if (user.uid && !parseServiceAccountUsername(user.username)) out['Impersonate-Uid'] = user.uid;
  for (const [k, v] of Object.entries(user.extra ?? {})) out[extraHeaderName(k)] = v;
  return out;
}

/**
 * viewAsUser is who a "view as" request runs as: the viewed user (with their Gatehouse groups when
 * Gatehouse knows them) plus the signed-in person as the `gatehouse.dev/signed-in-user` extra.
 */
export function viewAsUser(signedIn: UserInfo, viewed: string, lookup: (name: string) => UserInfo | undefined): UserInfo {
  const known = parseServiceAccountUsername(viewed) ? undefined : lookup(viewed);
  return { username: viewed, groups: known?.groups ?? [], extra: { [SIGNED_IN_USER_EXTRA]: [signedIn.username] } };
}

/** mayImpersonate asks the real cluster whether `user` may impersonate `target` (user or service account). */
export async function mayImpersonate(client: KubeClient, user: UserInfo, target: string): Promise<boolean> {
  const sa = parseServiceAccountUsername(target);
  const attrs = sa ? { verb: 'impersonate', resource: 'serviceaccounts', namespace: sa.namespace, name: sa.name } : { verb: 'impersonate', resource: 'users', name: target };
  const r = await client.request<any>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
    spec: { user: user.username, groups: user.groups, uid: user.uid, extra: user.extra, resourceAttributes: attrs },
  });
  return r?.status?.allowed === true;
}

/**
 * proxyRequest streams one request to kube-apiserver as `user` (impersonated by Gatehouse's identity)
 * and streams the answer back, watches included. It resolves when the response has ended.
 */
export function proxyRequest(client: KubeClient, req: IncomingMessage, res: ServerResponse, user: UserInfo, pathAndQuery: string): Promise<void> {
  return new Promise((resolve) => {
    const headers = { ...forwardableHeaders(req.headers), ...client.authHeaders(), ...impersonationHeaders(user) };
    const up = https.request(client.url(pathAndQuery), { method: req.method, headers, agent: client.agent }, (ur) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(ur.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
      res.writeHead(ur.statusCode ?? 502, out);
      res.flushHeaders();
      ur.pipe(res);
      ur.on('end', () => resolve());
      ur.on('error', () => { res.destroy(); resolve(); });
    });
    up.on('error', (err) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'ServiceUnavailable', code: 502, message: `the cluster's API server cannot be reached: ${err.message}` }));
      } else res.destroy();
      resolve();
    });
    // Headers and body leave at once: with Nagle's algorithm a piped body waits for the peer's delayed ACK (~40 ms per write).
    up.setNoDelay(true);
    // A browser that goes away (a closed watch) ends the upstream request too.
    res.on('close', () => { if (!up.destroyed) up.destroy(); resolve(); });
    req.pipe(up);
  });
}
