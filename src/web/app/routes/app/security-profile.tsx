import { Link, useParams } from 'react-router';
import { ObjectSections } from '../../../components/object-yaml/object-sections';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useAccess } from '../../../features/permissions/api/get-access';
import { ProfileEditor } from '../../../features/profiles/components/profile-editor';
import { useObjectYaml } from './use-object-yaml';

const GROUP = 'security.gatehouse.dev';

/** ExistingProfile is an existing profile's page: the form editor (Details) and the object's YAML view. */
function ExistingProfile({ name }: { name: string }) {
  const access = useAccess({ save: { verb: 'update', group: GROUP, resource: 'securityprofiles', name } });
  const yaml = useObjectYaml(GROUP, 'securityprofiles', undefined, name);
  return (
    <ObjectSections {...yaml}>
      {!access.isPending && <ProfileEditor key={name} name={name} canSave={access.allowed.save} />}
    </ObjectSections>
  );
}

/** NewProfile is the form for a new profile (/security-profiles/new). */
function NewProfile() {
  const access = useAccess({ save: { verb: 'create', group: GROUP, resource: 'securityprofiles' } });
  return !access.isPending ? <ProfileEditor key="" canSave={access.allowed.save} /> : null;
}

/** SecurityProfileRoute creates (/security-profiles/new) or edits one profile, with a form and YAML. */
export default function SecurityProfileRoute() {
  const { name } = useParams();
  return (
    <>
      <PageHeader title={name ? `Security profile ${name}` : 'New security profile'}>
        <Link to={paths.securityProfiles.getHref()}>All security profiles</Link>
      </PageHeader>
      {name ? <ExistingProfile name={name} /> : <NewProfile />}
    </>
  );
}
