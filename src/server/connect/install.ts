// Applying and removing the install manifests (manifests.ts) with an admin's kubeconfig: create, or
// replace what is there; uninstall deletes in reverse order, the webhooks first so that a cluster is
// never left calling a Gatehouse that is going away.

import YAML from 'yaml';
import type { KubeClient } from './kube-client';
import { ANNOTATIONS, type KubeObject } from '../../shared/api/meta';
import { blockAnnotations, lowestFree, usedBlocks } from '../admission/namespace-ranges';
import { installManifests, MANAGED_BY, SYSTEM_NAMESPACES, type InstallOptions } from './manifests';

const KINDS: Record<string, { plural: string; namespaced: boolean }> = {
  Namespace: { plural: 'namespaces', namespaced: false },
  Service: { plural: 'services', namespaced: true },
  APIService: { plural: 'apiservices', namespaced: false },
  RoleBinding: { plural: 'rolebindings', namespaced: true },
  CustomResourceDefinition: { plural: 'customresourcedefinitions', namespaced: false },
  ClusterRole: { plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { plural: 'clusterrolebindings', namespaced: false },
  SecurityProfile: { plural: 'securityprofiles', namespaced: false },
  MutatingWebhookConfiguration: { plural: 'mutatingwebhookconfigurations', namespaced: false },
  ValidatingWebhookConfiguration: { plural: 'validatingwebhookconfigurations', namespaced: false },
};

/** objectPath is the REST path of a manifest (collection when `collection`). */
export function objectPath(obj: any, collection = false): string {
  const k = KINDS[obj.kind];
  if (!k) throw new Error(`cannot apply kind ${obj.kind}`);
  const gv: string = obj.apiVersion;
  const prefix = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
  const ns = k.namespaced ? `/namespaces/${obj.metadata.namespace}` : '';
  return `${prefix}${ns}/${k.plural}${collection ? '' : `/${obj.metadata.name}`}`;
}

/** renderManifests prints the manifests as one YAML stream (for --dry-run and review). */
export function renderManifests(o: InstallOptions): string {
  return installManifests(o).map((m) => YAML.stringify(m)).join('---\n');
}

async function waitEstablished(client: KubeClient, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const c = await client.request<any>('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    if ((c?.status?.conditions ?? []).some((x: any) => x.type === 'Established' && x.status === 'True')) {
      // Discovery (and so the REST path of the new kind) follows Established shortly.
      for (let j = 0; j < 50; j++) {
        if (await client.request('GET', '/apis/security.gatehouse.dev/v1/securityprofiles', undefined, { allow404: true })) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`CRD ${name} did not become Established`);
}

/**
 * backfillRanges gives every namespace made before install (system ones excepted) a UID/group/MCS
 * block, as the admin running install: the patch passes Gatehouse's namespace webhook, which lets
 * cluster admins set ranges and checks they overlap no other namespace's.
 */
export async function backfillRanges(client: KubeClient): Promise<string[]> {
  const list = await client.request<any>('GET', '/api/v1/namespaces');
  const all: KubeObject[] = list.items ?? [];
  const used = usedBlocks(all);
  const out: string[] = [];
  for (const ns of all) {
    const name = ns.metadata.name ?? '';
    if (SYSTEM_NAMESPACES.includes(name) || ns.metadata.annotations?.[ANNOTATIONS.uidRange]) continue;
    const i = lowestFree(used);
    if (i === undefined) break;
    used.add(i);
    try {
      await client.request('PATCH', `/api/v1/namespaces/${name}`, { metadata: { annotations: blockAnnotations(i) } }, { contentType: 'application/merge-patch+json' });
      out.push(`namespace/${name} ranges allocated`);
    } catch (err) {
      out.push(`namespace/${name} ranges NOT allocated (${err instanceof Error ? err.message : String(err)}): start Gatehouse, then run install again`);
    }
  }
  return out;
}

/** install applies every manifest; returns one line per object. */
export async function install(client: KubeClient, o: InstallOptions): Promise<string[]> {
  const out: string[] = [];
  for (const m of installManifests(o)) {
    const existing = await client.request<any>('GET', objectPath(m), undefined, { allow404: true });
    if (existing) {
      await client.request('PUT', objectPath(m), { ...m, metadata: { ...m.metadata, resourceVersion: existing.metadata.resourceVersion } });
      out.push(`${m.kind.toLowerCase()}/${m.metadata.name} configured`);
    } else {
      await client.request('POST', objectPath(m, true), m);
      out.push(`${m.kind.toLowerCase()}/${m.metadata.name} created`);
    }
    if (m.kind === 'CustomResourceDefinition') await waitEstablished(client, m.metadata.name);
  }
  out.push(...(await backfillRanges(client)));
  return out;
}

/** uninstall deletes every object install made (found by label), webhooks first; returns one line per object. */
export async function uninstall(client: KubeClient): Promise<string[]> {
  const out: string[] = [];
  const selector = encodeURIComponent(Object.entries(MANAGED_BY).map(([k, v]) => `${k}=${v}`).join(','));
  const order = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'ClusterRoleBinding', 'ClusterRole', 'RoleBinding', 'Service', 'CustomResourceDefinition', 'Namespace'];
  const groups: Record<string, string> = {
    APIService: 'apiregistration.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1', Service: 'v1', Namespace: 'v1',
    MutatingWebhookConfiguration: 'admissionregistration.k8s.io/v1', ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
    ClusterRoleBinding: 'rbac.authorization.k8s.io/v1', ClusterRole: 'rbac.authorization.k8s.io/v1', CustomResourceDefinition: 'apiextensions.k8s.io/v1',
  };
  for (const kind of order) {
    // Namespaced kinds are listed across namespaces.
    const coll = KINDS[kind].namespaced ? `${groups[kind].includes('/') ? `/apis/${groups[kind]}` : `/api/${groups[kind]}`}/${KINDS[kind].plural}` : objectPath({ kind, apiVersion: groups[kind], metadata: {} }, true);
    const list = await client.request<any>('GET', `${coll}?labelSelector=${selector}`);
    for (const item of list.items ?? []) {
      await client.request('DELETE', objectPath({ kind, apiVersion: groups[kind], metadata: item.metadata }), undefined, { allow404: true });
      out.push(`${kind.toLowerCase()}/${item.metadata.name} deleted`);
    }
  }
  return out;
}
