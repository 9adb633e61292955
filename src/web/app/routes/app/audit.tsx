import { Link, useParams } from 'react-router';
import { LIST_AUDIT_EVENTS } from '../../../components/audit/audit-filter';
import { LoadingState } from '../../../components/ui/states';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useWhoami } from '../../../features/auth/api/get-whoami';
import { AuditView } from '../../../features/audit/components/audit-view';
import { preferredNamespace, useNamespaces } from '../../../features/namespaces/api/get-namespaces';
import { useAccess } from '../../../features/permissions/api/get-access';

/**
 * AuditRoute is the audit timeline, cluster-wide (/audit) or of one namespace (/ns/:namespace/audit).
 * What it shows follows what the reader may list: everything, the namespace, or only what they started.
 */
export default function AuditRoute() {
  const { namespace } = useParams();
  const whoami = useWhoami();
  const namespaces = useNamespaces();
  const access = useAccess({
    read: { ...LIST_AUDIT_EVENTS, ...(namespace ? { namespace } : {}) },
    users: { verb: 'get', group: 'iam.gatehouse.dev', resource: 'users' },
  });
  const me = whoami.data?.username;
  const other = namespace ? undefined : preferredNamespace(namespaces.data ?? []);
  const links = access.allowed.users ? { user: (u: string) => paths.user.getHref(u, 'activity') } : undefined;
  return (
    <>
      <PageHeader title="Audit" namespace={namespace}>
        {namespace
          ? <Link to={paths.audit.getHref()}>Cluster-wide timeline</Link>
          : other && <Link to={paths.namespaceAudit.getHref(other)}>Timeline of {other}</Link>}
      </PageHeader>
      {access.isPending || !me
        ? <LoadingState label="Checking what you may read…" />
        : <AuditView key={namespace ?? ''} scope={{ namespace, mine: access.allowed.read ? undefined : me }} links={links} />}
    </>
  );
}
