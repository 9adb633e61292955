import { ServicesList } from '../../../features/workloads/components/workload-lists';
import { NamespaceListPage } from './pages';

/** ServicesRoute is the live Services list of the namespace. */
export default function ServicesRoute() {
  return <NamespaceListPage title="Services" view={({ namespace }) => <ServicesList namespace={namespace} />} />;
}
