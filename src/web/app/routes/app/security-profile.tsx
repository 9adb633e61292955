import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { useAccess } from '../../../features/permissions/api/get-access';
import { ProfileEditor } from '../../../features/profiles/components/profile-editor';

/** SecurityProfileRoute creates (/security-profiles/new) or edits one profile, with a form and YAML. */
export default function SecurityProfileRoute() {
  const { name } = useParams();
  const access = useAccess({
    save: name
      ? { verb: 'update', group: 'security.gatehouse.dev', resource: 'securityprofiles', name }
      : { verb: 'create', group: 'security.gatehouse.dev', resource: 'securityprofiles' },
  });
  return (
    <>
      <PageHeader title={name ? `Security profile ${name}` : 'New security profile'}>
        <Link to={paths.securityProfiles.getHref()}>All security profiles</Link>
      </PageHeader>
      {!access.isPending && <ProfileEditor key={name ?? ''} name={name} canSave={access.allowed.save} />}
    </>
  );
}
