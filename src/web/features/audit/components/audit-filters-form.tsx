import { useId, type FormEvent } from 'react';
import { fromLocalInput, isChangesView, toLocalInput, type AuditFilter } from '../../../components/audit/audit-filter';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate'];

/** AuditFiltersFormProps: `value` comes from the URL; `onApply` writes the new filter back to it. */
export interface AuditFiltersFormProps {
  value: AuditFilter;
  onApply: (f: AuditFilter) => void;
  /** namespaced hides the namespace filter (the page is one namespace's timeline). */
  namespaced?: boolean;
  /** mine fixes the originating user to the reader (they may read only their own actions). */
  mine?: string;
}

/**
 * AuditFiltersForm edits the timeline's filters. Nothing is fetched per keystroke: applying the form
 * (Enter or the button) updates the URL, which the timeline follows — so every filtered view is a link.
 */
export function AuditFiltersForm({ value, onApply, namespaced, mine }: AuditFiltersFormProps) {
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const get = (k: string) => String(form.get(k) ?? '').trim() || undefined;
    onApply({
      view: value.view,
      user: get('user'), originatingUser: mine ? undefined : get('originatingUser'), serviceAccount: get('serviceAccount'),
      namespace: namespaced ? undefined : get('namespace'), verb: get('verb'), resource: get('resource'), name: get('name'),
      decision: get('decision'), since: fromLocalInput(get('since') ?? '') || undefined, until: fromLocalInput(get('until') ?? '') || undefined,
      checks: form.get('checks') ? 'show' : value.view === 'all' ? undefined : value.checks,
    });
  };
  const field = (name: keyof AuditFilter, label: string, placeholder?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input id={`${id}-${name}`} name={name} defaultValue={value[name] ?? ''} placeholder={placeholder} autoComplete="off" spellCheck={false} />
    </div>
  );
  // Keyed by the URL's filter so Back/Forward and "Clear" reset the inputs.
  return (
    <form key={JSON.stringify(value)} className="filters" onSubmit={submit} aria-label="Audit filters">
      <div className="filters-grid">
        {field('user', 'User')}
        {mine
          ? <div className="field"><span className="field-label">Originating user</span><span className="field-static">{mine} (you)</span></div>
          : field('originatingUser', 'Originating user')}
        {field('serviceAccount', 'Service account', 'namespace/name')}
        {!namespaced && field('namespace', 'Namespace')}
        <div className="field">
          <label htmlFor={`${id}-verb`}>Verb</label>
          <select id={`${id}-verb`} name="verb" defaultValue={value.verb ?? ''}>
            <option value="">Any verb</option>
            {VERBS.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </div>
        {field('resource', 'Resource', 'e.g. pods')}
        {field('name', 'Object name')}
        <div className="field">
          <label htmlFor={`${id}-decision`}>Decision</label>
          <select id={`${id}-decision`} name="decision" defaultValue={value.decision ?? ''}>
            <option value="">Any decision</option>
            <option value="allow">Allowed by authorization</option>
            <option value="forbid">Forbidden by authorization</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-since`}>From</label>
          <input id={`${id}-since`} name="since" type="datetime-local" defaultValue={toLocalInput(value.since)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-until`}>To</label>
          <input id={`${id}-until`} name="until" type="datetime-local" defaultValue={toLocalInput(value.until)} />
        </div>
      </div>
      {!isChangesView(value) && (
        <label className="checkbox filters-check">
          <input type="checkbox" name="checks" defaultChecked={value.checks === 'show'} /> Include permission checks (the console’s own access reviews)
        </label>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary">Apply filters</button>
        <button type="button" className="button" onClick={() => onApply({ view: value.view })}>Clear filters</button>
      </div>
    </form>
  );
}

/** VIEWS are the two ways to read the timeline; "changes" is the default (no `view` in the URL). */
const VIEWS = [
  { id: 'changes', label: 'Changes', hint: 'creates, updates, patches and deletes — not reads, dry runs or permission checks' },
  { id: 'all', label: 'All requests', hint: 'reads, dry runs and everything else too' },
] as const;

/**
 * AuditViewSwitch chooses between "Changes" (what was changed, the default) and "All requests". One
 * click (or an arrow key) applies it; the choice is kept in the URL like the other filters.
 */
export function AuditViewSwitch({ value, onApply }: { value: AuditFilter; onApply: (f: AuditFilter) => void }) {
  const id = useId();
  const current = isChangesView(value) ? 'changes' : 'all';
  return (
    <fieldset className="radio-row view-switch">
      <legend>Show</legend>
      {VIEWS.map((v) => (
        <label key={v.id} className="radio">
          <input
            type="radio" name={`${id}-view`} value={v.id} checked={current === v.id} aria-describedby={`${id}-${v.id}`}
            onChange={() => onApply({ ...value, view: v.id === 'all' ? 'all' : undefined })}
          />
          {v.label} <span id={`${id}-${v.id}`} className="muted">({v.hint})</span>
        </label>
      ))}
    </fieldset>
  );
}
