import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { JobDetail } from '../../../features/workloads/components/other-details';
import { useObjectYaml } from './use-object-yaml';

/** JobRoute is one Job with its pods, conditions and events. */
export default function JobRoute() {
  const { namespace = '', name = '' } = useParams();
  const yaml = useObjectYaml('batch', 'jobs', namespace, name);
  return (
    <>
      <PageHeader title={`Job ${name}`} namespace={namespace}><Link to={paths.jobs.getHref(namespace)}>All jobs</Link></PageHeader>
      <ObjectSections {...yaml}><JobDetail key={`${namespace}/${name}`} namespace={namespace} name={name} /></ObjectSections>
    </>
  );
}
