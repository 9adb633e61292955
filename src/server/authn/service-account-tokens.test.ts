// Service-account tokens through the real app on an in-memory store: TokenRequest issues a pod-bound
// JWT, the token authenticates with the Kubernetes extras, and deleting its pod or service account
// revokes it at once; forged, tampered or wrong-audience tokens are refused.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createNamespace, startInProcess, type InProcessServer } from '../testing/in-process';
import { jwtVerify } from 'jose';
import { EXTRA } from './service-account-tokens';

let s: InProcessServer;
const NS = '/api/v1/namespaces/sat';
const tokenFor = (sa: string, body: Record<string, unknown> = {}) =>
  s.request('POST', `${NS}/serviceaccounts/${sa}/token`, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: body } });
const whoami = (token: string) => s.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { as: { token }, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
const pod = (name: string, sa: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { serviceAccountName: sa, containers: [{ name: 'c', image: 'busybox' }] } });

before(async () => {
  s = await startInProcess();
  await createNamespace(s, 'sat');
  for (const name of ['robot', 'other']) {
    const r = await s.request('POST', `${NS}/serviceaccounts`, { body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } } });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await s.close(); });

describe('service-account tokens', () => {
  test('a TokenRequest returns a JWT that authenticates as the service account with its groups', async () => {
    const r = await tokenFor('robot');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.kind, 'TokenRequest');
    assert.equal(r.body.spec.expirationSeconds, 3600);
    assert.ok(Date.parse(r.body.status.expirationTimestamp) > Date.now());
    const me = await whoami(r.body.status.token);
    assert.equal(me.status, 201, me.text);
    const u = me.body.status.userInfo;
    assert.equal(u.username, 'system:serviceaccount:sat:robot');
    assert.deepEqual(u.groups, ['system:serviceaccounts', 'system:serviceaccounts:sat', 'system:authenticated']);
    assert.match(u.extra[EXTRA.credentialId][0], /^JTI=[0-9a-f-]{36}$/);
  });

  test('a token is a compact ES256 JWS: header, the Kubernetes claims, a 64-byte r||s signature the public JWK verifies', async () => {
    const r = await tokenFor('robot', { audiences: ['vault'], expirationSeconds: 3600 });
    assert.equal(r.status, 201, r.text);
    const [h, p, sig] = (r.body.status.token as string).split('.');
    const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    assert.deepEqual(json(h), { alg: 'ES256', kid: 'gatehouse-sa-1' });
    const claims = json(p);
    assert.deepEqual(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    assert.deepEqual([claims.iss, claims.sub, claims.aud, claims.exp - claims.iat, claims.nbf], ['https://kubernetes.default.svc.cluster.local', 'system:serviceaccount:sat:robot', ['vault'], 3600, claims.iat]);
    assert.equal(claims['kubernetes.io'].serviceaccount.name, 'robot');
    assert.equal(Buffer.from(sig, 'base64url').length, 64);
    // jose verifies it with the public key (the verifier the server itself uses).
    const { payload } = await jwtVerify(r.body.status.token, (s.app.saTokens as unknown as { keys: { publicKey: CryptoKey } }).keys.publicKey, { issuer: claims.iss, audience: 'vault', algorithms: ['ES256'] });
    assert.equal(payload.jti, claims.jti);
  });

  test('a pod-bound token carries pod name and uid and dies with the pod', async () => {
    const p = await s.request('POST', `${NS}/pods`, { body: pod('runner', 'robot') });
    assert.equal(p.status, 201, p.text);
    const r = await tokenFor('robot', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'runner', uid: p.body.metadata.uid } });
    assert.equal(r.status, 201, r.text);
    const token = r.body.status.token;
    const me = await whoami(token);
    assert.deepEqual(me.body.status.userInfo.extra[EXTRA.podName], ['runner']);
    assert.deepEqual(me.body.status.userInfo.extra[EXTRA.podUid], [p.body.metadata.uid]);
    // Pods without a node are deleted at once (no kubelet to wait for).
    const d = await s.request('DELETE', `${NS}/pods/runner`);
    assert.equal(d.status, 200, d.text);
    assert.equal((await whoami(token)).status, 401);
  });

  test('binding is refused for a missing pod, another pod uid, or a pod of another service account', async () => {
    assert.equal((await tokenFor('robot', { boundObjectRef: { kind: 'Pod', name: 'ghost' } })).status, 404);
    const p = await s.request('POST', `${NS}/pods`, { body: pod('others-pod', 'other') });
    assert.equal(p.status, 201, p.text);
    const wrongSa = await tokenFor('robot', { boundObjectRef: { kind: 'Pod', name: 'others-pod' } });
    assert.equal(wrongSa.status, 400);
    assert.match(wrongSa.body.message, /different serviceaccount/);
    assert.equal((await tokenFor('other', { boundObjectRef: { kind: 'Pod', name: 'others-pod', uid: 'not-the-uid' } })).status, 409);
    assert.equal((await tokenFor('other', { boundObjectRef: { kind: 'Secret', name: 'x' } })).status, 400);
  });

  test('expirationSeconds outside 10 minutes .. 48 hours is 422 naming the field', async () => {
    const r = await tokenFor('robot', { expirationSeconds: 60 });
    assert.equal(r.status, 422);
    assert.equal(r.body.details.causes[0].field, 'spec.expirationSeconds');
  });

  test('deleting and recreating the service account revokes its earlier tokens', async () => {
    await s.request('POST', `${NS}/serviceaccounts`, { body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'phoenix' } } });
    const token = (await tokenFor('phoenix')).body.status.token;
    assert.equal((await whoami(token)).status, 201);
    await s.request('DELETE', `${NS}/serviceaccounts/phoenix`);
    await s.request('POST', `${NS}/serviceaccounts`, { body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'phoenix' } } });
    assert.equal((await whoami(token)).status, 401);
  });

  test('a tampered token, a token for another audience and a token of a missing account are 401', async () => {
    const token: string = (await tokenFor('robot')).body.status.token;
    const [h, p, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims['kubernetes.io'].serviceaccount.name = 'other';
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    assert.equal((await whoami(forged)).status, 401);
    const vault = (await tokenFor('robot', { audiences: ['vault'] })).body.status.token;
    assert.equal((await whoami(vault)).status, 401);
    assert.equal((await tokenFor('nobody')).status, 404);
  });

  test('TokenReview answers for the audience asked; users without a grant cannot request tokens', async () => {
    const vault = (await tokenFor('robot', { audiences: ['vault'] })).body.status.token;
    const review = (token: string, audiences?: string[]) => s.request('POST', '/apis/authentication.k8s.io/v1/tokenreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token, ...(audiences ? { audiences } : {}) } } });
    const ok = await review(vault, ['vault']);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.status.authenticated, true);
    assert.equal(ok.body.status.user.username, 'system:serviceaccount:sat:robot');
    assert.equal((await review(vault)).body.status.authenticated, false);
    const alice = await s.request('POST', `${NS}/serviceaccounts/robot/token`, { as: 'alice', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} } });
    assert.equal(alice.status, 403);
  });
});
