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

/** subresourceKind is the kind a subresource answers with: TokenRequest, Binding, autoscaling/v1 Scale, else the resource's own kind. */
function subresourceKind(r: ResourceDescriptor, sub: string): { group: string; version: string; kind: string } {
  if (sub === 'token') return { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };
  if (sub === 'binding') return { group: '', version: 'v1', kind: 'Binding' };
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  return { group: r.group, version: r.version, kind: r.kind };
}

/** subresourceVerbs are the verbs of a subresource: status and scale are read and written, the others only created. */
function subresourceVerbs(sub: string): string[] {
  return sub === 'status' || sub === 'scale' ? ['get', 'patch', 'update'] : ['create'];
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
  const subs = (r.subresources ?? []).map((sub) => ({ subresource: sub, responseKind: subresourceKind(r, sub), verbs: subresourceVerbs(sub) }));
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
      const k = subresourceKind(r, sub);
      out.push({ name: `${r.resource}/${sub}`, singularName: '', namespaced: r.namespaced, kind: k.kind, ...(k.group !== r.group ? { group: k.group, version: k.version } : {}), verbs: subresourceVerbs(sub) });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version: 'v1' }), resources: out };
}
