import { useId, useMemo, useState, type FormEvent } from 'react';
import type { Subject } from '../../../../shared/api/rbac';
import { DNS1123_SUBDOMAIN } from '../../../../shared/api/meta';
import { Spinner } from '../../../components/ui/spinner';
import { ErrorState } from '../../../components/ui/states';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { useRoles, useServiceAccountNames } from '../api/get-role-bindings';
import { DEFAULT_CANDIDATES, roleRefKey, subjectExists, useGrantable, useGrantRole, type Grantability, type RoleRef } from '../api/grant-role';
import { missingInWords } from '../utils/rule-words';

const KINDS: { kind: Subject['kind']; label: string; nameLabel: string }[] = [
  { kind: 'User', label: 'User', nameLabel: 'User name' },
  { kind: 'Group', label: 'Group', nameLabel: 'Group name' },
  { kind: 'ServiceAccount', label: 'Service account', nameLabel: 'Service account name' },
];

const roleLabel = (r: RoleRef) => `${r.name}${r.kind === 'Role' ? ' (Role in this namespace)' : ''}`;

/** whyNot says in plain words why a role cannot be granted here (never a rule dump or a probe name). */
export function whyNot(g: Grantability): string {
  if (g.notFound) return `You cannot grant “${g.role.name}” here because that role does not exist; granting a role that does not exist needs the bind permission on it.`;
  return `You cannot grant “${g.role.name}” here because you do not hold: ${missingInWords(g.missing ?? [])}.`;
}

/** Unknown is a subject the server does not know, waiting for a deliberate "grant anyway". */
interface Unknown { kind: Subject['kind']; name: string }

/**
 * GrantForm grants a role to a user, group or service account. Only the roles the server would let
 * the caller grant are offered (one GrantReview decides, writing nothing); the others are listed with
 * the permissions the caller lacks, in plain words. A subject Gatehouse does not know (a typo such as
 * "alcie", or someone who will sign in through a provider later) is warned about before saving and
 * granted only with a deliberate "Grant anyway".
 */
