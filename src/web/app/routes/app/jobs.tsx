import { useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { useRules } from '../../../features/permissions/api/get-rules';
import { JobsList } from '../../../features/workloads/components/workload-lists';
import { can } from '../../../lib/authz';

/** JobsRoute is the live Jobs list; "Create job" shows when the person may create jobs. */
export default function JobsRoute() {
  const { namespace = '' } = useParams();
  const rules = useRules(namespace);
  return (
    <>
      <PageHeader title="Jobs" namespace={namespace} />
      <JobsList key={namespace} namespace={namespace} canCreate={can(rules.data, { verb: 'create', group: 'batch', resource: 'jobs' })} />
    </>
  );
}
