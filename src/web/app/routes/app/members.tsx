import type { QueryClient } from '@tanstack/react-query';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { getRoleBindingsQueryOptions } from '../../../features/members/api/get-role-bindings';
import { MembersView } from '../../../features/members/components/members-view';
import { useAccess } from '../../../features/permissions/api/get-access';
import { useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';

/** clientLoader starts loading the namespace's bindings while the page renders. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) void queryClient.prefetchQuery(getRoleBindingsQueryOptions(params.namespace));
  return null;
};

const IMPERSONATE = { impersonate: { verb: 'impersonate', group: '', resource: 'users' } };

/** MembersRoute is who holds which role in the namespace in the URL (project admins). */
export default function MembersRoute() {
  const { namespace = '' } = useParams();
  const rules = useRules(namespace);
  const access = useAccess(IMPERSONATE);
  const canGrant = can(rules.data, { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' });
  return (
    <>
      <PageHeader title="Members" namespace={namespace} />
      <MembersView key={namespace} namespace={namespace} canGrant={canGrant} canImpersonate={access.allowed.impersonate} />
    </>
  );
}
