import { Link, useParams, useSearchParams } from 'react-router';
import { ActivityList } from '../../../components/audit/activity-list';
import { ObjectYaml } from '../../../components/object-yaml/object-sections';
import { LIST_AUDIT_EVENTS } from '../../../components/audit/audit-filter';
import { LinkTabs } from '../../../components/ui/link-tabs';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useWhoami } from '../../../features/auth/api/get-whoami';
import { useAccess } from '../../../features/permissions/api/get-access';
import { UserOverview } from '../../../features/users/components/user-detail';
import { UserWorkloads } from '../../../features/users/components/user-workloads';
import { startViewAs } from '../../../features/view-as/api/view-as';
import { LIST_WORKLOADS, mayListWorkloads } from './list-workloads';
import { useObjectYaml } from './use-object-yaml';

const QUESTIONS = {
  manage: { verb: 'update', group: 'iam.gatehouse.dev', resource: 'users' },
  impersonate: { verb: 'impersonate', group: '', resource: 'users' },
  terminate: { verb: 'delete', group: '', resource: 'pods' },
  scaleWorkloads: { verb: 'patch', group: 'apps', resource: 'deployments/scale' },
  deleteWorkloads: { verb: 'delete', group: 'apps', resource: 'deployments' },
  ...LIST_WORKLOADS,
  activity: LIST_AUDIT_EVENTS,
};

/**
 * UserRoute is one person: their account (Overview), the workloads they started across namespaces
 * (with bulk terminate), and their activity from the audit trail. Removed users still have the last two.
 */
export default function UserRoute() {
  const { name = '' } = useParams();
  const [params] = useSearchParams();
  const asked = params.get('tab');
  const tab = asked === 'workloads' || asked === 'activity' || asked === 'yaml' ? asked : 'overview';
  const yaml = useObjectYaml('iam.gatehouse.dev', 'users', undefined, name);
  const access = useAccess(QUESTIONS);
  const me = useWhoami().data?.username;
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
          { id: 'yaml', label: 'YAML', href: paths.user.getHref(name, 'yaml') },
        ]}
      />
      {tab === 'overview' && <UserOverview key={name} name={name} canManage={access.allowed.manage} onViewAs={access.allowed.impersonate ? startViewAs : undefined} />}
      {tab === 'yaml' && <ObjectYaml key={name} {...yaml} />}
      {tab === 'workloads' && <UserWorkloads key={name} user={name} canTerminate={access.allowed.terminate} may={{ list: mayListWorkloads(access.allowed), scale: access.allowed.scaleWorkloads, delete: access.allowed.deleteWorkloads }} />}
      {tab === 'activity' && (
        <>
          <h2>Activity of {name}</h2>
          <ActivityList
            key={name} label={`Activity of ${name}`} filter={{ originatingUser: name }} limit={100} links={links}
            canList={access.isPending ? undefined : access.allowed.activity} me={me === name ? me : undefined}
          />
        </>
      )}
    </>
  );
}
