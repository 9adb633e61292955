import type { QueryClient } from '@tanstack/react-query';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { useRules } from '../../../features/permissions/api/get-rules';
import { getServiceAccountsQueryOptions } from '../../../features/service-accounts/api/service-accounts';
import { ServiceAccountsView } from '../../../features/service-accounts/components/service-accounts-view';
import { can } from '../../../lib/authz';

/** clientLoader starts loading the service accounts while the page renders. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) void queryClient.prefetchQuery(getServiceAccountsQueryOptions(params.namespace));
  return null;
};

/** ServiceAccountsRoute lists the service accounts of the namespace in the URL. */
export default function ServiceAccountsRoute() {
  const { namespace = '' } = useParams();
  const rules = useRules(namespace).data;
  return (
    <>
      <PageHeader title="Service accounts" namespace={namespace} />
      <ServiceAccountsView
        key={namespace} namespace={namespace}
        canCreate={can(rules, { verb: 'create', group: '', resource: 'serviceaccounts' })}
        canDelete={can(rules, { verb: 'delete', group: '', resource: 'serviceaccounts' })}
      />
    </>
  );
}
