import type { QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import type { Pod } from '../../../../shared/api/core';
import { ActivityList, podActivitySources } from '../../../components/audit/activity-list';
import { LIST_AUDIT_EVENTS } from '../../../components/audit/audit-filter';
import { paths } from '../../../config/paths';
import { useWhoami } from '../../../features/auth/api/get-whoami';
import { useNamespaces } from '../../../features/namespaces/api/get-namespaces';
import { useCan, useRules } from '../../../features/permissions/api/get-rules';
import { getPodQueryOptions } from '../../../features/pods/api/get-pod';
import { getPodEventsQueryOptions } from '../../../features/pods/api/get-pod-events';
import { CopyPodDialog } from '../../../features/pods/components/copy-pod-dialog';
import { PodDetail } from '../../../features/pods/components/pod-detail';
import { copyManifest } from '../../../features/pods/utils/copy-pod';
import { useSecretSummaries } from '../../../features/secrets/api/get-secret-summaries';
import { can } from '../../../lib/authz';
import { useObjectYaml } from './use-object-yaml';
import { ObjectPage } from './pages';

/** clientLoader starts loading the pod and its events while the page renders. */
export const clientLoader = (queryClient: QueryClient) => ({ params }: LoaderFunctionArgs) => {
  const { namespace, name } = params;
  if (namespace && name) {
    void queryClient.prefetchQuery(getPodQueryOptions(namespace, name));
    void queryClient.prefetchQuery(getPodEventsQueryOptions(namespace, name));
  }
  return null;
};

/** CopyState is the copy dialog's pod and chosen target namespace. */
interface CopyState { pod: Pod; target: string }

/**
 * PodRoute is one pod, live, with delete (when allowed), "copy to another namespace" (the target's
 * secrets come from the secrets feature; the copy opens the pod form there) and its audit trail.
 */
export default function PodRoute() {
  const { namespace = '', name = '' } = useParams();
  const navigate = useNavigate();
  const rules = useRules(namespace);
  const canListAudit = useCan(namespace, LIST_AUDIT_EVENTS);
  const me = useWhoami().data?.username;
  const namespaces = useNamespaces().data ?? [];
  const [copy, setCopy] = useState<CopyState>();
  const targetSecrets = useSecretSummaries(copy?.target ?? '');
  const yaml = useObjectYaml('', 'pods', namespace, name);
  return (
    <>
      <ObjectPage title={`Pod ${name}`} namespace={namespace} back={{ href: paths.pods.getHref(namespace), label: 'All pods' }} yaml={yaml}>
        <PodDetail
          key={`${namespace}/${name}`} namespace={namespace} name={name}
          canDelete={can(rules.data, { verb: 'delete', group: '', resource: 'pods' })}
          onCopy={(pod) => setCopy({ pod, target: '' })}
          activity={(pod) => (
            <ActivityList label={`Activity of pod ${name}`} sources={podActivitySources(namespace, name, pod.spec.serviceAccountName || 'default')} canList={canListAudit} me={me} limit={20} />
          )}
        />
      </ObjectPage>
      <CopyPodDialog
        pod={copy?.pod} namespaces={namespaces} target={copy?.target ?? ''}
        onTargetChange={(target) => setCopy((c) => (c ? { ...c, target } : c))}
        targetSecrets={{ names: targetSecrets.data?.items.map((s) => s.metadata.name ?? ''), error: targetSecrets.isError && !targetSecrets.data ? targetSecrets.error : undefined }}
        onCancel={() => setCopy(undefined)}
        onCopy={() => {
          if (!copy?.target) return;
          void navigate(paths.newPod.getHref(copy.target), { state: { copyOf: copyManifest(copy.pod), from: namespace } });
        }}
      />
    </>
  );
}
