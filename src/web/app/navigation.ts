import type { ResourceRule } from '../../shared/api/reviews';
import { paths } from '../config/paths';
import { can, type Permission } from '../lib/authz';

// Which views the nav offers, and why. A view is shown only when the API would let the person use it
// (DESIGN "The console"); hiding is a courtesy, the API enforces every rule regardless.

/** CLUSTER_QUESTIONS are the cluster-wide permissions asked with SelfSubjectAccessReview (a namespace's rules cannot answer them). */
export const CLUSTER_QUESTIONS = {
  securityProfiles: { verb: 'list', group: 'security.gatehouse.dev', resource: 'securityprofiles' },
  capabilityGrants: { verb: 'list', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
  users: { verb: 'list', group: 'iam.gatehouse.dev', resource: 'users' },
  namespaces: { verb: 'create', group: '', resource: 'namespaces' },
  nodes: { verb: 'list', group: '', resource: 'nodes' },
} as const satisfies Record<string, Permission>;

/** ClusterQuestion names one of CLUSTER_QUESTIONS. */
export type ClusterQuestion = keyof typeof CLUSTER_QUESTIONS;

/** Access is what the nav needs: the rules in the current namespace and the cluster-wide answers. */
export interface Access {
  rules: readonly ResourceRule[] | undefined;
  cluster: Record<ClusterQuestion, boolean>;
}

/** View is one entry of the nav. `href` takes the current namespace (ignored by cluster-wide views). */
export interface View {
  id: string;
  label: string;
  scope: 'namespace' | 'cluster';
  href: (namespace: string) => string;
  allowed: (a: Access) => boolean;
}

/** VIEWS is the nav, in order. Labels are the link names people (and tests) look for. */
export const VIEWS: readonly View[] = [
  {
    id: 'pods', label: 'Pods', scope: 'namespace', href: paths.pods.getHref,
    allowed: (a) => can(a.rules, { verb: 'list', group: '', resource: 'pods' }),
  },
  ...([
    ['deployments', 'Deployments', paths.deployments.getHref, 'apps', 'deployments'],
    ['jobs', 'Jobs', paths.jobs.getHref, 'batch', 'jobs'],
    ['services', 'Services', paths.services.getHref, '', 'services'],
    ['configmaps', 'Config maps', paths.configMaps.getHref, '', 'configmaps'],
  ] as const).map(([id, label, href, group, resource]): View => ({
    id, label, scope: 'namespace', href, allowed: (a) => can(a.rules, { verb: 'list', group, resource }),
  })),
  {
    // Developers see secrets only as summaries (never values); creating one is enough to need the view.
    id: 'secrets', label: 'Secrets', scope: 'namespace', href: paths.secrets.getHref,
    allowed: (a) => can(a.rules, { verb: 'list', group: 'security.gatehouse.dev', resource: 'secretsummaries' })
      || can(a.rules, { verb: 'create', group: '', resource: 'secrets' }),
  },
  {
    id: 'members', label: 'Members', scope: 'namespace', href: paths.members.getHref,
    allowed: (a) => can(a.rules, { verb: 'list', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' })
      && can(a.rules, { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' }),
  },
  {
    id: 'service-accounts', label: 'Service accounts', scope: 'namespace', href: paths.serviceAccounts.getHref,
    allowed: (a) => can(a.rules, { verb: 'create', group: '', resource: 'serviceaccounts' }),
  },
  {
    id: 'events', label: 'Events', scope: 'namespace', href: paths.events.getHref,
    allowed: (a) => can(a.rules, { verb: 'list', group: '', resource: 'events' }),
  },
  {
    // Pod Security labels live on the namespace object: offered to whoever may patch it here.
    id: 'namespace-settings', label: 'Namespace settings', scope: 'namespace', href: paths.namespaceSettings.getHref,
    allowed: (a) => can(a.rules, { verb: 'patch', group: '', resource: 'namespaces' }),
  },
  { id: 'security-profiles', label: 'Security profiles', scope: 'cluster', href: paths.securityProfiles.getHref, allowed: (a) => a.cluster.securityProfiles },
  { id: 'capability-grants', label: 'Capability grants', scope: 'cluster', href: paths.capabilityGrants.getHref, allowed: (a) => a.cluster.capabilityGrants },
  { id: 'namespaces', label: 'Namespaces', scope: 'cluster', href: paths.namespaces.getHref, allowed: (a) => a.cluster.namespaces },
  { id: 'nodes', label: 'Nodes', scope: 'cluster', href: paths.nodes.getHref, allowed: (a) => a.cluster.nodes },
  { id: 'users', label: 'Users', scope: 'cluster', href: paths.users.getHref, allowed: (a) => a.cluster.users },
  {
    // Everyone has an audit trail: admins see all events, project admins their namespaces, and any
    // signed-in person at least their own actions. So the view is always offered; its scope varies.
    id: 'audit', label: 'Audit', scope: 'cluster', href: paths.audit.getHref, allowed: () => true,
  },
];

/** visibleViews filters VIEWS by what `a` allows, keeping their order. */
export function visibleViews(a: Access): View[] {
  return VIEWS.filter((v) => v.allowed(a));
}
