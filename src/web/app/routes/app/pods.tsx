import type { QueryClient } from '@tanstack/react-query';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { getPodsQueryOptions } from '../../../features/pods/api/get-pods';
import { PodsView } from '../../../features/pods/components/pods-view';
import { useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';

/** clientLoader starts loading the pods while the page renders (not awaited: the view has a loading state). */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) void queryClient.prefetchQuery(getPodsQueryOptions(params.namespace));
  return null;
};

/** PodsRoute is the live pod list of the namespace in the URL; "Create pod" shows when the person may create pods. */
export default function PodsRoute() {
  const { namespace = '' } = useParams();
  const rules = useRules(namespace);
  return (
    <>
      <PageHeader title="Pods" namespace={namespace} />
      <PodsView key={namespace} namespace={namespace} canCreate={can(rules.data, { verb: 'create', group: '', resource: 'pods' })} />
    </>
  );
}
