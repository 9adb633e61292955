import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';
import { DeploymentDetail } from '../../../features/workloads/components/deployment-detail';
import { useObjectYaml } from './use-object-yaml';

/**
 * DeploymentRoute is one Deployment with its revisions, pods and events; scale, restart, undo, set image and delete show
 * only when the person's rules here allow them (SelfSubjectRulesReview), and the API enforces them anyway.
 */
export default function DeploymentRoute() {
  const { namespace = '', name = '' } = useParams();
  const yaml = useObjectYaml('apps', 'deployments', namespace, name);
  const rules = useRules(namespace);
  const allowed = {
    scale: can(rules.data, { verb: 'patch', group: 'apps', resource: 'deployments/scale', name }),
    patch: can(rules.data, { verb: 'patch', group: 'apps', resource: 'deployments', name }),
    delete: can(rules.data, { verb: 'delete', group: 'apps', resource: 'deployments', name }),
  };
  return (
    <>
      <PageHeader title={`Deployment ${name}`} namespace={namespace}>
        <Link to={paths.deployments.getHref(namespace)}>All deployments</Link>
      </PageHeader>
      <ObjectSections {...yaml}>
        <DeploymentDetail key={`${namespace}/${name}`} namespace={namespace} name={name} may={{ scale: allowed.scale, restart: allowed.patch, undo: allowed.patch, setImage: allowed.patch, delete: allowed.delete }} />
      </ObjectSections>
    </>
  );
}
