import { Link, useParams, useSearchParams } from 'react-router';
import { ActivityList } from '../../../components/audit/activity-list';
import { LinkTabs } from '../../../components/ui/link-tabs';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useAccess } from '../../../features/permissions/api/get-access';
import { UserOverview } from '../../../features/users/components/user-detail';
import { UserWorkloads } from '../../../features/users/components/user-workloads';
import { startViewAs } from '../../../features/view-as/api/view-as';

const QUESTIONS = {
  manage: { verb: 'update', group: 'iam.gatehouse.dev', resource: 'users' },
  impersonate: { verb: 'impersonate', group: '', resource: 'users' },
  terminate: { verb: 'delete', group: '', resource: 'pods' },
};

/**
 * UserRoute is one person: their account (Overview), the workloads they started across namespaces
 * (with bulk terminate), and their activity from the audit trail. Removed users still have the last two.
 */
export default function UserRoute() {
  const { name = '' } = useParams();
  const [params] = useSearchParams();
  const tab = params.get('tab') === 'workloads' ? 'workloads' : params.get('tab') === 'activity' ? 'activity' : 'overview';
  const access = useAccess(QUESTIONS);
  const links = { user: (u: string) => paths.user.getHref(u, 'activity') };
  return (
    <>
      <PageHeader title={name}><Link to={paths.users.getHref()}>All users</Link></PageHeader>
      <LinkTabs
        label={`Sections of ${name}`} current={tab}
        tabs={[
          { id: 'overview', label: 'Overview', href: paths.user.getHref(name) },
          { id: 'workloads', label: 'Workloads', href: paths.user.getHref(name, 'workloads') },
          { id: 'activity', label: 'Activity', href: paths.user.getHref(name, 'activity') },
        ]}
      />
      {tab === 'overview' && <UserOverview key={name} name={name} canManage={access.allowed.manage} onViewAs={access.allowed.impersonate ? startViewAs : undefined} />}
      {tab === 'workloads' && <UserWorkloads key={name} user={name} canTerminate={access.allowed.terminate} />}
      {tab === 'activity' && (
        <>
          <h2>Activity of {name}</h2>
          <ActivityList key={name} label={`Activity of ${name}`} filter={{ originatingUser: name }} limit={100} links={links} />
        </>
      )}
    </>
  );
}
