import { useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { useRules } from '../../../features/permissions/api/get-rules';
import { DeploymentsList } from '../../../features/workloads/components/workload-lists';
import { can } from '../../../lib/authz';

/** DeploymentsRoute is the live Deployments list; "Create deployment" shows when the person may create them. */
export default function DeploymentsRoute() {
  const { namespace = '' } = useParams();
  const rules = useRules(namespace);
  return (
    <>
      <PageHeader title="Deployments" namespace={namespace} />
      <DeploymentsList key={namespace} namespace={namespace} canCreate={can(rules.data, { verb: 'create', group: 'apps', resource: 'deployments' })} />
    </>
  );
}
