import { ServiceDetail } from '../../../features/workloads/components/other-details';
import { paths } from '../../../config/paths';
import { ObjectPage, useObjectParams } from './pages';
import { useObjectYaml } from './use-object-yaml';

/** ServiceRoute is one Service with the ready addresses of its EndpointSlices. */
export default function ServiceRoute() {
  const { namespace, name } = useObjectParams();
  const yaml = useObjectYaml('', 'services', namespace, name);
  return (
    <ObjectPage title={`Service ${name}`} namespace={namespace} back={{ href: paths.services.getHref(namespace), label: 'All services' }} yaml={yaml}>
      <ServiceDetail key={`${namespace}/${name}`} namespace={namespace} name={name} />
    </ObjectPage>
  );
}
