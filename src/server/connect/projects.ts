// projects (project.gatehouse.dev/v1) in connect mode: the namespaces of the real cluster that the
// signed-in person can use — all of them for whoever may list namespaces cluster-wide, else those
// where they may list pods — decided by the cluster's own RBAC through SubjectAccessReview.

import type { UserInfo } from '../authn/user';
import type { KubeClient } from './kube-client';

/** subjectAccess asks the real cluster whether `user` may do `attrs` (a SubjectAccessReview as Gatehouse). */
export async function subjectAccess(client: KubeClient, user: UserInfo, attrs: { verb: string; resource: string; group?: string; namespace?: string; name?: string; subresource?: string }): Promise<boolean> {
  const r = await client.request<any>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
    spec: {
      user: user.username, groups: user.groups, uid: user.uid, extra: user.extra,
      resourceAttributes: { verb: attrs.verb, group: attrs.group ?? '', resource: attrs.resource, namespace: attrs.namespace ?? '', name: attrs.name ?? '', subresource: attrs.subresource ?? '' },
    },
  });
  return r?.status?.allowed === true;
}

function asProject(ns: any): any {
  return { apiVersion: 'project.gatehouse.dev/v1', kind: 'Project', metadata: ns.metadata, spec: ns.spec, status: ns.status };
}

/** listProjects returns the ProjectList for `user`. */
export async function listProjects(client: KubeClient, user: UserInfo): Promise<any> {
  const list = await client.request<any>('GET', '/api/v1/namespaces');
  const all: any[] = list.items ?? [];
  let items = all;
  if (!(await subjectAccess(client, user, { verb: 'list', resource: 'namespaces' }))) {
    const ok = await Promise.all(all.map((ns) => subjectAccess(client, user, { verb: 'list', resource: 'pods', namespace: ns.metadata.name })));
    items = all.filter((_, i) => ok[i]);
  }
  return { kind: 'ProjectList', apiVersion: 'project.gatehouse.dev/v1', metadata: { resourceVersion: list.metadata?.resourceVersion ?? '' }, items: items.map(asProject) };
}
