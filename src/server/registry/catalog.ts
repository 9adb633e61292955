// The catalog of served resources on the server side: for each entry of the shared resource table
// (src/shared/api/resources.ts), its storage from its own folder `registry/<resource>/`: a stored
// resource's strategy (strategy.ts) and subresources, or a computed resource's storage (storage.ts).
// A stored resource missing from STRATEGY_SPECS gets the generic strategy. auditevents are served by
// the audit trail (audit/api.ts), which the composition root adds.

import type { Identity } from '../authn/identity';
import type { ServiceAccountTokens } from '../authn/service-account-tokens';
import type { RbacIndex } from '../authz/rbac';
import type { Authorizer } from '../authz/types';
import { storeBacked } from './generic';
import { grantReviews } from './grantreviews/storage';
import { localSubjectAccessReviews } from './localsubjectaccessreviews/storage';
import { podBinding } from './pods/binding';
import { containerSubresources } from './pods/containers';
import { projectRequests } from './projectrequests/storage';
import { projects } from './projects/storage';
import type { Registry } from './registry';
import { scaleSubresource } from './scale';
import type { Storages } from './router';
import type { ResourceStorage } from './storage';
import { secretSummaries } from './secretsummaries/storage';
import { profileReviews } from './securityprofilereviews/storage';
import { selfSubjectAccessReviews } from './selfsubjectaccessreviews/storage';
import { selfSubjectReviews } from './selfsubjectreviews/storage';
import { selfSubjectRulesReviews } from './selfsubjectrulesreviews/storage';
import { tokenRequest } from './serviceaccounts/token';
import type { StrategySpec } from './strategies';
import { resourceKey } from './strategies';
import { subjectAccessReviews } from './subjectaccessreviews/storage';
import { tokenReviews } from './tokenreviews/storage';
import { setPassword } from './users/password';
import { clusterRoleBindingStrategy } from './clusterrolebindings/strategy';
import { clusterRoleStrategy } from './clusterroles/strategy';
import { configMapStrategy } from './configmaps/strategy';
import { deploymentStrategy } from './deployments/strategy';
import { endpointSliceStrategy } from './endpointslices/strategy';
import { eventStrategy } from './events/strategy';
import { groupStrategy } from './groups/strategy';
import { jobStrategy } from './jobs/strategy';
import { leaseStrategy } from './leases/strategy';
import { namespaceStrategy } from './namespaces/strategy';
import { nodeStrategy } from './nodes/strategy';
import { podStrategy } from './pods/strategy';
import { podTemplateStrategy } from './podtemplates/strategy';
import { replicaSetStrategy } from './replicasets/strategy';
import { roleBindingStrategy } from './rolebindings/strategy';
import { roleStrategy } from './roles/strategy';
import { secretStrategy } from './secrets/strategy';
import { securityProfileStrategy } from './securityprofiles/strategy';
import { serviceAccountStrategy } from './serviceaccounts/strategy';
import { serviceStrategy } from './services/strategy';
import { userStrategy } from './users/strategy';

/** STRATEGY_SPECS are the stored resources' strategies by plural resource name. */
export const STRATEGY_SPECS: Record<string, StrategySpec> = {
  namespaces: namespaceStrategy,
  pods: podStrategy,
  secrets: secretStrategy,
  configmaps: configMapStrategy,
  serviceaccounts: serviceAccountStrategy,
  events: eventStrategy,
  nodes: nodeStrategy,
  services: serviceStrategy,
  leases: leaseStrategy,
  podtemplates: podTemplateStrategy,
  deployments: deploymentStrategy,
  replicasets: replicaSetStrategy,
  jobs: jobStrategy,
  endpointslices: endpointSliceStrategy,
  users: userStrategy,
  groups: groupStrategy,
  roles: roleStrategy,
  clusterroles: clusterRoleStrategy,
  rolebindings: roleBindingStrategy,
  clusterrolebindings: clusterRoleBindingStrategy,
  securityprofiles: securityProfileStrategy,
};

/** StorageDeps are what the storages need from the composition root. */
export interface StorageDeps {
  registry: Registry;
  identity: Identity;
  saTokens: ServiceAccountTokens;
  authorizer: Authorizer;
  /** rbacOnly is RBAC without the self-service rules (who is an admin of users). */
  rbacOnly: Authorizer;
  index: RbacIndex;
  privilegedGroups: string[];
}

/** createStorages builds the storage of every resource the embedded server serves (but auditevents). */
export function createStorages(deps: StorageDeps): Storages {
  const { registry, authorizer, identity, saTokens, index } = deps;
  const { store } = registry;
  const m: Storages = new Map();
  const subresources: Record<string, Parameters<typeof storeBacked>[2]> = {
    pods: { binding: (s) => podBinding(registry, s), ...containerSubresources(registry) },
    serviceaccounts: { token: () => tokenRequest(registry, saTokens) },
    users: { password: () => setPassword({ store, identity, rbacOnly: deps.rbacOnly }) },
  };
  for (const s of registry.strategies.values()) {
    const own = { ...subresources[s.desc.resource] };
    // Every resource whose table entry lists `scale` gets the one scale subresource (it reads and writes only spec.replicas).
    if (s.desc.subresources?.includes('scale')) own.scale = (st) => scaleSubresource(registry, st);
    m.set(s.key, storeBacked(registry, s, own));
  }
  const computed: [string, string, ResourceStorage][] = [
    ['authorization.k8s.io', 'selfsubjectaccessreviews', selfSubjectAccessReviews(authorizer)],
    ['authorization.k8s.io', 'subjectaccessreviews', subjectAccessReviews(authorizer)],
    ['authorization.k8s.io', 'localsubjectaccessreviews', localSubjectAccessReviews(authorizer)],
    ['authorization.k8s.io', 'selfsubjectrulesreviews', selfSubjectRulesReviews(index, deps.privilegedGroups)],
    ['authentication.k8s.io', 'selfsubjectreviews', selfSubjectReviews()],
    ['authentication.k8s.io', 'tokenreviews', tokenReviews({ identity, saTokens })],
    ['iam.gatehouse.dev', 'grantreviews', grantReviews({ store, authorizer, getRole: (kind, ns, name) => index.getRole(kind, ns, name) })],
    ['project.gatehouse.dev', 'projects', projects({ registry, authorizer, index })],
    ['project.gatehouse.dev', 'projectrequests', projectRequests(registry)],
    ['security.gatehouse.dev', 'secretsummaries', secretSummaries(store, { bookmarkMs: registry.bookmarkMs })],
    ['security.gatehouse.dev', 'securityprofilereviews', profileReviews({ store, authorizer })],
  ];
  for (const [group, resource, storage] of computed) m.set(resourceKey(group, resource), storage);
  return m;
}
