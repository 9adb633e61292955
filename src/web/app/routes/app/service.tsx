import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { ServiceDetail } from '../../../features/workloads/components/other-details';
import { useObjectYaml } from './use-object-yaml';

/** ServiceRoute is one Service with the ready addresses of its EndpointSlices. */
export default function ServiceRoute() {
  const { namespace = '', name = '' } = useParams();
  const yaml = useObjectYaml('', 'services', namespace, name);
  return (
    <>
      <PageHeader title={`Service ${name}`} namespace={namespace}><Link to={paths.services.getHref(namespace)}>All services</Link></PageHeader>
      <ObjectSections {...yaml}><ServiceDetail key={`${namespace}/${name}`} namespace={namespace} name={name} /></ObjectSections>
    </>
  );
}
