// One web descriptor per resource (resource-api.ts, resources.ts): URLs and keys come from the shared table.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RESOURCES } from '../../shared/api/resources';
import { byName, compareByName, liveListQueryOptions } from './resource-api';
import { resources } from './resources';

describe('resource descriptors', () => {
  test('every web descriptor is a served resource with a schema', () => {
    for (const [name, r] of Object.entries(resources)) {
      const shared = RESOURCES.find((d) => d.group === r.group && d.resource === r.resource);
      assert.ok(shared, name);
      assert.equal(r.namespaced, shared.namespaced, name);
      assert.ok(r.schema, name);
    }
  });

  const paths: { name: string; got: string; want: string }[] = [
    { name: 'a namespaced collection', got: resources.pods.collectionPath('team-a'), want: '/api/v1/namespaces/team-a/pods' },
    { name: 'across namespaces', got: resources.pods.collectionPath(''), want: '/api/v1/pods' },
    { name: 'one object by name', got: resources.pods.collectionPath('team-a', byName('web')), want: '/api/v1/namespaces/team-a/pods?fieldSelector=metadata.name%3Dweb' },
    { name: 'label and field selector', got: resources.events.collectionPath('a', { label: 'app=x', field: 'reason=Failed' }), want: '/api/v1/namespaces/a/events?labelSelector=app%3Dx&fieldSelector=reason%3DFailed' },
    { name: 'a cluster-scoped object ignores the namespace', got: resources.users.path('team-a', 'bob', 'password'), want: '/apis/iam.gatehouse.dev/v1/users/bob/password' },
    { name: 'a group resource', got: resources.secretSummaries.path('a', 's'), want: '/apis/security.gatehouse.dev/v1/namespaces/a/secretsummaries/s' },
  ];
  for (const c of paths) test(`path: ${c.name}`, () => assert.equal(c.got, c.want));

  test('a live list is cached under the resource\'s list key, a selector making a view of its own', () => {
    assert.deepEqual(liveListQueryOptions(resources.pods, 'a').queryKey, ['resource', '', 'pods', 'a', 'list']);
    assert.deepEqual(liveListQueryOptions(resources.pods, 'a', { selector: byName('web') }).queryKey, ['resource', '', 'pods', 'a', 'list', '|metadata.name=web']);
    assert.deepEqual(liveListQueryOptions(resources.pods, 'a', { key: ['x'] }).queryKey, ['x']);
  });

  test('read parses leniently and names the kind when the answer is no object', () => {
    assert.equal(resources.users.read({ metadata: { name: 'bob' }, spec: { groups: [] }, fieldFromTheFuture: 1 }).metadata.name, 'bob');
    assert.throws(() => resources.users.read({ kind: 'Status' }), /sent a User the console could not read/);
  });

  test('compareByName orders by name, unnamed first', () => {
    const objs = [{ metadata: { name: 'b' } }, { metadata: {} }, { metadata: { name: 'a' } }];
    assert.deepEqual(objs.sort(compareByName).map((o) => o.metadata.name), [undefined, 'a', 'b']);
  });
});
