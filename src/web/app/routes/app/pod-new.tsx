import type { QueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { getServiceAccountNamesQueryOptions } from '../../../features/pods/api/get-service-account-names';
import { PodForm } from '../../../features/pods/components/pod-form';
import type { Manifest } from '../../../features/pods/utils/pod-draft';
import { getSecretSummariesQueryOptions, useSecretSummaries } from '../../../features/secrets/api/get-secret-summaries';

/** clientLoader starts loading what the form offers: the namespace's secrets and service accounts. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) {
    void queryClient.prefetchQuery(getSecretSummariesQueryOptions(params.namespace));
    void queryClient.prefetchQuery(getServiceAccountNamesQueryOptions(params.namespace));
  }
  return null;
};

/** CopyOf is the navigation state a copy arrives with (never secrets: only a spec and where it came from). */
interface CopyOf { copyOf?: Manifest; from?: string }

/** PodNewRoute is the pod form; it starts empty, or from a pod copied from another namespace. */
export default function PodNewRoute() {
  const { namespace = '' } = useParams();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as CopyOf;
  const secrets = useSecretSummaries(namespace);
  const copied = state.copyOf && typeof state.copyOf === 'object' ? state.copyOf : undefined;
  return (
    <>
      <PageHeader title="Create pod" namespace={namespace}>
        <Link to={paths.pods.getHref(namespace)}>All pods</Link>
      </PageHeader>
      {copied && (
        <p className="notice">
          Copied from pod <strong className="mono">{String(copied.metadata?.name ?? '')}</strong>{state.from ? <> in <strong className="mono">{state.from}</strong></> : null}.
          Secrets were not copied: any this namespace lacks are marked below.
        </p>
      )}
      {secrets.isError && !secrets.data && <p className="notice">The secrets of {namespace} could not be read, so secret mounts cannot be checked here; the server still checks them.</p>}
      <PodForm
        key={`${namespace}/${copied ? 'copy' : 'new'}`} namespace={namespace} secrets={secrets.data?.items} initial={copied}
        onCreated={(name) => void navigate(paths.pod.getHref(namespace, name))}
      />
    </>
  );
}
