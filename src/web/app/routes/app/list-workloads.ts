import type { AccessQuestion } from '../../../features/permissions/api/get-access';

/**
 * LIST_WORKLOADS are the questions behind the removed-user views' Deployments, ReplicaSets and Jobs:
 * listing each across namespaces. The views read them only when all three are allowed, so nobody's
 * console asks for lists it knows the API would refuse.
 */
export const LIST_WORKLOADS = {
  listDeployments: { verb: 'list', group: 'apps', resource: 'deployments' },
  listReplicaSets: { verb: 'list', group: 'apps', resource: 'replicasets' },
  listJobs: { verb: 'list', group: 'batch', resource: 'jobs' },
} satisfies Record<string, AccessQuestion>;

/** mayListWorkloads tells whether every LIST_WORKLOADS question was answered yes. */
export const mayListWorkloads = (allowed: Record<keyof typeof LIST_WORKLOADS, boolean>) => allowed.listDeployments && allowed.listReplicaSets && allowed.listJobs;
