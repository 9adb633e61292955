import { Link, useParams } from 'react-router';
import { ActivityList } from '../../../components/audit/activity-list';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useWhoami } from '../../../features/auth/api/get-whoami';
import { ServiceAccountDetail } from '../../../features/service-accounts/components/service-account-detail';

/** ServiceAccountRoute is one service account: what it may use, the pods running as it, and its recent actions. */
export default function ServiceAccountRoute() {
  const { namespace = '', name = '' } = useParams();
  const me = useWhoami().data?.username;
  return (
    <>
      <PageHeader title={`Service account ${name}`} namespace={namespace}>
        <Link to={paths.serviceAccounts.getHref(namespace)}>All service accounts</Link>
      </PageHeader>
      <ServiceAccountDetail key={`${namespace}/${name}`} namespace={namespace} name={name} />
      <h2>Recent actions of {name}</h2>
      <ActivityList label={`Recent actions of service account ${name}`} filter={{ serviceAccount: `${namespace}/${name}` }} namespace={namespace} me={me} limit={20} />
    </>
  );
}
