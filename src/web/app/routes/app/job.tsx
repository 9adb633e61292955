import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';
import { JobDetail } from '../../../features/workloads/components/other-details';
import { useObjectYaml } from './use-object-yaml';

/** JobRoute is one Job with its pods, conditions and events; Delete shows when the person's rules allow it (the API decides). */
export default function JobRoute() {
  const { namespace = '', name = '' } = useParams();
  const yaml = useObjectYaml('batch', 'jobs', namespace, name);
  const mayDelete = can(useRules(namespace).data, { verb: 'delete', group: 'batch', resource: 'jobs', name });
  return (
    <>
      <PageHeader title={`Job ${name}`} namespace={namespace}><Link to={paths.jobs.getHref(namespace)}>All jobs</Link></PageHeader>
      <ObjectSections {...yaml}><JobDetail key={`${namespace}/${name}`} namespace={namespace} name={name} mayDelete={mayDelete} /></ObjectSections>
    </>
  );
}
