import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { ActivityList } from '../../../components/audit/activity-list';
import { LIST_AUDIT_EVENTS } from '../../../components/audit/audit-filter';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useWhoami } from '../../../features/auth/api/get-whoami';
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
  return (
    <>
      <PageHeader title={`Service account ${name}`} namespace={namespace}>
        <Link to={paths.serviceAccounts.getHref(namespace)}>All service accounts</Link>
      </PageHeader>
      <ObjectSections {...yaml}>
        <ServiceAccountDetail key={`${namespace}/${name}`} namespace={namespace} name={name} canIssueToken={can(rules.data, { verb: 'create', group: '', resource: 'serviceaccounts/token', name })} />
        <h2>Recent actions of {name}</h2>
        <ActivityList label={`Recent actions of service account ${name}`} filter={{ serviceAccount: `${namespace}/${name}` }} namespace={namespace} canList={canListAudit} me={me} limit={20} />
      </ObjectSections>
    </>
  );
}
