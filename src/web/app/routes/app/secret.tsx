import type { QueryClient } from '@tanstack/react-query';
import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useAccess } from '../../../features/permissions/api/get-access';
import { useRules } from '../../../features/permissions/api/get-rules';
import { getSecretSummariesQueryOptions } from '../../../features/secrets/api/get-secret-summaries';
import { secretYamlSource } from '../../../features/secrets/api/secret-yaml';
import { SecretDetail } from '../../../features/secrets/components/secret-detail';
import { can } from '../../../lib/authz';
import { useObjectYaml } from './use-object-yaml';

/** clientLoader starts loading the summaries the detail is read from. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) void queryClient.prefetchQuery(getSecretSummariesQueryOptions(params.namespace));
  return null;
};

/**
 * SecretRoute is one secret's summary; replacing values shows when the person may patch secrets, and
 * Reveal when they may `get` this secret (asked of the API for this name; it enforces it anyway). Its
 * YAML view comes from the summary and edits labels only (features/secrets/api/secret-yaml).
 */
export default function SecretRoute() {
  const { namespace = '', name = '' } = useParams();
  const rules = useRules(namespace);
  const access = useAccess({ reveal: { verb: 'get', group: '', resource: 'secrets', namespace, name } });
  const yaml = useObjectYaml('', 'secrets', namespace, name, secretYamlSource);
  return (
    <>
      <PageHeader title={`Secret ${name}`} namespace={namespace}>
        <Link to={paths.secrets.getHref(namespace)}>All secrets</Link>
      </PageHeader>
      <ObjectSections {...yaml}>
        <SecretDetail
          key={`${namespace}/${name}`} namespace={namespace} name={name}
          canReplace={can(rules.data, { verb: 'patch', group: '', resource: 'secrets', name })}
          canDelete={can(rules.data, { verb: 'delete', group: '', resource: 'secrets', name })}
          canReveal={access.allowed.reveal}
        />
      </ObjectSections>
    </>
  );
}
