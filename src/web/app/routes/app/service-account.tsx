import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { ActivityList } from '../../../components/audit/activity-list';
import { LIST_AUDIT_EVENTS } from '../../../components/audit/audit-filter';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useWhoami } from '../../../features/auth/api/get-whoami';
import { useAccess } from '../../../features/permissions/api/get-access';
import { useCan, useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';
import { ServiceAccountDetail } from '../../../features/service-accounts/components/service-account-detail';
import { useObjectYaml } from './use-object-yaml';

/** ServiceAccountRoute is one service account: what it may use, the pods running as it, and its recent actions. */
export default function ServiceAccountRoute() {
  const { namespace = '', name = '' } = useParams();
  const me = useWhoami().data?.username;
  const rules = useRules(namespace);
  const yaml = useObjectYaml('', 'serviceaccounts', namespace, name);
  const canListAudit = useCan(namespace, LIST_AUDIT_EVENTS);
  const review = useCan(namespace, { verb: 'create', group: 'authorization.k8s.io', resource: 'localsubjectaccessreviews' });
  const secrets = useCan(namespace, { verb: 'list', group: 'security.gatehouse.dev', resource: 'secretsummaries' });
  const profiles = useAccess({ list: { verb: 'list', group: 'security.gatehouse.dev', resource: 'securityprofiles' } });
  const access = review === undefined || secrets === undefined || profiles.isPending ? undefined : { review, secrets, profiles: profiles.allowed.list };
  return (
    <>
      <PageHeader title={`Service account ${name}`} namespace={namespace}>
        <Link to={paths.serviceAccounts.getHref(namespace)}>All service accounts</Link>
      </PageHeader>
      <ObjectSections {...yaml}>
        <ServiceAccountDetail key={`${namespace}/${name}`} namespace={namespace} name={name} canIssueToken={can(rules.data, { verb: 'create', group: '', resource: 'serviceaccounts/token', name })} access={access} />
        <h2>Recent actions of {name}</h2>
        <ActivityList label={`Recent actions of service account ${name}`} filter={{ view: 'all', serviceAccount: `${namespace}/${name}` }} namespace={namespace} canList={canListAudit} me={me} limit={20} />
      </ObjectSections>
    </>
  );
}
