import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../http/status';
import { secretUse } from './secret-use';
import { podRequest, testEnv, testPod, user } from '../testing/admission';

const mounting = (...names: string[]) => testPod('p', { volumes: names.map((n, i) => ({ name: `v${i}`, secret: { secretName: n } })) });
const refused = (re: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 403 && re.test(e.message);

describe('secret use admission', () => {
  it('developer holds use on secrets', () => {
    const env = testEnv();
    env.bind('alice', 'developer', 'team-a');
    secretUse({ authorizer: env.authorizer }).validate!(podRequest(env, user('alice'), 'team-a', mounting('db', 'api')));
  });
  it('without use, every missing secret is named once, with the fields in causes', () => {
    const env = testEnv();
    const pod = testPod('p', { imagePullSecrets: [{ name: 'pull' }], volumes: [{ name: 'v', secret: { secretName: 'db' } }], containers: [{ name: 'c', image: 'i', envFrom: [{ secretRef: { name: 'db' } }] }] });
    assert.throws(() => secretUse({ authorizer: env.authorizer }).validate!(podRequest(env, user('bob'), 'team-a', pod)), (e: unknown) => e instanceof ApiError && e.code === 403
      && /cannot use secrets "pull", "db" in the namespace "team-a"/.test(e.message) && e.details?.causes?.length === 3);
  });
  it('use by resourceName covers that secret only; the service account counts too', () => {
    const env = testEnv();
    env.role('bob', 'team-a', { verbs: ['use'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db'] });
    const plugin = secretUse({ authorizer: env.authorizer });
    plugin.validate!(podRequest(env, user('bob'), 'team-a', mounting('db')));
    assert.throws(() => plugin.validate!(podRequest(env, user('bob'), 'team-a', mounting('db', 'other'))), refused(/cannot use secret "other"/));
    assert.throws(() => plugin.validate!(podRequest(env, user('bob'), 'team-b', mounting('db'))), refused(/cannot use secret "db" in the namespace "team-b"/));
    env.role('system:serviceaccount:team-a:default', 'team-a', { verbs: ['use'], apiGroups: [''], resources: ['secrets'], resourceNames: ['other'] });
    plugin.validate!(podRequest(env, user('bob'), 'team-a', mounting('db', 'other')));
  });
  it('updates check only secrets the pod did not name before', () => {
    const env = testEnv();
    const plugin = secretUse({ authorizer: env.authorizer });
    plugin.validate!(podRequest(env, user('bob'), 'team-a', mounting('db'), 'UPDATE', mounting('db')));
    assert.throws(() => plugin.validate!(podRequest(env, user('bob'), 'team-a', mounting('db', 'new'), 'UPDATE', mounting('db'))), refused(/cannot use secret "new"/));
  });
});
