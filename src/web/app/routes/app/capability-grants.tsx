import { PageHeader } from '../../../components/ui/page-header';
import { useAccess } from '../../../features/permissions/api/get-access';
import { GrantsView } from '../../../features/grants/components/grants-view';

const QUESTIONS = { manage: { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' } };

/** CapabilityGrantsRoute is who may use which security profile where (cluster admins). */
export default function CapabilityGrantsRoute() {
  const access = useAccess(QUESTIONS);
  return (
    <>
      <PageHeader title="Capability grants" />
      <p className="lede">Who may use which security profile, where — computed from every role and binding. Risky powers are highlighted; a grant can carry an expiry after which it gives nothing.</p>
      <GrantsView canManage={access.allowed.manage} />
    </>
  );
}
