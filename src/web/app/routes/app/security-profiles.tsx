import type { QueryClient } from '@tanstack/react-query';
import { PageHeader } from '../../../components/ui/page-header';
import { useAccess } from '../../../features/permissions/api/get-access';
import { getProfilesQueryOptions } from '../../../features/profiles/api/profiles';
import { ProfilesView } from '../../../features/profiles/components/profiles-view';

/** clientLoader starts loading the profiles while the page renders. */
export const clientLoader = (queryClient: QueryClient) => () => {
  void queryClient.prefetchQuery(getProfilesQueryOptions());
  return null;
};

const QUESTIONS = { create: { verb: 'create', group: 'security.gatehouse.dev', resource: 'securityprofiles' } };

/** SecurityProfilesRoute lists the security profiles and what each allows. */
export default function SecurityProfilesRoute() {
  const access = useAccess(QUESTIONS);
  return (
    <>
      <PageHeader title="Security profiles" />
      <ProfilesView canCreate={access.allowed.create} />
    </>
  );
}
