import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { RUN_AS_USER_STRATEGIES, GROUP_STRATEGIES, SELINUX_STRATEGIES, type SecurityProfile } from '../../../../shared/api/security';
import { Spinner } from '../../../components/ui/spinner';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import { paths } from '../../../config/paths';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { profileAllowances } from '../../../utils/profile-risks';
import { impactOf, useProfile, useSaveProfile } from '../api/profiles';
import { BOOL_FIELDS, emptyProfile, fromYaml, hostPathsToText, LIST_FIELDS, listToText, textToHostPaths, textToList, toYaml, validateProfile, withField } from './profile-form-model';
import { RiskBadges } from './risk-badges';

const num = (s: string): number | undefined => (s.trim() === '' || Number.isNaN(Number(s)) ? undefined : Number(s));

function Editor({ initial, isNew, canSave }: { initial: SecurityProfile; isNew: boolean; canSave: boolean }) {
  const id = useId();
  const navigate = useNavigate();
  const save = useSaveProfile();
  const [profile, setProfile] = useState(initial);
  const [yamlText, setYamlText] = useState(() => toYaml(initial));
  const [yamlError, setYamlError] = useState<string>();
  const [issues, setIssues] = useState<string[]>([]);
  const [saved, setSaved] = useState('');
  // The dry run's answer: whose automatic profile choice this write changes, shown before it is saved.
  const [impact, setImpact] = useState<string[]>();
  // Lists are edited as text; the text is kept while typing so commas and spaces are not eaten.
  const [texts, setTexts] = useState<Record<string, string>>({});

  const update = (next: SecurityProfile) => {
    setImpact(undefined);
    setProfile(next);
    setYamlText(toYaml(next));
    setYamlError(undefined);
    setSaved('');
  };
  const onYaml = (text: string) => {
    setYamlText(text);
    setSaved('');
    setImpact(undefined);
    const r = fromYaml(text);
    if (r.ok) { setProfile(r.value); setYamlError(undefined); setTexts({}); } else setYamlError(r.error);
  };
  const ru = profile.runAsUser ?? { type: 'MustRunAsRange' as const };
  const write = () => save.mutate({ profile, isNew }, {
    onSuccess: ({ profile: p }) => {
      setImpact(undefined);
      if (isNew) { void navigate(paths.securityProfile.getHref(p.metadata.name ?? ''), { replace: true }); return; }
      update(p);
      setSaved(`Saved profile ${p.metadata.name}.`);
    },
  });
  // Saving is two steps: a server dry run first (which also validates), then — if the profile would
  // change anyone's automatic choice — the person confirms having seen whose; otherwise it saves at once.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (yamlError) { setIssues([`YAML: ${yamlError}`]); return; }
    const found = validateProfile(profile);
    setIssues(found);
    if (found.length) return;
    save.mutate({ profile, isNew, dryRun: true }, {
      onSuccess: ({ warnings }) => {
        const changes = impactOf(warnings);
        if (changes.length) setImpact(changes);
        else write();
      },
    });
  };
  const serverCauses = isApiError(save.error, 422) ? (save.error.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message}`) : [];

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-t`} className="profile-editor">
      <h2 id={`${id}-t`} className="visually-hidden">{isNew ? 'New security profile' : `Edit ${profile.metadata.name}`}</h2>
      <div className="editor-columns">
        <fieldset className="panel" disabled={!canSave}>
          <legend className="panel-title">Form</legend>
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-name`}>Name</label>
              <input id={`${id}-name`} value={profile.metadata.name ?? ''} readOnly={!isNew} onChange={(e) => update({ ...profile, metadata: { ...profile.metadata, name: e.target.value.trim() } })} autoComplete="off" spellCheck={false} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-priority`}>Priority</label>
              <input id={`${id}-priority`} type="number" value={profile.priority ?? ''} onChange={(e) => update(withField(profile, 'priority', num(e.target.value)))} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-desc`}>Description</label>
            <input id={`${id}-desc`} value={profile.description ?? ''} onChange={(e) => update(withField(profile, 'description', e.target.value || undefined))} />
          </div>
          <fieldset className="checks">
            <legend>Allowances</legend>
            {BOOL_FIELDS.map((f) => (
              <label key={f.key} className={`checkbox${f.risky && profile[f.key] ? ' risky' : ''}`}>
                <input type="checkbox" checked={!!profile[f.key]} onChange={(e) => update(withField(profile, f.key, e.target.checked))} /> {f.label}
                {f.risky && profile[f.key] && <span className="badge badge-bad">Risky</span>}
              </label>
            ))}
          </fieldset>
          {LIST_FIELDS.map((f) => (
            <div className="field" key={f.key}>
              <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
              <input
                id={`${id}-${f.key}`} value={texts[f.key] ?? listToText(profile[f.key] as string[] | undefined)} spellCheck={false} autoComplete="off" aria-describedby={f.hint ? `${id}-${f.key}-hint` : undefined}
                onChange={(e) => { setTexts({ ...texts, [f.key]: e.target.value }); update(withField(profile, f.key, textToList(e.target.value) as never)); }}
              />
              {f.hint && <span id={`${id}-${f.key}-hint`} className="field-hint">{f.hint}</span>}
            </div>
          ))}
          <div className="field">
            <label htmlFor={`${id}-hostpaths`}>Allowed host paths</label>
            <textarea
              id={`${id}-hostpaths`} rows={2} value={texts.hostPaths ?? hostPathsToText(profile.allowedHostPaths)} spellCheck={false} aria-describedby={`${id}-hostpaths-hint`}
              onChange={(e) => { setTexts({ ...texts, hostPaths: e.target.value }); update(withField(profile, 'allowedHostPaths', textToHostPaths(e.target.value))); }}
            />
            <span id={`${id}-hostpaths-hint`} className="field-hint">One prefix per line; add :ro for read-only. Empty with hostPath volumes allowed means any path.</span>
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-ru`}>Run as user</label>
              <select id={`${id}-ru`} value={ru.type} onChange={(e) => update(withField(profile, 'runAsUser', { type: e.target.value as typeof ru.type }))}>
                {RUN_AS_USER_STRATEGIES.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </div>
            {ru.type === 'MustRunAs' && (
              <div className="field">
                <label htmlFor={`${id}-uid`}>UID</label>
                <input id={`${id}-uid`} type="number" min={0} value={ru.uid ?? ''} onChange={(e) => update(withField(profile, 'runAsUser', { ...ru, uid: num(e.target.value) }))} />
              </div>
            )}
            {(ru.type === 'MustRunAsRange' || ru.type === 'MustRunAs') && (
              <>
                <div className="field">
                  <label htmlFor={`${id}-umin`}>UID range from</label>
                  <input id={`${id}-umin`} type="number" min={0} value={ru.uidRangeMin ?? ''} placeholder="namespace range" onChange={(e) => update(withField(profile, 'runAsUser', { ...ru, uidRangeMin: num(e.target.value) }))} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-umax`}>UID range to</label>
                  <input id={`${id}-umax`} type="number" min={0} value={ru.uidRangeMax ?? ''} onChange={(e) => update(withField(profile, 'runAsUser', { ...ru, uidRangeMax: num(e.target.value) }))} />
                </div>
              </>
            )}
          </div>
          <div className="form-row">
            {([['fsGroup', 'fsGroup', GROUP_STRATEGIES], ['supplementalGroups', 'Supplemental groups', GROUP_STRATEGIES], ['seLinuxContext', 'SELinux', SELINUX_STRATEGIES]] as const).map(([key, label, options]) => (
              <div className="field" key={key}>
                <label htmlFor={`${id}-${key}`}>{label}</label>
                <select id={`${id}-${key}`} value={profile[key]?.type ?? ''} onChange={(e) => update(withField(profile, key, e.target.value ? { ...(profile[key] ?? {}), type: e.target.value } as never : undefined))}>
                  <option value="">Not set</option>
                  {options.map((s) => <option key={s} value={s}>{s}</option>)}
                </select>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="panel">
          <label htmlFor={`${id}-yaml`} className="panel-title block">YAML</label>
          <textarea
            id={`${id}-yaml`} className="yaml" value={yamlText} onChange={(e) => onYaml(e.target.value)} spellCheck={false} rows={28} readOnly={!canSave}
            aria-invalid={yamlError ? true : undefined} aria-describedby={`${id}-yaml-err`}
          />
          <p id={`${id}-yaml-err`} className="inline-error" role="alert">{yamlError ? `The YAML is not valid: ${yamlError}` : ''}</p>
        </div>
      </div>
      <section className="panel" aria-labelledby={`${id}-allows`}>
        <h3 id={`${id}-allows`} className="panel-title">What this profile allows</h3>
        <RiskBadges profile={profile} />
        <dl className="details allowances">
          {profileAllowances(profile).map((a) => <div key={a.label} className={a.risky ? 'risky' : undefined}><dt>{a.label}</dt><dd>{a.value}{a.risky && <span className="badge badge-bad">Risky</span>}</dd></div>)}
        </dl>
      </section>
      <div role="alert" className="form-error">
        {(issues.length > 0 || save.isError) && (
          <>
            <p>{issues.length ? 'The profile is not valid:' : errorMessage(save.error)}</p>
            <ul>{[...issues, ...serverCauses].map((i) => <li key={i}>{i}</li>)}</ul>
          </>
        )}
      </div>
      {impact && (
        <section className="warning-box" aria-labelledby={`${id}-impact`}>
          <h3 id={`${id}-impact`}>Before you {isNew ? 'create' : 'save'} it: {isNew ? 'this profile becomes' : 'this changes'} the automatic choice for</h3>
          <p>Pods that name no profile get the most restrictive one their creator or service account may use. With this profile:</p>
          <ul>{impact.map((c) => <li key={c}>{c}</li>)}</ul>
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={write} disabled={save.isPending}>{save.isPending && <Spinner />} {isNew ? 'Create profile anyway' : 'Save anyway'}</button>
            <button type="button" className="button" onClick={() => setImpact(undefined)}>Keep editing</button>
          </div>
        </section>
      )}
      {canSave && !impact && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>{save.isPending && <Spinner />} {isNew ? 'Create profile' : 'Save changes'}</button>
          <span role="status" className="form-progress">{save.isPending ? (save.variables?.dryRun ? 'Checking whose automatic choice it changes…' : 'Saving…') : saved}</span>
        </div>
      )}
    </form>
  );
}

/** ProfileEditor creates (no `name`) or edits a security profile through a form and a YAML view kept in sync. */
export function ProfileEditor({ name, canSave }: { name?: string; canSave: boolean }) {
  const q = useProfile(name);
  if (!name) return <Editor initial={emptyProfile()} isNew canSave={canSave} />;
  if (q.isPending) return <LoadingState label={`Loading profile ${name}…`} />;
  if (q.isError) return <ErrorState title="The profile could not be loaded" titles={{ 404: `There is no profile named ${name}` }} error={q.error} onRetry={() => void q.refetch()} />;
  return <Editor key={name} initial={q.data} isNew={false} canSave={canSave} />;
}
