import { useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { NamespaceSettings } from '../../../features/namespaces-admin/components/namespace-settings';
import { useRules } from '../../../features/permissions/api/get-rules';
import { can } from '../../../lib/authz';
import { useObjectYaml } from './use-object-yaml';

/** NamespaceSettingsRoute shows the namespace's ranges and edits its Pod Security labels (for those who may patch it). */
export default function NamespaceSettingsRoute() {
  const { namespace = '' } = useParams();
  const rules = useRules(namespace).data;
  const yaml = useObjectYaml('', 'namespaces', undefined, namespace);
  return (
    <>
      <PageHeader title="Namespace settings" namespace={namespace} />
      <ObjectSections {...yaml}>
        <NamespaceSettings key={namespace} namespace={namespace} canPatch={can(rules, { verb: 'patch', group: '', resource: 'namespaces' })} />
      </ObjectSections>
    </>
  );
}
