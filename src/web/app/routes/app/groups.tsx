import { LinkTabs } from '../../../components/ui/link-tabs';
import { PageHeader } from '../../../components/ui/page-header';
import { useAccess } from '../../../features/permissions/api/get-access';
import { GroupsView } from '../../../features/users/components/groups-view';
import { USER_TABS } from './users';

const QUESTIONS = { manage: { verb: 'create', group: 'iam.gatehouse.dev', resource: 'groups' } };

/** GroupsRoute lists groups and their members (cluster admins). */
export default function GroupsRoute() {
  const access = useAccess(QUESTIONS);
  return (
    <>
      <PageHeader title="Groups" />
      <LinkTabs label="Users and groups" tabs={USER_TABS} current="groups" />
      <GroupsView canManage={access.allowed.manage} />
    </>
  );
}
