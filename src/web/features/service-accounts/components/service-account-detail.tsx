import { Link } from 'react-router';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import { YesNo } from '../../../components/ui/yes-no';
import { paths } from '../../../config/paths';
import { profileRisks } from '../../../utils/profile-risks';
import { usePodsRunningAs, useServiceAccountUsage, type UsageAccess } from '../api/service-account-usage';
import { IssueTokenForm } from './issue-token-form';

/**
 * ServiceAccountDetail shows, for one service account, the security profiles and secrets it may use
 * (asked of the API as the service account, when the reader may ask: `access`, undefined while that is
 * checked) and the pods running as it.
 */
export function ServiceAccountDetail({ namespace, name, canIssueToken, access }: { namespace: string; name: string; canIssueToken?: boolean; access: UsageAccess | undefined }) {
  const usage = useServiceAccountUsage(namespace, name, access);
  const pods = usePodsRunningAs(namespace, name);
  const cannotAsk = access?.review === false;
  return (
    <div className="detail-grid">
      <section aria-labelledby="sa-profiles" className="panel">
        <h2 id="sa-profiles" className="panel-title">Security profiles it may use</h2>
        {cannotAsk && <p className="muted">You may not review what service accounts of {namespace} may use; a project admin can.</p>}
        {usage.isPending && !cannotAsk && <LoadingState label="Asking which profiles it may use…" />}
        {usage.isError && <ErrorState title="Could not check its profiles" error={usage.error} onRetry={() => void usage.refetch()} />}
        {usage.data && !usage.data.profiles && <p className="muted">You may not list security profiles.</p>}
        {usage.data?.profiles && (
          <table className="data-table wrap-table">
            <caption className="visually-hidden">Security profiles {name} may use</caption>
            <thead><tr><th scope="col">Profile</th><th scope="col">May use</th><th scope="col">Risky powers</th></tr></thead>
            <tbody>
              {usage.data.profiles.map((p) => {
                const risks = profileRisks(p.item);
                return (
                  <tr key={p.name}>
                    <th scope="row" className="cell-name">{p.name}</th>
                    <td><YesNo value={p.allowed} /></td>
                    <td>{risks.length ? risks.map((r) => <span key={r.id} className="badge badge-bad risk-badge" title={r.detail}>{r.label}</span>) : <span className="muted">None</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="sa-secrets" className="panel">
        <h2 id="sa-secrets" className="panel-title">Secrets it may use</h2>
        {cannotAsk && <p className="muted">You may not review what service accounts of {namespace} may use; a project admin can.</p>}
        {usage.isPending && !cannotAsk && <LoadingState label="Asking which secrets it may use…" />}
        {usage.data && !usage.data.secrets && <p className="muted">You may not list the secrets of {namespace}.</p>}
        {usage.data?.secrets && usage.data.secrets.length === 0 && <p className="muted">There are no secrets in {namespace}.</p>}
        {usage.data?.secrets && usage.data.secrets.length > 0 && (
          <table className="data-table wrap-table">
            <caption className="visually-hidden">Secrets {name} may use</caption>
            <thead><tr><th scope="col">Secret</th><th scope="col">May use</th></tr></thead>
            <tbody>
              {usage.data.secrets.map((s) => <tr key={s.name}><th scope="row" className="cell-name">{s.name}</th><td><YesNo value={s.allowed} /></td></tr>)}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="sa-pods" className="panel">
        <h2 id="sa-pods" className="panel-title">Pods running as {name}</h2>
        {pods.isPending && <LoadingState label="Loading pods…" />}
        {pods.isError && <ErrorState title="Could not list its pods" titles={{ 403: `You cannot list the pods of ${namespace}` }} error={pods.error} onRetry={() => void pods.refetch()} />}
        {pods.data && pods.data.length === 0 && <p className="muted">No pod runs as {name}.</p>}
        {pods.data && pods.data.length > 0 && (
          <ul className="plain-list">
            {pods.data.map((p) => (
              <li key={p.metadata.name}>
                <Link to={paths.pod.getHref(namespace, p.metadata.name ?? '')} className="mono">{p.metadata.name}</Link>{' '}
                <span className="muted">{p.status?.phase ?? 'Pending'}{p.metadata.annotations?.['gatehouse.dev/created-by'] ? `, started by ${p.metadata.annotations['gatehouse.dev/created-by']}` : ''}</span>
              </li>
            ))}
          </ul>
        )}
        <p><Link to={paths.pods.getHref(namespace)}>All pods in {namespace}</Link></p>
      </section>
      {canIssueToken && <IssueTokenForm namespace={namespace} name={name} />}
    </div>
  );
}
