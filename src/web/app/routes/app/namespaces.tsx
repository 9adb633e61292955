import { PageHeader } from '../../../components/ui/page-header';
import { NamespacesView } from '../../../features/namespaces-admin/components/namespaces-view';
import { useAccess } from '../../../features/permissions/api/get-access';

const QUESTIONS = {
  create: { verb: 'create', group: '', resource: 'namespaces' },
  delete: { verb: 'delete', group: '', resource: 'namespaces' },
};

/** NamespacesRoute is the cluster admin's list of namespaces (create, delete). */
export default function NamespacesRoute() {
  const access = useAccess(QUESTIONS);
  return (
    <>
      <PageHeader title="Namespaces" />
      <NamespacesView canCreate={access.allowed.create} canDelete={access.allowed.delete} />
    </>
  );
}
