import { RESOURCES, groupVersion, type ResourceDescriptor } from '../../shared/api/resources';

/** KUBE_VERSION is what /version reports; kubectl's dispatcher picks its client minor from it (1.32). */
export const KUBE_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-gatehouse', gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2026-11-26T00:00:00Z', goVersion: 'go1.23', compiler: 'gc', platform: 'linux/amd64' };

function groups(resources: ResourceDescriptor[]): Map<string, ResourceDescriptor[]> {
  const m = new Map<string, ResourceDescriptor[]>();
  for (const r of resources) {
    const list = m.get(r.group) ?? [];
    list.push(r);
    m.set(r.group, list);
  }
  return m;
}

function aggregatedResource(r: ResourceDescriptor): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames) out.shortNames = r.shortNames;
  if (r.categories) out.categories = r.categories;
  const subs = (r.subresources ?? []).map((sub) => ({
    subresource: sub,
    responseKind: sub === 'token' ? { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' } : sub === 'binding' ? { group: '', version: 'v1', kind: 'Binding' } : { group: r.group, version: r.version, kind: r.kind },
    verbs: sub === 'status' ? ['get', 'patch', 'update'] : ['create'],
  }));
  if (subs.length) out.subresources = subs;
  return out;
}

/** aggregatedDiscovery renders the APIGroupDiscoveryList for `/api` (core) or `/apis` (named groups), v2 or v2beta1. */
export function aggregatedDiscovery(core: boolean, version: 'v2' | 'v2beta1', resources = RESOURCES): Record<string, unknown> {
  const items = [...groups(resources)].filter(([g]) => (core ? g === '' : g !== '')).map(([g, rs]) => ({
    metadata: { name: g, creationTimestamp: null },
    versions: [{ version: 'v1', freshness: 'Current', resources: rs.map(aggregatedResource) }],
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

/** negotiateDiscovery picks the aggregated media type kubectl offers (v2, else v2beta1), or legacy. */
export function negotiateDiscovery(accept: string | undefined): 'v2' | 'v2beta1' | 'legacy' {
  const a = accept ?? '';
  if (/as=APIGroupDiscoveryList/.test(a)) {
    for (const part of a.split(',')) {
      if (/g=apidiscovery\.k8s\.io/.test(part) && /v=v2(;|$|\s)/.test(part) && /as=APIGroupDiscoveryList/.test(part)) return 'v2';
    }
    for (const part of a.split(',')) {
      if (/g=apidiscovery\.k8s\.io/.test(part) && /v=v2beta1/.test(part)) return 'v2beta1';
    }
  }
  return 'legacy';
}

/** legacyApiVersions is the `/api` APIVersions document. */
export function legacyApiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** legacyGroupList is the `/apis` APIGroupList document. */
export function legacyGroupList(resources = RESOURCES): Record<string, unknown> {
  const gs = [...groups(resources).keys()].filter((g) => g !== '');
  return {
    kind: 'APIGroupList', apiVersion: 'v1',
    groups: gs.map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } })),
  };
}

/** apiGroup is `/apis/<group>` (APIGroup). */
export function apiGroup(name: string): Record<string, unknown> {
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } };
}

/** resourceList is `/api/v1` or `/apis/<group>/v1` (APIResourceList), or undefined for an unknown group. */
export function resourceList(group: string, resources = RESOURCES): Record<string, unknown> | undefined {
  const rs = resources.filter((r) => r.group === group);
  if (rs.length === 0) return undefined;
  const out: Record<string, unknown>[] = [];
  for (const r of rs) {
    out.push({ name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, ...(r.shortNames ? { shortNames: r.shortNames } : {}), ...(r.categories ? { categories: r.categories } : {}) });
    for (const sub of r.subresources ?? []) {
      out.push({ name: `${r.resource}/${sub}`, singularName: '', namespaced: r.namespaced, kind: sub === 'token' ? 'TokenRequest' : sub === 'binding' ? 'Binding' : r.kind, ...(sub === 'token' ? { group: 'authentication.k8s.io', version: 'v1' } : {}), verbs: sub === 'status' ? ['get', 'patch', 'update'] : ['create'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version: 'v1' }), resources: out };
}

/** openApiRoot is `/openapi/v3`: one entry per group-version. */
export function openApiRoot(resources = RESOURCES): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const g of groups(resources).keys()) {
    const key = g ? `apis/${g}/v1` : 'api/v1';
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=gatehouse-v1` };
  }
  return { paths };
}

/**
 * openApiGroupVersion is the OpenAPI v3 document of one group-version: for each kind, a PATCH
 * operation with its GVK and the `fieldValidation` parameter, which is what kubectl checks to
 * decide that the server validates fields itself (so `create -f` and `apply` work with --validate=strict).
 */
export function openApiGroupVersion(group: string, resources = RESOURCES): Record<string, unknown> | undefined {
  const rs = resources.filter((r) => r.group === group && r.stored);
  if (!resources.some((r) => r.group === group)) return undefined;
  const paths: Record<string, unknown> = {};
  const prefix = group ? `/apis/${group}/v1` : '/api/v1';
  const params = [
    { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
    { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
    { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
  ];
  for (const r of rs) {
    const path = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}/{name}` : `${prefix}/${r.resource}/{name}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    paths[path] = {
      get: { 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': 'get', responses: {} },
      put: { 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': 'put', parameters: params, responses: {} },
      patch: { 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': 'patch', parameters: params, responses: {} },
    };
    const coll = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
    paths[coll] = { post: { 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': 'post', parameters: params, responses: {} } };
  }
  // Create-only virtual resources (reviews): kubectl looks for a PATCH with `fieldValidation` to learn
  // that the server validates fields, else it falls back to OpenAPI v2 (not served) and
  // `kubectl create -f review.yaml` fails. The entry only advertises server-side validation.
  for (const r of resources.filter((x) => x.group === group && !x.stored && x.verbs.includes('create'))) {
    const coll = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    paths[coll] = {
      post: { 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': 'post', parameters: params, responses: {} },
      patch: { 'x-kubernetes-group-version-kind': gvk, 'x-kubernetes-action': 'patch', parameters: params, responses: {} },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion }, paths, components: { schemas: {} } };
}
