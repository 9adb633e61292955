// projects (project.gatehouse.dev/v1, cluster-scoped, get/list/watch): the namespaces the caller can
// use — every namespace for whoever may list them cluster-wide, else those where the caller holds a
// role binding (like OpenShift projects). Create one through projectrequests.

import type { KubeObject } from '../../../shared/api/meta';
import { findResource } from '../../../shared/api/resources';
import type { UserInfo } from '../../authn/user';
import { subjectKeys, type RbacIndex } from '../../authz/rbac';
import { allows, type Authorizer } from '../../authz/types';
import { methodNotAllowed, notFound } from '../../http/status';
import type { Registry } from '../registry';
import { ok, type ResourceStorage } from '../storage';
import { makeStrategy } from '../strategies';
import { watchStored } from '../watch';

/** ProjectDeps are what the projects need: the namespaces (registry.store) and who may use which. */
export interface ProjectDeps { registry: Registry; authorizer: Authorizer; index: RbacIndex }

/** projectNamespaces lists the namespaces `user` can use (see the file comment). */
export function projectNamespaces(deps: ProjectDeps, user: UserInfo): KubeObject[] {
  const all = deps.registry.store.list('/namespaces');
  if (allows(deps.authorizer, user, { verb: 'list', group: '', resource: 'namespaces' })) return all;
  const keys = new Set(subjectKeys(user));
  return all.filter((ns) => {
    let found = false;
    deps.index.visitRules(user, ns.metadata.name!, (r) => {
      if (r.bindingKind === 'RoleBinding' && keys.size > 0) found = true;
      return found;
    });
    return found;
  });
}

/** asProject renders a namespace as a Project. */
export function asProject(ns: KubeObject): KubeObject {
  return { apiVersion: 'project.gatehouse.dev/v1', kind: 'Project', metadata: ns.metadata, spec: ns.spec, status: ns.status };
}

// A watch of projects is a watch of namespaces, each event's object rendered as a Project (asProject).
const watchStrategy = { ...makeStrategy({ ...findResource('', 'namespaces')!, group: 'project.gatehouse.dev', kind: 'Project' }), key: '/namespaces' };

/** projects serves get, list and watch of the caller's projects. */
export function projects(deps: ProjectDeps): ResourceStorage {
  return {
    async serve(ctx) {
      const { info } = ctx;
      const items = projectNamespaces(deps, ctx.user);
      if (info.verb === 'get') {
        const ns = items.find((n) => n.metadata.name === info.name);
        if (!ns) throw notFound('projects', 'project.gatehouse.dev', info.name);
        return ok(asProject(ns));
      }
      if (info.verb === 'list') {
        return ok({ kind: 'ProjectList', apiVersion: 'project.gatehouse.dev/v1', metadata: { resourceVersion: String(deps.registry.store.revision()) }, items: items.map(asProject) });
      }
      if (info.verb === 'watch') {
        // Scoped per event to the namespaces the caller can use now.
        const user = ctx.user;
        return watchStored(deps.registry, ctx, watchStrategy, () => true, { scope: (o) => projectNamespaces(deps, user).some((n) => n.metadata.name === o.metadata.name), view: asProject });
      }
      throw methodNotAllowed('projects are read-only; create a projectrequest');
    },
  };
}
