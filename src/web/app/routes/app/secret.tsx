import type { QueryClient } from '@tanstack/react-query';
import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useRules } from '../../../features/permissions/api/get-rules';
import { getSecretSummariesQueryOptions } from '../../../features/secrets/api/get-secret-summaries';
import { SecretDetail } from '../../../features/secrets/components/secret-detail';
import { can } from '../../../lib/authz';

/** clientLoader starts loading the summaries the detail is read from. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) void queryClient.prefetchQuery(getSecretSummariesQueryOptions(params.namespace));
  return null;
};

/** SecretRoute is one secret's summary; replacing values shows when the person may patch secrets. */
export default function SecretRoute() {
  const { namespace = '', name = '' } = useParams();
  const rules = useRules(namespace);
  return (
    <>
      <PageHeader title={`Secret ${name}`} namespace={namespace}>
        <Link to={paths.secrets.getHref(namespace)}>All secrets</Link>
      </PageHeader>
      <SecretDetail key={`${namespace}/${name}`} namespace={namespace} name={name} canReplace={can(rules.data, { verb: 'patch', group: '', resource: 'secrets', name })} canDelete={can(rules.data, { verb: 'delete', group: '', resource: 'secrets', name })} />
    </>
  );
}