export function GrantForm({ namespace, onDone }: { namespace: string; onDone?: (message: string) => void }) {
  const id = useId();
  const [kind, setKind] = useState<Subject['kind']>('User');
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const [unknown, setUnknown] = useState<Unknown>();
  const [checkingSubject, setCheckingSubject] = useState(false);
  const roles = useRoles(namespace);
  const sas = useServiceAccountNames(namespace);
  const candidates = useMemo<RoleRef[]>(() => [
    ...DEFAULT_CANDIDATES,
    ...(roles.data ?? []).map((r) => ({ kind: 'Role' as const, name: r.metadata.name ?? '' })).filter((r) => r.name),
  ], [roles.data]);
  const grantable = useGrantable(namespace, roles.isPending ? [] : candidates);
  const grant = useGrantRole(namespace);
  const allowed = (grantable.data ?? []).filter((g) => g.allowed);
  const refused = (grantable.data ?? []).filter((g) => !g.allowed);
  const selected = role || (allowed.some((g) => g.role.name === 'developer') ? 'ClusterRole/developer' : allowed[0] ? roleRefKey(allowed[0].role) : '');
  const meta = KINDS.find((k) => k.kind === kind)!;
  const checking = roles.isPending || grantable.isPending;

  const submit = async (e: FormEvent, anyway = false) => {
    e.preventDefault();
    if (grant.isPending || checkingSubject) return;
    const n = name.trim();
    if (!n) { setInvalid(`Enter the ${meta.nameLabel.toLowerCase()}.`); return; }
    if (kind === 'ServiceAccount' && !DNS1123_SUBDOMAIN.test(n)) { setInvalid('A service account name is lower-case letters, digits, "-" and ".".'); return; }
    const target = allowed.find((g) => roleRefKey(g.role) === selected)?.role;
    if (!target) { setInvalid('Choose a role.'); return; }
    setInvalid(undefined);
    const subject: Subject = kind === 'ServiceAccount' ? { kind, name: n, namespace } : { kind, name: n };
    // Before saving: does anyone by that name exist? Unknown subjects need a deliberate "Grant anyway".
    const confirmed = anyway && unknown?.kind === kind && unknown.name === n;
    if (!confirmed) {
      setCheckingSubject(true);
      let found: boolean | undefined;
      try { found = await subjectExists(namespace, subject); } catch { found = undefined; } finally { setCheckingSubject(false); }
      if (found === false) { setUnknown({ kind, name: n }); return; }
    }
    setUnknown(undefined);
    grant.mutate({ subject, role: target }, {
      onSuccess: () => {
        setName('');
        onDone?.(`Granted ${target.name} to ${meta.label.toLowerCase()} ${n} in ${namespace}.`);
      },
      // The roles may have changed since they were checked: check again, so the refusal is explained.
      onError: () => void grantable.refetch(),
    });
  };

  // A refused grant is explained from the review, in plain words; other errors are shown as the server says them.
  const refusedNow = grant.isError && isApiError(grant.error, 403) ? refused.find((g) => roleRefKey(g.role) === selected) : undefined;
  const message = invalid ?? (refusedNow ? whyNot(refusedNow) : grant.isError ? errorMessage(grant.error) : undefined);
  const unknownNow = unknown && unknown.kind === kind && unknown.name === name.trim() ? unknown : undefined;
  const kindWord = meta.label.toLowerCase();
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`} className="panel-title">Grant a role in {namespace}</h2>
      <fieldset className="radio-row">
        <legend>Subject kind</legend>
        {KINDS.map((k) => (
          <label key={k.kind} className="radio">
            <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} /> {k.label}
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{meta.nameLabel}</label>
          <input
            id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false}
            list={kind === 'ServiceAccount' ? `${id}-sas` : undefined} aria-invalid={invalid ? true : undefined} aria-describedby={`${id}-error`}
          />
          <datalist id={`${id}-sas`}>{(sas.data ?? []).map((s) => <option key={s} value={s} />)}</datalist>
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={selected} onChange={(e) => setRole(e.target.value)} disabled={checking || allowed.length === 0} aria-describedby={`${id}-roles-status`}>
            {checking && <option value="">Checking which roles you may grant…</option>}
            {!checking && allowed.length === 0 && <option value="">No role you may grant</option>}
            {allowed.map((g) => <option key={roleRefKey(g.role)} value={roleRefKey(g.role)}>{roleLabel(g.role)}</option>)}
          </select>
          <span id={`${id}-roles-status`} className="field-hint" role="status">
            {checking ? 'Asking the server which roles you may grant…' : (grantable.data ?? []).some((g) => g.unknown) ? 'The cluster decides when you grant.' : `You may grant ${allowed.length} of ${candidates.length} roles.`}
          </span>
        </div>
      </div>
      {grantable.isError && <ErrorState title="Could not check which roles you may grant" error={grantable.error} onRetry={() => void grantable.refetch()} />}
      <div id={`${id}-error`} role="alert" className="form-error">{message ? <span className="pre-wrap">{message}</span> : ''}</div>
      <div role="alert" className="subject-warning">
        {unknownNow && (
          <div className="warning-box">
            <p>
              <strong>There is no {kindWord} named “{unknownNow.name}”{kind === 'ServiceAccount' ? ` in ${namespace}` : ' in Gatehouse'}.</strong>{' '}
              Check the spelling. {kind === 'ServiceAccount'
                ? 'The grant would apply once a service account of that name is created.'
                : `If this is someone who will sign in later (for example through an identity provider), you can grant it anyway: the ${kindWord} gets the role as soon as they exist.`}
            </p>
            <button type="button" className="button" onClick={(e) => void submit(e, true)} disabled={grant.isPending}>Grant anyway</button>
          </div>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={grant.isPending || checking || checkingSubject}>
          {(grant.isPending || checkingSubject) && <Spinner />} Grant role
        </button>
        <span role="status" className="form-progress">{grant.isPending ? 'Granting…' : checkingSubject ? `Checking that the ${kindWord} exists…` : ''}</span>
      </div>
      {refused.length > 0 && (
        <section className="refused" aria-labelledby={`${id}-refused`}>
          <h3 id={`${id}-refused`}>Roles you cannot grant</h3>
          <ul>
            {refused.map((g) => (
              <li key={roleRefKey(g.role)}>
                <strong className="mono">{g.role.name}</strong>
                <p className="reason">{whyNot(g)}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </form>
  );
}
