import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestInfo } from './request-info';
import type { RequestInfo } from './request-info';

// Table tests of parseRequestInfo, mirroring k8s.io/apiserver/pkg/endpoints/request/requestinfo_test.go
// (TestGetAPIRequestInfo, TestGetNonAPIRequestInfo). Cases marked "gatehouse:" are deliberate differences.

function parse(method: string, url: string): RequestInfo {
  const u = new URL(url, 'https://localhost');
  return parseRequestInfo(method, u.pathname, u.searchParams);
}

type Want = Pick<RequestInfo, 'verb' | 'apiPrefix' | 'apiGroup' | 'apiVersion' | 'namespace' | 'resource' | 'subresource' | 'name' | 'parts'>;

/** w expands upstream's positional tuple (verb, prefix, group, version, namespace, resource, subresource, name, parts). */
const w = (verb: string, apiPrefix: string, apiGroup: string, apiVersion: string, namespace: string, resource: string, subresource: string, name: string, parts: string[]): Want => ({
  verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts,
});

const resourceCases: { name: string; method: string; url: string; want: Want }[] = [
  // Resource paths.
  { name: 'list namespaces', method: 'GET', url: '/api/v1/namespaces', want: w('list', 'api', '', 'v1', '', 'namespaces', '', '', ['namespaces']) },
  { name: 'get a namespace (its namespace is itself)', method: 'GET', url: '/api/v1/namespaces/other', want: w('get', 'api', '', 'v1', 'other', 'namespaces', '', 'other', ['namespaces', 'other']) },
  { name: 'list pods in a namespace', method: 'GET', url: '/api/v1/namespaces/other/pods', want: w('list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'get a pod', method: 'GET', url: '/api/v1/namespaces/other/pods/foo', want: w('get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']) },
  { name: 'HEAD a pod is get', method: 'HEAD', url: '/api/v1/namespaces/other/pods/foo', want: w('get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']) },
  { name: 'list pods in all namespaces', method: 'GET', url: '/api/v1/pods', want: w('list', 'api', '', 'v1', '', 'pods', '', '', ['pods']) },
  { name: 'HEAD a collection is list', method: 'HEAD', url: '/api/v1/pods', want: w('list', 'api', '', 'v1', '', 'pods', '', '', ['pods']) },
  { name: 'trailing slash is ignored', method: 'GET', url: '/api/v1/namespaces/other/pods/', want: w('list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'get a cluster-scoped object', method: 'GET', url: '/api/v1/nodes/n1', want: w('get', 'api', '', 'v1', '', 'nodes', '', 'n1', ['nodes', 'n1']) },
  {
    name: 'list in a named group', method: 'GET', url: '/apis/apps/v1/namespaces/ns/deployments',
    want: w('list', 'apis', 'apps', 'v1', 'ns', 'deployments', '', '', ['deployments']),
  },
  {
    name: 'cluster-scoped in a named group', method: 'GET', url: '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin',
    want: w('get', 'apis', 'rbac.authorization.k8s.io', 'v1', '', 'clusterroles', '', 'admin', ['clusterroles', 'admin']),
  },
  {
    // Upstream leaves the namespace empty here so that server-side apply can create a namespace; Gatehouse
    // treats PATCH like PUT (namespace = the object), which keeps RoleBinding scope the same for both verbs.
    name: 'gatehouse: PATCH a namespace keeps the namespace (upstream: "")', method: 'PATCH', url: '/api/v1/namespaces/new-namespace',
    want: w('patch', 'api', '', 'v1', 'new-namespace', 'namespaces', '', 'new-namespace', ['namespaces', 'new-namespace']),
  },

  // Watch.
  { name: 'watch=true', method: 'GET', url: '/api/v1/pods?watch=true', want: w('watch', 'api', '', 'v1', '', 'pods', '', '', ['pods']) },
  { name: 'watch=false', method: 'GET', url: '/api/v1/pods?watch=false', want: w('list', 'api', '', 'v1', '', 'pods', '', '', ['pods']) },
  { name: 'watch=1', method: 'GET', url: '/api/v1/namespaces/other/pods?watch=1', want: w('watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'watch=0', method: 'GET', url: '/api/v1/namespaces/other/pods?watch=0', want: w('list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'watch=True (Python client)', method: 'GET', url: '/api/v1/namespaces/other/pods?watch=True', want: w('watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'watch=FALSE', method: 'GET', url: '/api/v1/namespaces/other/pods?watch=FALSE', want: w('list', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'watch with an empty value is true', method: 'GET', url: '/api/v1/pods?watch=', want: w('watch', 'api', '', 'v1', '', 'pods', '', '', ['pods']) },
  { name: 'only the first watch value counts', method: 'GET', url: '/api/v1/pods?watch=false&watch=true', want: w('list', 'api', '', 'v1', '', 'pods', '', '', ['pods']) },
  {
    name: 'watch with other list options', method: 'GET', url: '/apis/apps/v1/namespaces/ns/deployments?labelSelector=app%3Dweb&watch=true&resourceVersion=10',
    want: w('watch', 'apis', 'apps', 'v1', 'ns', 'deployments', '', '', ['deployments']),
  },
  {
    // Upstream ignores ?watch on a named GET (verb get); Gatehouse serves it as a watch of that one object, so
    // it is authorized as `watch` with the name (a resourceNames rule can allow it).
    name: 'gatehouse: watch=true on a name is a named watch (upstream: get)', method: 'GET', url: '/api/v1/namespaces/other/pods/foo?watch=true',
    want: w('watch', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']),
  },
  // Legacy watch paths (upstream's specialVerbs): the `watch` segment is the verb.
  { name: 'legacy watch of a namespaced collection', method: 'GET', url: '/api/v1/watch/namespaces/other/pods', want: w('watch', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'legacy watch of one object', method: 'GET', url: '/api/v1/watch/namespaces/other/pods/foo', want: w('watch', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']) },
  { name: 'legacy watch across namespaces', method: 'GET', url: '/apis/rbac.authorization.k8s.io/v1/watch/rolebindings', want: w('watch', 'apis', 'rbac.authorization.k8s.io', 'v1', '', 'rolebindings', '', '', ['rolebindings']) },
  { name: 'legacy watch of a namespace', method: 'GET', url: '/api/v1/watch/namespaces/other', want: w('watch', 'api', '', 'v1', 'other', 'namespaces', '', 'other', ['namespaces', 'other']) },
  { name: 'watch=false on a name is get', method: 'GET', url: '/api/v1/namespaces/other/pods/foo?watch=false', want: w('get', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']) },
  { name: 'watch is ignored for DELETE', method: 'DELETE', url: '/api/v1/namespaces/other/pods?watch=true', want: w('deletecollection', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'watch is ignored for POST', method: 'POST', url: '/api/v1/namespaces/other/pods?watch=true', want: w('create', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  {
    // Upstream takes the name from fieldSelector=metadata.name=...; Gatehouse does not (more restrictive).
    name: 'gatehouse: a metadata.name field selector does not set the name', method: 'GET', url: '/apis/group/version/resource?fieldSelector=metadata.name%3Dname1',
    want: w('list', 'apis', 'group', 'version', '', 'resource', '', '', ['resource']),
  },

  // Subresources.
  { name: 'pod status', method: 'GET', url: '/api/v1/namespaces/other/pods/foo/status', want: w('get', 'api', '', 'v1', 'other', 'pods', 'status', 'foo', ['pods', 'foo', 'status']) },
  {
    name: 'extra parts after the subresource', method: 'GET', url: '/api/v1/namespaces/other/pods/foo/proxy/subpath',
    want: w('get', 'api', '', 'v1', 'other', 'pods', 'proxy', 'foo', ['pods', 'foo', 'proxy', 'subpath']),
  },
  { name: 'namespace finalize', method: 'PUT', url: '/api/v1/namespaces/other/finalize', want: w('update', 'api', '', 'v1', 'other', 'namespaces', 'finalize', 'other', ['namespaces', 'other', 'finalize']) },
  { name: 'namespace status (PUT)', method: 'PUT', url: '/api/v1/namespaces/other/status', want: w('update', 'api', '', 'v1', 'other', 'namespaces', 'status', 'other', ['namespaces', 'other', 'status']) },
  { name: 'namespace status (GET)', method: 'GET', url: '/api/v1/namespaces/foo/status', want: w('get', 'api', '', 'v1', 'foo', 'namespaces', 'status', 'foo', ['namespaces', 'foo', 'status']) },
  {
    name: 'scale in a named group', method: 'PATCH', url: '/apis/apps/v1/namespaces/ns/deployments/web/scale',
    want: w('patch', 'apis', 'apps', 'v1', 'ns', 'deployments', 'scale', 'web', ['deployments', 'web', 'scale']),
  },
  {
    name: 'serviceaccount token', method: 'POST', url: '/api/v1/namespaces/ns/serviceaccounts/builder/token',
    want: w('create', 'api', '', 'v1', 'ns', 'serviceaccounts', 'token', 'builder', ['serviceaccounts', 'builder', 'token']),
  },
  { name: 'cluster-scoped subresource', method: 'PUT', url: '/api/v1/nodes/n1/status', want: w('update', 'api', '', 'v1', '', 'nodes', 'status', 'n1', ['nodes', 'n1', 'status']) },

  // Verbs.
  { name: 'PATCH', method: 'PATCH', url: '/api/v1/namespaces/other/pods/foo', want: w('patch', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']) },
  { name: 'DELETE a name', method: 'DELETE', url: '/api/v1/namespaces/other/pods/foo', want: w('delete', 'api', '', 'v1', 'other', 'pods', '', 'foo', ['pods', 'foo']) },
  { name: 'POST', method: 'POST', url: '/api/v1/namespaces/other/pods', want: w('create', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'PUT', method: 'PUT', url: '/api/v1/namespaces/other/configmaps/c', want: w('update', 'api', '', 'v1', 'other', 'configmaps', '', 'c', ['configmaps', 'c']) },
  { name: 'DELETE a namespace', method: 'DELETE', url: '/api/v1/namespaces/other', want: w('delete', 'api', '', 'v1', 'other', 'namespaces', '', 'other', ['namespaces', 'other']) },
  { name: 'an unknown method has no verb', method: 'OPTIONS', url: '/api/v1/namespaces/other/pods', want: w('', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },

  // deletecollection.
  { name: 'deletecollection, cluster-scoped', method: 'DELETE', url: '/api/v1/nodes', want: w('deletecollection', 'api', '', 'v1', '', 'nodes', '', '', ['nodes']) },
  { name: 'deletecollection of namespaces', method: 'DELETE', url: '/api/v1/namespaces', want: w('deletecollection', 'api', '', 'v1', '', 'namespaces', '', '', ['namespaces']) },
  { name: 'deletecollection in a namespace', method: 'DELETE', url: '/api/v1/namespaces/other/pods', want: w('deletecollection', 'api', '', 'v1', 'other', 'pods', '', '', ['pods']) },
  {
    name: 'deletecollection in a named group', method: 'DELETE', url: '/apis/extensions/v1/namespaces/other/pods',
    want: w('deletecollection', 'apis', 'extensions', 'v1', 'other', 'pods', '', '', ['pods']),
  },

  // Group and version identification.
  { name: 'api group', method: 'POST', url: '/apis/extensions/v1/namespaces/other/pods', want: w('create', 'apis', 'extensions', 'v1', 'other', 'pods', '', '', ['pods']) },
  { name: 'api version', method: 'POST', url: '/apis/extensions/v1beta3/namespaces/other/pods', want: w('create', 'apis', 'extensions', 'v1beta3', 'other', 'pods', '', '', ['pods']) },

  // TestGetNonAPIRequestInfo: these are resource requests.
  { name: 'simple groupless', method: 'GET', url: '/api/version/resource', want: w('list', 'api', '', 'version', '', 'resource', '', '', ['resource']) },
  {
    name: 'simple group', method: 'GET', url: '/apis/group/version/resource/name/subresource',
    want: w('get', 'apis', 'group', 'version', '', 'resource', 'subresource', 'name', ['resource', 'name', 'subresource']),
  },
  { name: 'group get', method: 'GET', url: '/apis/batch/v1/job/foo', want: w('get', 'apis', 'batch', 'v1', '', 'job', '', 'foo', ['job', 'foo']) },

  // Escaped segments are decoded.
  { name: 'percent-encoded name', method: 'GET', url: '/api/v1/namespaces/other/configmaps/a%20b', want: w('get', 'api', '', 'v1', 'other', 'configmaps', '', 'a b', ['configmaps', 'a b']) },
];

describe('parseRequestInfo: resource requests', () => {
  for (const c of resourceCases) {
    it(`${c.method} ${c.url}: ${c.name}`, () => {
      const got = parse(c.method, c.url);
      assert.equal(got.isResourceRequest, true);
      assert.equal(got.path, new URL(c.url, 'https://localhost').pathname);
      const { verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts } = got;
      assert.deepEqual({ verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource, name, parts }, c.want);
    });
  }
});

const nonResourceCases: { name: string; method: string; url: string; verb: string }[] = [
  { name: 'root', method: 'GET', url: '/', verb: 'get' },
  { name: 'empty path', method: 'GET', url: '', verb: 'get' },
  { name: 'one step /api', method: 'GET', url: '/api', verb: 'get' },
  { name: 'not enough steps /api/version', method: 'GET', url: '/api/version', verb: 'get' },
  { name: 'just apiversion with a slash', method: 'GET', url: '/api/version/', verb: 'get' },
  { name: '/apis discovery', method: 'GET', url: '/apis', verb: 'get' },
  { name: 'group discovery /apis/<group>', method: 'GET', url: '/apis/apps', verb: 'get' },
  { name: 'group-version discovery', method: 'GET', url: '/apis/extensions/v1beta1', verb: 'get' },
  { name: 'group-version discovery with a slash', method: 'GET', url: '/apis/extensions/v1beta1/', verb: 'get' },
  { name: 'missing api group', method: 'GET', url: '/apis/version/resource', verb: 'get' },
  { name: 'bad root', method: 'GET', url: '/not-api/version/resource', verb: 'get' },
  { name: 'missing api prefix', method: 'GET', url: '/version/resource', verb: 'get' },
  { name: 'healthz', method: 'GET', url: '/healthz', verb: 'get' },
  { name: 'openapi', method: 'GET', url: '/openapi/v2', verb: 'get' },
  { name: 'POST keeps the lower-case method', method: 'POST', url: '/apis', verb: 'post' },
  { name: 'HEAD keeps the lower-case method', method: 'HEAD', url: '/version', verb: 'head' },
  { name: 'DELETE is not deletecollection', method: 'DELETE', url: '/metrics', verb: 'delete' },
  { name: 'watch=true does not make a watch', method: 'GET', url: '/apis?watch=true', verb: 'get' },
];

describe('parseRequestInfo: non-resource requests', () => {
  for (const c of nonResourceCases) {
    it(`${c.method} ${JSON.stringify(c.url)}: ${c.name}`, () => {
      const u = new URL(c.url || '/', 'https://localhost');
      const path = c.url === '' ? '' : u.pathname;
      const got = parseRequestInfo(c.method, path, u.searchParams);
      assert.equal(got.isResourceRequest, false);
      assert.equal(got.verb, c.verb);
      assert.equal(got.path, path);
      assert.equal(got.resource, '');
      assert.equal(got.namespace, '');
      assert.equal(got.name, '');
    });
  }
});

describe('parseRequestInfo: namespace confinement', () => {
  // The namespace of a Namespace object is the object itself, whatever the path says, so a RoleBinding in
  // one namespace never reaches another Namespace object.
  const table: { url: string; namespace: string; name: string; verb: string }[] = [
    { url: '/api/v1/namespaces/a/namespaces/b', namespace: 'b', name: 'b', verb: 'get' },
    { url: '/api/v1/namespaces/a/namespaces', namespace: '', name: '', verb: 'list' },
  ];
  for (const t of table) {
    it(t.url, () => {
      const got = parse('GET', t.url);
      assert.deepEqual({ resource: got.resource, namespace: got.namespace, name: got.name, verb: got.verb }, { resource: 'namespaces', namespace: t.namespace, name: t.name, verb: t.verb });
    });
  }
});
