import type { QueryClient } from '@tanstack/react-query';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { paths } from '../../../config/paths';
import { useAccess } from '../../../features/permissions/api/get-access';
import { useRules } from '../../../features/permissions/api/get-rules';
import { getSecretSummariesQueryOptions } from '../../../features/secrets/api/get-secret-summaries';
import { secretYamlSource } from '../../../features/secrets/api/secret-yaml';
import { SecretDetail } from '../../../features/secrets/components/secret-detail';
import { can } from '../../../lib/authz';
import { useObjectYaml } from './use-object-yaml';
import { ObjectPage } from './pages';

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
    <ObjectPage title={`Secret ${name}`} namespace={namespace} back={{ href: paths.secrets.getHref(namespace), label: 'All secrets' }} yaml={yaml}>
        <SecretDetail
          key={`${namespace}/${name}`} namespace={namespace} name={name}
          canReplace={can(rules.data, { verb: 'patch', group: '', resource: 'secrets', name })}
          canDelete={can(rules.data, { verb: 'delete', group: '', resource: 'secrets', name })}
          canReveal={access.allowed.reveal}
        />
    </ObjectPage>
  );
}
