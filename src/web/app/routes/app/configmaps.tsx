import { useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { ConfigMapsList } from '../../../features/workloads/components/workload-lists';

/** ConfigMapsRoute is the live ConfigMaps list of the namespace. */
export default function ConfigMapsRoute() {
  const { namespace = '' } = useParams();
  return (
    <>
      <PageHeader title="Config maps" namespace={namespace} />
      <ConfigMapsList key={namespace} namespace={namespace} />
    </>
  );
}
