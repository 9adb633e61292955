import { ConfigMapsList } from '../../../features/workloads/components/workload-lists';
import { NamespaceListPage } from './pages';

/** ConfigMapsRoute is the live ConfigMaps list of the namespace. */
export default function ConfigMapsRoute() {
  return <NamespaceListPage title="Config maps" view={({ namespace }) => <ConfigMapsList namespace={namespace} />} />;
}
