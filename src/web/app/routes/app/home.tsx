import type { QueryClient } from '@tanstack/react-query';
import { Navigate, redirect } from 'react-router';
import { EmptyState } from '../../../components/ui/states';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { getNamespacesQueryOptions, preferredNamespace, useNamespaces } from '../../../features/namespaces/api/get-namespaces';

/** clientLoader sends people to their preferred namespace; the page itself shows only when they have none. */
export const clientLoader = (queryClient: QueryClient) => async () => {
  const ns = preferredNamespace(await queryClient.ensureQueryData(getNamespacesQueryOptions()));
  if (ns) throw redirect(paths.namespace.getHref(ns));
  return null;
};

/** HomeRoute explains what to do when the person may use no namespace yet, and moves on once they may. */
export default function HomeRoute() {
  const ns = preferredNamespace(useNamespaces().data ?? []);
  if (ns) return <Navigate to={paths.namespace.getHref(ns)} replace />;
  return (
    <>
      <PageHeader title="Welcome to Gatehouse" />
      <EmptyState title="You are not a member of any namespace yet">
        <p>Ask a project admin to add you to a namespace. The views you may use appear in the navigation.</p>
      </EmptyState>
    </>
  );
}
