import { useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';
import { JobDetail } from '../../../features/workloads/components/other-details';
import { paths } from '../../../config/paths';
import { ObjectPage, useObjectParams } from './pages';
import { useObjectYaml } from './use-object-yaml';

/** JobRoute is one Job with its pods, conditions and events; Delete shows when the person's rules allow it (the API decides). */
export default function JobRoute() {
  const { namespace, name } = useObjectParams();
  const yaml = useObjectYaml('batch', 'jobs', namespace, name);
  const mayDelete = can(useRules(namespace).data, { verb: 'delete', group: 'batch', resource: 'jobs', name });
  return (
    <ObjectPage title={`Job ${name}`} namespace={namespace} back={{ href: paths.jobs.getHref(namespace), label: 'All jobs' }} yaml={yaml}>
      <JobDetail key={`${namespace}/${name}`} namespace={namespace} name={name} mayDelete={mayDelete} />
    </ObjectPage>
  );
}
