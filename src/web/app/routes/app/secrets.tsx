import type { QueryClient } from '@tanstack/react-query';
import { useLocation, useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { useRules } from '../../../features/permissions/api/get-rules';
import { getSecretSummariesQueryOptions } from '../../../features/secrets/api/get-secret-summaries';
import { SecretsView } from '../../../features/secrets/components/secrets-view';
import { can } from '../../../lib/authz';

/** clientLoader starts loading the secret summaries while the page renders. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) void queryClient.prefetchQuery(getSecretSummariesQueryOptions(params.namespace));
  return null;
};

/** SecretsRoute lists the namespace's secrets (summaries only); "Create secret" shows when the person may create secrets. */
export default function SecretsRoute() {
  const { namespace = '' } = useParams();
  const rules = useRules(namespace);
  // What the previous page did (e.g. "Deleted secret db."), announced once here.
  const done = (useLocation().state as { done?: string } | null)?.done;
  return (
    <>
      <PageHeader title="Secrets" namespace={namespace} />
      {done && <p role="status" className="success-message">{done}</p>}
      <SecretsView key={namespace} namespace={namespace} canCreate={can(rules.data, { verb: 'create', group: '', resource: 'secrets' })} />
    </>
  );
}
