import type { QueryClient } from '@tanstack/react-query';
import { LinkTabs } from '../../../components/ui/link-tabs';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useAccess } from '../../../features/permissions/api/get-access';
import { getUsersQueryOptions } from '../../../features/users/api/users';
import { UsersView } from '../../../features/users/components/users-view';
import { LIST_WORKLOADS, mayListWorkloads } from './list-workloads';
import { startViewAs } from '../../../features/view-as/api/view-as';

/** clientLoader starts loading the users while the page renders. */
export const clientLoader = (queryClient: QueryClient) => () => {
  void queryClient.prefetchQuery(getUsersQueryOptions());
  return null;
};

/** USER_TABS switch between users and groups. */
export const USER_TABS = [
  { id: 'users', label: 'Users', href: paths.users.getHref() },
  { id: 'groups', label: 'Groups', href: paths.groups.getHref() },
];

const QUESTIONS = {
  create: { verb: 'create', group: 'iam.gatehouse.dev', resource: 'users' },
  impersonate: { verb: 'impersonate', group: '', resource: 'users' },
  ...LIST_WORKLOADS,
};

/** UsersRoute lists users (cluster admins) with "view as" for those who may impersonate. */
export default function UsersRoute() {
  const access = useAccess(QUESTIONS);
  return (
    <>
      <PageHeader title="Users" />
      <LinkTabs label="Users and groups" tabs={USER_TABS} current="users" />
      <UsersView canCreate={access.allowed.create} canListWorkloads={mayListWorkloads(access.allowed)} onViewAs={access.allowed.impersonate ? startViewAs : undefined} />
    </>
  );
}
