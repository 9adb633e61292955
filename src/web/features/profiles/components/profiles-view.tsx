import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/states';
import { QueryFallback, ResourceTable } from '../../../components/ui/resource-table';
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
  if (q.data === undefined) return <QueryFallback query={q} loading="Loading security profiles…" errorTitle="The security profiles could not be loaded" errorTitles={{ 403: 'You cannot list security profiles' }} />;
  return (
    <div>
      <div className="toolbar">
        <p className="count">{q.data.length === 1 ? '1 profile' : `${q.data.length} profiles`}</p>
        {canCreate && <Link className="button button-primary" to={paths.newSecurityProfile.getHref()}>New profile</Link>}
      </div>
      {q.data.length === 0 ? <EmptyState title="No security profiles"><p>Without a profile no pod can be admitted.</p></EmptyState> : (
        <ResourceTable
          label="Security profiles and what each allows" className="wrap-table profiles-table" rows={q.data} rowKey={(p) => p.metadata.name ?? ''}
          rowClassName={(p) => (profileRisks(p).length > 0 ? 'row-risky' : undefined)}
          columns={[
            {
              header: 'Profile',
              cell: (p) => <><Link to={paths.securityProfile.getHref(p.metadata.name ?? '')}>{p.metadata.name}</Link>{p.description && <span className="field-hint block">{p.description}</span>}</>,
            },
            { header: 'Risky powers', cell: (p) => <RiskBadges profile={p} /> },
            { header: 'Run as user', cell: (p) => runAsUserText(p) },
            { header: 'Capabilities that may be added', cell: (p) => listToText(p.allowedCapabilities) || <span className="muted">None</span> },
            { header: 'Host paths', cell: (p) => ((p.volumes ?? []).some((v) => v === '*' || v === 'hostPath') ? ((p.allowedHostPaths ?? []).map((h) => h.pathPrefix).join(', ') || 'Any') : <span className="muted">None</span>) },
          ]}
        />
      )}
    </div>
  );
}
