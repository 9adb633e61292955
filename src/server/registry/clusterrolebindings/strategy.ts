// A ClusterRoleBinding is a RoleBinding without a namespace: the same strategy.
export { roleBindingStrategy as clusterRoleBindingStrategy } from '../rolebindings/strategy';
