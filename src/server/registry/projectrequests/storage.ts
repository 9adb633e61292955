// projectrequests (project.gatehouse.dev/v1, create only): self-service namespaces. The namespace goes
// through admission like any other (ranges, creator); the requester's `admin` binding in it is the
// system's own write, in the same transaction.

import type { KubeObject } from '../../../shared/api/meta';
import { ApiError, invalid, methodNotAllowed } from '../../http/status';
import { asProject } from '../projects/storage';
import type { Registry } from '../registry';
import { admit } from '../admit';
import { created, readBody, type ResourceStorage } from '../storage';
import { systemCreate } from '../system-create';

/** projectRequests creates a namespace for the caller and makes them its admin. */
export function projectRequests(registry: Registry): ResourceStorage {
  return {
    async serve(ctx) {
      if (ctx.info.verb !== 'create') throw methodNotAllowed('use POST');
      const body = await readBody(ctx, 256 * 1024) as { metadata?: { name?: unknown } } | undefined;
      const name = body?.metadata?.name;
      if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
        throw invalid('ProjectRequest', 'project.gatehouse.dev', String(name ?? ''), [{ field: 'metadata.name', message: 'Invalid value: must be a DNS-1123 label' }]);
      }
      const { store } = registry;
      if (store.get('/namespaces', '', name)) throw new ApiError(409, 'AlreadyExists', `projects.project.gatehouse.dev "${name}" already exists`, { name, group: 'project.gatehouse.dev', kind: 'projects' });
      const requester = ctx.user.username;
      const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name }, annotations: { 'openshift.io/requester': requester } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
      await admit(registry, ctx, { operation: 'CREATE', group: '', resource: 'namespaces', namespace: '', name, object: ns });
      return store.transaction(() => {
        const made = systemCreate(store, '/namespaces', '', ns);
        systemCreate(store, 'rbac.authorization.k8s.io/rolebindings', name, {
          apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
          metadata: { name: 'admin', namespace: name, annotations: { 'gatehouse.dev/created-by': requester } },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
          subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: requester }],
        } as KubeObject);
        return created(asProject(made));
      });
    },
  };
}
