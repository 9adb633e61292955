import { DeploymentsList } from '../../../features/workloads/components/workload-lists';
import { NamespaceListPage } from './pages';

/** DeploymentsRoute is the live Deployments list; "Create deployment" shows when the person may create them. */
export default function DeploymentsRoute() {
  return <NamespaceListPage title="Deployments" create={{ group: 'apps', resource: 'deployments' }} view={(p) => <DeploymentsList {...p} />} />;
}
