import { useParams } from 'react-router';
import { paths } from '../../../config/paths';
import { useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';
import { DeploymentDetail } from '../../../features/workloads/components/deployment-detail';
import { useObjectYaml } from './use-object-yaml';
import { ObjectPage } from './pages';

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
    <ObjectPage title={`Deployment ${name}`} namespace={namespace} back={{ href: paths.deployments.getHref(namespace), label: 'All deployments' }} yaml={yaml}>
      <DeploymentDetail key={`${namespace}/${name}`} namespace={namespace} name={name} may={{ scale: allowed.scale, restart: allowed.patch, undo: allowed.patch, setImage: allowed.patch, delete: allowed.delete }} />
    </ObjectPage>
  );
}
