import { useId } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { Spinner } from '../../../components/ui/spinner';
import type { ProfileVerdict, ReviewResult } from '../api/review-profiles';
import { effectiveSecurity, groupsLabel, uidLabel } from '../utils/pod-security';

/** ProfilePickerProps: the review (or its state), the chosen profile ('' = automatic) and who the service account is. */
export interface ProfilePickerProps {
  review: ReviewResult | undefined;
  /** stale is true while a newer review of the edited spec is on its way (the shown one is older). */
  stale: boolean;
  pending: boolean;
  error: unknown;
  /** blocked explains why the spec cannot be reviewed yet (it has errors), if so. */
  blocked?: string;
  value: string;
  serviceAccountName: string;
  onChange: (profile: string) => void;
  /** labelFor turns a field path into the form's label for it ("Privileged"), when the form has one. */
  labelFor: (path: string) => string | undefined;
}

function usableByText(v: ProfileVerdict, sa: string): string {
  const you = v.usableBy.includes('user');
  const account = v.usableBy.includes('serviceAccount');
  if (you && account) return `You and service account ${sa} may use it`;
  return you ? 'You may use it' : `Service account ${sa} may use it`;
}

/** willSet lists what admission would set under the profile: UID, groups and capability changes. */
function WillSet({ verdict }: { verdict: ProfileVerdict }) {
  const s = effectiveSecurity(verdict.podSpec);
  if (!s) return null;
  return (
    <dl className="will-set">
      <div><dt>UID</dt><dd>{uidLabel(s)}</dd></div>
      <div><dt>Groups</dt><dd>{groupsLabel(s)}</dd></div>
      <div><dt>Capabilities dropped</dt><dd>{s.capabilitiesDrop.length ? s.capabilitiesDrop.join(', ') : 'none'}</dd></div>
      {s.capabilitiesAdd.length > 0 && <div><dt>Capabilities added</dt><dd>{s.capabilitiesAdd.join(', ')}</dd></div>}
      {s.seccomp && <div><dt>Seccomp</dt><dd>{s.seccomp}</dd></div>}
    </dl>
  );
}

/**
 * ProfilePicker is a radio group of cards: "automatic" (admission picks the most restrictive profile
 * that admits the pod) and one card per profile the person or the service account may use. Each card
 * says whether the current spec passes, which fields fail and why, and what admission will set.
 */
export function ProfilePicker({ review, stale, pending, error, blocked, value, serviceAccountName, onChange, labelFor }: ProfilePickerProps) {
  const id = useId();
  const profiles = review?.profiles ?? [];
  const passing = profiles.filter((p) => p.allowed);
  const known = profiles.some((p) => p.name === value);
  const summary = blocked
    ? blocked
    : !review
      ? (error ? `The profiles could not be checked: ${errorMessage(error)}` : 'Checking the profiles…')
      : profiles.length === 0
        ? 'No security profile is usable here by you or this service account.'
        : passing.length === 0
          ? `None of the ${profiles.length} profiles you may use admits this pod.`
          : `${passing.length} of ${profiles.length} profiles admit this pod.`;

  return (
    <fieldset className="profile-picker" aria-describedby={`${id}-summary`} aria-busy={pending || stale}>
      <legend>Security profile</legend>
      <p id={`${id}-summary`} className={`picker-summary${review && passing.length === 0 && profiles.length ? ' picker-summary-bad' : ''}`} role="status">
        {(pending || stale) && !blocked && <Spinner />} {summary}
      </p>
      <div className="profile-cards">
        <div className={`profile-card${value === '' ? ' profile-card-selected' : ''}`}>
          <div className="profile-card-head">
            <input type="radio" id={`${id}-auto`} name={`${id}-profile`} value="" checked={value === ''} onChange={() => onChange('')} aria-describedby={`${id}-auto-desc`} />
            <label htmlFor={`${id}-auto`} className="profile-auto">Automatic</label>
          </div>
          <p id={`${id}-auto-desc`} className="profile-card-body">
            {review?.selected
              ? <>Admission picks the most restrictive profile that admits the pod: now <strong>{review.selected}</strong>.</>
              : 'Admission picks the most restrictive profile that admits the pod.'}
          </p>
        </div>
        {value !== '' && !known && review && (
          <div className="profile-card profile-card-selected profile-card-fail">
            <div className="profile-card-head">
              <input type="radio" id={`${id}-unknown`} name={`${id}-profile`} value={value} checked onChange={() => onChange(value)} aria-describedby={`${id}-unknown-badge ${id}-unknown-desc`} />
              <label htmlFor={`${id}-unknown`}>{value}</label>
              <span id={`${id}-unknown-badge`} className="badge badge-bad">Not usable</span>
            </div>
            <p id={`${id}-unknown-desc`} className="profile-card-body">Neither you nor service account {serviceAccountName} may use this profile here.</p>
          </div>
        )}
        {profiles.map((p) => {
          const descId = `${id}-${p.name}-desc`;
          return (
            <div key={p.name} className={`profile-card${value === p.name ? ' profile-card-selected' : ''}${p.allowed ? '' : ' profile-card-fail'}`}>
              <div className="profile-card-head">
                <input type="radio" id={`${id}-${p.name}`} name={`${id}-profile`} value={p.name} checked={value === p.name} onChange={() => onChange(p.name)} aria-describedby={`${descId}-badge ${descId}`} />
                <label htmlFor={`${id}-${p.name}`}>{p.name}</label>
                <span id={`${descId}-badge`} className={`badge ${p.allowed ? 'badge-ok' : 'badge-bad'}`}>{p.allowed ? 'Passes' : 'Fails'}</span>
              </div>
              <div id={descId} className="profile-card-body">
                <p className="muted">{usableByText(p, serviceAccountName)}.</p>
                {p.allowed
                  ? <><p className="will-set-title">Admission will set</p><WillSet verdict={p} /></>
                  : (
                    <ul className="reasons">
                      {p.reasons.map((r) => (
                        <li key={`${r.field}\n${r.message}`}>
                          <span className="reason-field">{labelFor(r.field) ?? <code>{r.field}</code>}</span>: {r.message}
                        </li>
                      ))}
                    </ul>
                  )}
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
