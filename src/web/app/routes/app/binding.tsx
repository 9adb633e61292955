import { useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { BindingView } from '../../../features/grants/components/binding-view';
import { useAccess } from '../../../features/permissions/api/get-access';
import { useObjectYaml } from './use-object-yaml';

/** BindingRoute is one RoleBinding (/ns/:namespace/role-bindings/:name) or ClusterRoleBinding (/cluster-role-bindings/:name). */
export default function BindingRoute() {
  const { namespace, name = '' } = useParams();
  const kind = namespace ? 'RoleBinding' : 'ClusterRoleBinding';
  const resource = namespace ? 'rolebindings' : 'clusterrolebindings';
  const yaml = useObjectYaml('rbac.authorization.k8s.io', resource, namespace, name);
  const access = useAccess({ manage: { verb: 'delete', group: 'rbac.authorization.k8s.io', resource, ...(namespace ? { namespace } : {}), name } });
  return (
    <>
      <PageHeader title={`${kind} ${name}`} namespace={namespace} />
      <ObjectSections {...yaml}>
        <BindingView key={`${namespace ?? ''}/${name}`} kind={kind} namespace={namespace} name={name} canManage={access.allowed.manage} />
      </ObjectSections>
    </>
  );
}
