import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { ConfigMapDetail } from '../../../features/workloads/components/other-details';
import { useObjectYaml } from './use-object-yaml';

/** ConfigMapRoute is one ConfigMap: its values (not secret) and its YAML. */
export default function ConfigMapRoute() {
  const { namespace = '', name = '' } = useParams();
  const yaml = useObjectYaml('', 'configmaps', namespace, name);
  return (
    <>
      <PageHeader title={`Config map ${name}`} namespace={namespace}><Link to={paths.configMaps.getHref(namespace)}>All config maps</Link></PageHeader>
      <ObjectSections {...yaml}><ConfigMapDetail key={`${namespace}/${name}`} namespace={namespace} name={name} /></ObjectSections>
    </>
  );
}
