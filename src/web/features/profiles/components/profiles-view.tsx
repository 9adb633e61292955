import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { listToText } from './profile-form-model';
import { profileRisks, runAsUserText } from '../../../utils/profile-risks';
import { useProfiles } from '../api/profiles';
import { RiskBadges } from './risk-badges';

/**
 * ProfilesView lists the security profiles with what each allows — privileged, host namespaces, host
 * paths, capabilities, run-as-user — risky powers highlighted, most permissive rows marked.
 */
export function ProfilesView({ canCreate }: { canCreate: boolean }) {
  const q = useProfiles();
  if (q.isPending) return <LoadingState label="Loading security profiles…" />;
  if (q.isError) return <ErrorState title="The security profiles could not be loaded" titles={{ 403: 'You cannot list security profiles' }} error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div>
      <div className="toolbar">
        <p className="count">{q.data.length === 1 ? '1 profile' : `${q.data.length} profiles`}</p>
        {canCreate && <Link className="button button-primary" to={paths.newSecurityProfile.getHref()}>New profile</Link>}
      </div>
      {q.data.length === 0 ? <EmptyState title="No security profiles"><p>Without a profile no pod can be admitted.</p></EmptyState> : (
        <div className="table-wrap">
          <table className="data-table wrap-table profiles-table">
            <caption className="visually-hidden">Security profiles and what each allows</caption>
            <thead>
              <tr><th scope="col">Profile</th><th scope="col">Risky powers</th><th scope="col">Run as user</th><th scope="col">Capabilities that may be added</th><th scope="col">Host paths</th></tr>
            </thead>
            <tbody>
              {q.data.map((p) => {
                const name = p.metadata.name ?? '';
                const risky = profileRisks(p).length > 0;
                return (
                  <tr key={name} className={risky ? 'row-risky' : undefined}>
                    <th scope="row" className="cell-name">
                      <Link to={paths.securityProfile.getHref(name)}>{name}</Link>
                      {p.description && <span className="field-hint block">{p.description}</span>}
                    </th>
                    <td><RiskBadges profile={p} /></td>
                    <td>{runAsUserText(p)}</td>
                    <td>{listToText(p.allowedCapabilities) || <span className="muted">None</span>}</td>
                    <td>{(p.volumes ?? []).some((v) => v === '*' || v === 'hostPath') ? ((p.allowedHostPaths ?? []).map((h) => h.pathPrefix).join(', ') || 'Any') : <span className="muted">None</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
