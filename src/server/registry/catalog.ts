// The catalog of served resources on the server side: each stored resource's strategy, from its own
// folder (`registry/<resource>/strategy.ts`). A resource missing here gets the generic strategy.

import type { StrategySpec } from './strategies';
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
