import fs from 'node:fs';
import path from 'node:path';
import { KeyObject, randomUUID, sign } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK } from 'jose';
import type { KubeObject } from '../../shared/api/meta';
import type { Store } from '../storage/store';
import { serviceAccountUsername, type UserInfo } from './user';

/** ISSUER and API_AUDIENCE are the `iss` of our tokens and the audience the API accepts (as kube-apiserver's defaults). */
export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const API_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

/** EXTRA keys set on a service-account user authenticated with a pod-bound token (Kubernetes' names). */
export const EXTRA = {
  credentialId: 'authentication.kubernetes.io/credential-id',
  podName: 'authentication.kubernetes.io/pod-name',
  podUid: 'authentication.kubernetes.io/pod-uid',
  nodeName: 'authentication.kubernetes.io/node-name',
  nodeUid: 'authentication.kubernetes.io/node-uid',
} as const;

/** IssuedToken is a signed token and what the TokenRequest status and audit need. */
export interface IssuedToken { token: string; jti: string; expiresAt: Date }

type KeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };

/**
 * ServiceAccountTokens issues and verifies short-lived, bound service-account JWTs (ES256, key in the
 * data dir, 0600). A token is valid only while its service account and its bound pod exist with the
 * same uids, so deleting either revokes it at once.
 */
export class ServiceAccountTokens {
  /** signingKey is the private key as node:crypto signs with it (synchronously, without WebCrypto's job per call). */
  private signingKey: KeyObject;

  private constructor(private keys: KeyPair, private store: Store) {
    this.signingKey = KeyObject.from(keys.privateKey);
  }

  /** load reads `<dataDir>/sa-signing-key.jwk` or creates it; with no dataDir the key is ephemeral. */
  static async load(store: Store, dataDir?: string): Promise<ServiceAccountTokens> {
    const file = dataDir ? path.join(dataDir, 'sa-signing-key.jwk') : undefined;
    if (file && fs.existsSync(file)) {
      const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
      const privateKey = (await importJWK(jwk, 'ES256')) as CryptoKey;
      const { d: _d, ...pub } = jwk;
      const publicKey = (await importJWK(pub, 'ES256')) as CryptoKey;
      return new ServiceAccountTokens({ privateKey, publicKey }, store);
    }
    const keys = (await generateKeyPair('ES256', { extractable: true })) as KeyPair;
    if (file) fs.writeFileSync(file, JSON.stringify(await exportJWK(keys.privateKey)), { mode: 0o600 });
    return new ServiceAccountTokens(keys, store);
  }

  /** issue signs a token for `sa`, optionally bound to `pod` (which must run as that service account). */
  async issue(sa: KubeObject, opts: { pod?: KubeObject; audiences?: string[]; expirationSeconds: number }): Promise<IssuedToken> {
    const jti = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const exp = now + opts.expirationSeconds;
    const k8s: Record<string, unknown> = {
      namespace: sa.metadata.namespace,
      serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid },
    };
    if (opts.pod) {
      k8s.pod = { name: opts.pod.metadata.name, uid: opts.pod.metadata.uid };
      const nodeName = (opts.pod as any).spec?.nodeName;
      if (nodeName) {
        const node = this.store.getShared('/nodes', '', nodeName);
        k8s.node = { name: nodeName, uid: node?.metadata.uid ?? '' };
      }
    }
    // A compact JWS (RFC 7515) with ES256 (RFC 7518 §3.4: the raw r‖s signature, what jose's SignJWT wrote).
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const signed = `${part({ alg: 'ES256', kid: 'gatehouse-sa-1' })}.${part({
      'kubernetes.io': k8s, iss: ISSUER, sub: serviceAccountUsername(sa.metadata.namespace!, sa.metadata.name!),
      aud: opts.audiences && opts.audiences.length ? opts.audiences : [API_AUDIENCE], iat: now, nbf: now, exp, jti,
    })}`;
    const signature = sign('sha256', Buffer.from(signed), { key: this.signingKey, dsaEncoding: 'ieee-p1363' });
    return { token: `${signed}.${signature.toString('base64url')}`, jti, expiresAt: new Date(exp * 1000) };
  }

  /** authenticate verifies a token for the API audience; undefined when invalid, expired or no longer bound. */
  async authenticate(token: string, audience = API_AUDIENCE): Promise<UserInfo | undefined> {
    if (token.split('.').length !== 3) return undefined;
    let payload: any;
    try {
      ({ payload } = await jwtVerify(token, this.keys.publicKey, { issuer: ISSUER, audience, algorithms: ['ES256'] }));
    } catch {
      return undefined;
    }
    const k8s = payload['kubernetes.io'];
    if (!k8s?.namespace || !k8s.serviceaccount?.name) return undefined;
    const sa = this.store.getShared('/serviceaccounts', k8s.namespace, k8s.serviceaccount.name);
    if (!sa || sa.metadata.uid !== k8s.serviceaccount.uid) return undefined;
    const extra: Record<string, string[]> = { [EXTRA.credentialId]: [`JTI=${payload.jti}`] };
    if (k8s.pod) {
      const pod = this.store.getShared('/pods', k8s.namespace, k8s.pod.name);
      if (!pod || pod.metadata.uid !== k8s.pod.uid || pod.metadata.deletionTimestamp) return undefined;
      extra[EXTRA.podName] = [k8s.pod.name];
      extra[EXTRA.podUid] = [k8s.pod.uid];
    }
    if (k8s.node) {
      extra[EXTRA.nodeName] = [k8s.node.name];
      if (k8s.node.uid) extra[EXTRA.nodeUid] = [k8s.node.uid];
    }
    return {
      username: serviceAccountUsername(k8s.namespace, k8s.serviceaccount.name),
      uid: k8s.serviceaccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${k8s.namespace}`, 'system:authenticated'],
      extra,
    };
  }
}
