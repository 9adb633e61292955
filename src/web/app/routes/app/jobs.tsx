import { JobsList } from '../../../features/workloads/components/workload-lists';
import { NamespaceListPage } from './pages';

/** JobsRoute is the live Jobs list; "Create job" shows when the person may create jobs. */
export default function JobsRoute() {
  return <NamespaceListPage title="Jobs" create={{ group: 'batch', resource: 'jobs' }} view={(p) => <JobsList {...p} />} />;
}
