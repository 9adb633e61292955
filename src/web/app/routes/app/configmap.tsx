import { ConfigMapDetail } from '../../../features/workloads/components/other-details';
import { paths } from '../../../config/paths';
import { ObjectPage, useObjectParams } from './pages';
import { useObjectYaml } from './use-object-yaml';

/** ConfigMapRoute is one ConfigMap: its values (not secret) and its YAML. */
export default function ConfigMapRoute() {
  const { namespace, name } = useObjectParams();
  const yaml = useObjectYaml('', 'configmaps', namespace, name);
  return (
    <ObjectPage title={`Config map ${name}`} namespace={namespace} back={{ href: paths.configMaps.getHref(namespace), label: 'All config maps' }} yaml={yaml}>
      <ConfigMapDetail key={`${namespace}/${name}`} namespace={namespace} name={name} />
    </ObjectPage>
  );
}
