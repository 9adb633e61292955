import { useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { ServicesList } from '../../../features/workloads/components/workload-lists';

/** ServicesRoute is the live Services list of the namespace. */
export default function ServicesRoute() {
  const { namespace = '' } = useParams();
  return (
    <>
      <PageHeader title="Services" namespace={namespace} />
      <ServicesList key={namespace} namespace={namespace} />
    </>
  );
}
