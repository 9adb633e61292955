import type { QueryClient } from '@tanstack/react-query';
import { PageHeader } from '../../../components/ui/page-header';
import { getNodesQueryOptions } from '../../../features/nodes/api/nodes';
import { NodesView } from '../../../features/nodes/components/nodes-view';

/** clientLoader starts loading the nodes while the page renders. */
export const clientLoader = (queryClient: QueryClient) => () => {
  void queryClient.prefetchQuery(getNodesQueryOptions());
  return null;
};

/** NodesRoute lists the nodes and the pods waiting for one. */
export default function NodesRoute() {
  return (
    <>
      <PageHeader title="Nodes" />
      <NodesView />
    </>
  );
}
