import type { SecurityProfile } from '../../../../shared/api/security';
import { profileRisks } from '../../../utils/profile-risks';

/** RiskBadges lists a profile's risky powers as labelled badges (the detail in a tooltip and for screen readers). */
export function RiskBadges({ profile }: { profile: SecurityProfile }) {
  const risks = profileRisks(profile);
  if (risks.length === 0) return <span className="badge badge-ok">No risky powers</span>;
  return (
    <ul className="risk-list" aria-label="Risky powers">
      {risks.map((r) => <li key={r.id}><span className="badge badge-bad risk-badge" title={r.detail}>{r.label}</span><span className="visually-hidden">: {r.detail}</span></li>)}
    </ul>
  );
}
