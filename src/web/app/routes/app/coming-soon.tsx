import { useMatches, useParams } from 'react-router';
import { EmptyState } from '../../../components/ui/states';
import { PageHeader } from '../../../components/ui/page-header';
import type { RouteHandle } from '../../route-handle';

/** ComingSoonRoute stands in for views not built yet; its title comes from the route's handle. */
export default function ComingSoonRoute() {
  const matches = useMatches();
  const { namespace } = useParams();
  const title = (matches[matches.length - 1]?.handle as RouteHandle | undefined)?.title ?? 'Coming soon';
  return (
    <>
      <PageHeader title={title} namespace={namespace} />
      <EmptyState title="Coming soon">
        <p>This view is being built. Everything it will show is already available through the API and kubectl.</p>
      </EmptyState>
    </>
  );
}
