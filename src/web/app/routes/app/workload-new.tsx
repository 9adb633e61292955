import type { QueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { getServiceAccountNamesQueryOptions } from '../../../features/pods/api/get-service-account-names';
import { PodForm } from '../../../features/pods/components/pod-form';
import { getSecretSummariesQueryOptions, useSecretSummaries } from '../../../features/secrets/api/get-secret-summaries';
import { useWorkloadTarget } from '../../../features/workloads/components/workload-form';

/** clientLoader starts loading what the pod-template form offers: the namespace's secrets and service accounts. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  if (params.namespace) {
    void queryClient.prefetchQuery(getSecretSummariesQueryOptions(params.namespace));
    void queryClient.prefetchQuery(getServiceAccountNamesQueryOptions(params.namespace));
  }
  return null;
};

/**
 * WorkloadNewRoute creates a Deployment or a Job (by the URL) from the same pod form as "Create pod":
 * profile picker, secret mounts, validation, YAML. The workloads feature wraps the pod as a template
 * and sends it; the pods feature keeps the form. They meet here, as features do (STYLE §12).
 */
export default function WorkloadNewRoute() {
  const { namespace = '' } = useParams();
  const navigate = useNavigate();
  const kind = useLocation().pathname.endsWith('/jobs/new') ? 'jobs' : 'deployments';
  const secrets = useSecretSummaries(namespace);
  const target = useWorkloadTarget(kind, namespace);
  const list = kind === 'jobs' ? paths.jobs.getHref(namespace) : paths.deployments.getHref(namespace);
  return (
    <>
      <PageHeader title={kind === 'jobs' ? 'Create job' : 'Create deployment'} namespace={namespace}>
        <Link to={list}>{kind === 'jobs' ? 'All jobs' : 'All deployments'}</Link>
      </PageHeader>
      {secrets.isError && !secrets.data && <p className="notice">The secrets of {namespace} could not be read, so secret mounts cannot be checked here; the server still checks them.</p>}
      <PodForm
        key={`${namespace}/${kind}`} namespace={namespace} secrets={secrets.data?.items} target={target}
        onCreated={(name) => void navigate(kind === 'jobs' ? paths.job.getHref(namespace, name) : paths.deployment.getHref(namespace, name))}
      />
    </>
  );
}
