import { useLocation } from 'react-router';
import { getSecretSummariesQueryOptions } from '../../../features/secrets/api/get-secret-summaries';
import { SecretsView } from '../../../features/secrets/components/secrets-view';
import { NamespaceListPage, prefetchInNamespace } from './pages';

/** clientLoader starts loading the secret summaries while the page renders. */
export const clientLoader = prefetchInNamespace(getSecretSummariesQueryOptions);

/** SecretsRoute lists the namespace's secrets (summaries only); "Create secret" shows when the person may create secrets. */
export default function SecretsRoute() {
  // What the previous page did (e.g. "Deleted secret db."), announced once here.
  const done = (useLocation().state as { done?: string } | null)?.done;
  return (
    <NamespaceListPage
      title="Secrets" create={{ group: '', resource: 'secrets' }} view={(p) => <SecretsView {...p} />}
      before={done && <p role="status" className="success-message">{done}</p>}
    />
  );
}
