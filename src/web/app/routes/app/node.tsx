import type { QueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { getNodesQueryOptions } from '../../../features/nodes/api/nodes';
import { NodeDetail } from '../../../features/nodes/components/node-detail';
import { useObjectYaml } from './use-object-yaml';

/** clientLoader starts loading the nodes the detail is read from. */
export const clientLoader = (queryClient: QueryClient) => () => {
  void queryClient.prefetchQuery(getNodesQueryOptions());
  return null;
};

/** NodeRoute is one node's page. */
export default function NodeRoute() {
  const { name = '' } = useParams();
  const yaml = useObjectYaml('', 'nodes', undefined, name);
  return (
    <>
      <PageHeader title={`Node ${name}`}>
        <Link to={paths.nodes.getHref()}>All nodes</Link>
      </PageHeader>
      <ObjectSections {...yaml}>
        <NodeDetail key={name} name={name} />
      </ObjectSections>
    </>
  );
}
