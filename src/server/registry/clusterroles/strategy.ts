// A ClusterRole has a Role's rules (and an aggregation rule): the same strategy.
export { roleStrategy as clusterRoleStrategy } from '../roles/strategy';
