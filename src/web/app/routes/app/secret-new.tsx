import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/page-header';
import { paths } from '../../../config/paths';
import { CreateSecretForm } from '../../../features/secrets/components/create-secret-form';

/** SecretNewRoute creates a secret; afterwards it opens the new secret's page. */
export default function SecretNewRoute() {
  const { namespace = '' } = useParams();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Create secret" namespace={namespace}>
        <Link to={paths.secrets.getHref(namespace)}>All secrets</Link>
      </PageHeader>
      <CreateSecretForm key={namespace} namespace={namespace} onCreated={(name) => void navigate(paths.secret.getHref(namespace, name))} />
    </>
  );
}
