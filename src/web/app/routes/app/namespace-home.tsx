import type { QueryClient } from '@tanstack/react-query';
import { redirect, useParams, type LoaderFunctionArgs } from 'react-router';
import { EmptyState } from '../../../components/ui/states';
import { PageHeader } from '../../../components/ui/page-header';
import { getRulesQueryOptions } from '../../../features/permissions/api/get-rules';
import { VIEWS } from '../../navigation';

/** clientLoader opens the first view of the namespace the person may use. */
export const clientLoader = (queryClient: QueryClient) => async ({ params }: LoaderFunctionArgs) => {
  const namespace = params.namespace ?? '';
  let rules;
  try {
    rules = await queryClient.ensureQueryData(getRulesQueryOptions(namespace));
  } catch {
    return null;
  }
  const first = VIEWS.find((v) => v.scope === 'namespace' && v.allowed({ rules, cluster: { securityProfiles: false, capabilityGrants: false, users: false, namespaces: false, nodes: false } }));
  if (first) throw redirect(first.href(namespace));
  return null;
};

/** NamespaceHomeRoute is shown when the person may use none of the namespace's views. */
export default function NamespaceHomeRoute() {
  const { namespace = '' } = useParams();
  return (
    <>
      <PageHeader title={namespace} namespace={namespace} />
      <EmptyState title={`Nothing to show in ${namespace}`}>
        <p>You have no access to pods, secrets or members here. Ask a project admin of {namespace} to add you.</p>
      </EmptyState>
    </>
  );
}
