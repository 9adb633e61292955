// Gatehouse's read APIs for kubectl on the real cluster: an aggregated API server for the group
// `connect.gatehouse.dev/v1` (APIService v1.connect.gatehouse.dev), serving secretsummaries,
// securityprofilereviews and auditevents. kube-apiserver authenticates the person and forwards the
// request as its front proxy: a client certificate signed by the front-proxy CA (read from the
// kube-system/extension-apiserver-authentication ConfigMap) whose name is allowed, with the person in
// the X-Remote-User / -Group / -Extra-* headers. Anything else is refused. Authorization is delegated
// back to the cluster (SubjectAccessReview), as every aggregated server does.

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../authn/user';
import type { KubeClient } from './kube-client';

/** AGGREGATED_GROUP is the API group Gatehouse serves through the aggregation layer. */
export const AGGREGATED_GROUP = 'connect.gatehouse.dev';

/** FrontProxyConfig is what the cluster publishes about its front proxy. */
export interface FrontProxyConfig {
  caPem: string;
  allowedNames: string[];
  usernameHeaders: string[];
  groupHeaders: string[];
  extraPrefixes: string[];
}

const list = (v: string | undefined): string[] => { try { return v ? (JSON.parse(v) as string[]) : []; } catch { return []; } };

/** loadFrontProxy reads kube-system/extension-apiserver-authentication (undefined when unreadable or absent). */
export async function loadFrontProxy(client: KubeClient): Promise<FrontProxyConfig | undefined> {
  const cm = await client.request<any>('GET', '/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication', undefined, { allow404: true }).catch(() => undefined);
  const d = cm?.data ?? {};
  if (!d['requestheader-client-ca-file']) return undefined;
  return {
    caPem: d['requestheader-client-ca-file'], allowedNames: list(d['requestheader-allowed-names']),
    usernameHeaders: list(d['requestheader-username-headers']).map((h) => h.toLowerCase()),
    groupHeaders: list(d['requestheader-group-headers']).map((h) => h.toLowerCase()),
    extraPrefixes: list(d['requestheader-extra-headers-prefix']).map((h) => h.toLowerCase()),
  };
}

/** frontProxyUser returns the person a verified front-proxy request is for, or undefined when the request is not one. */
export function frontProxyUser(req: IncomingMessage, fp: FrontProxyConfig | undefined): UserInfo | undefined {
  if (!fp) return undefined;
  const sock = req.socket as TLSSocket;
  if (!sock.authorized) return undefined;
  const cn = sock.getPeerCertificate?.()?.subject?.CN;
  const cnName = Array.isArray(cn) ? cn[0] : cn;
  if (fp.allowedNames.length > 0 && (!cnName || !fp.allowedNames.includes(cnName))) return undefined;
  const h = req.headersDistinct;
  const username = fp.usernameHeaders.map((n) => h[n]?.[0]).find(Boolean);
  if (!username) return undefined;
  const groups = fp.groupHeaders.flatMap((n) => h[n] ?? []);
  const extra: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    const p = fp.extraPrefixes.find((x) => k.startsWith(x));
    if (p && v) extra[decodeURIComponent(k.slice(p.length))] = v;
  }
  return { username, groups, ...(Object.keys(extra).length ? { extra } : {}) };
}

/** discovery answers /apis/connect.gatehouse.dev and /apis/connect.gatehouse.dev/v1 (undefined for other paths). */
export function discovery(path: string): unknown {
  const gv = `${AGGREGATED_GROUP}/v1`;
  if (path === `/apis/${AGGREGATED_GROUP}`) {
    return { kind: 'APIGroup', apiVersion: 'v1', name: AGGREGATED_GROUP, versions: [{ groupVersion: gv, version: 'v1' }], preferredVersion: { groupVersion: gv, version: 'v1' } };
  }
  if (path === `/apis/${gv}`) {
    return {
      kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv,
      resources: [
        { name: 'secretsummaries', singularName: 'secretsummary', namespaced: true, kind: 'SecretSummary', verbs: ['get', 'list', 'watch'] },
        { name: 'securityprofilereviews', singularName: 'securityprofilereview', namespaced: true, kind: 'SecurityProfileReview', verbs: ['create'] },
        { name: 'auditevents', singularName: 'auditevent', namespaced: true, kind: 'AuditEvent', verbs: ['list', 'watch'] },
      ],
    };
  }
  return undefined;
}
